/* moodplay fuzz target - whole captured images through decode, face
 * detection and crop (snapshot_process without a classifier), as a capture
 * would feed them: a burst of frames, reduced to a small working size,
 * under a pixel budget and a deadline.  The cascade is a two-stump Haar
 * cascade that fires often, so grouping and cropping run too.  Needs
 * libxml2 at run time (src/base/dynlib.c loads it). */
#include "config.h"

#include "base/error.h"
#include "base/stop.h"
#include "conf/conf.h"
#include "face/face-cascade.h"
#include "fuzz.h"
#include "snapshot/snapshot.h"

#include <stdlib.h>
#include <string.h>

static const char cascade_xml[] =
	"<?xml version=\"1.0\"?>"
	"<opencv_storage>"
	"<cascade "
	"type_id=\"opencv-cascade-classifier\"><stageType>BOOST</stageType>"
	"<featureType>HAAR</featureType>"
	"<height>24</height>"
	"<width>24</width>"
	"<stageParams>"
	"<maxWeakCount>2</maxWeakCount></stageParams>"
	"<featureParams>"
	"<maxCatCount>0</maxCatCount></featureParams>"
	"<stageNum>1</stageNum>"
	"<stages>"
	"<_>"
	"<maxWeakCount>2</maxWeakCount>"
	"<stageThreshold>-5.0425500869750977e+00</stageThreshold>"
	"<weakClassifiers>"
	"<_>"
	"<internalNodes>"
	"0 -1 0 -3.1511999666690826e-02</internalNodes>"
	"<leafValues>"
	"2.0875380039215088e+00 -2.2172100543975830e+00</leafValues></_>"
	"<_>"
	"<internalNodes>"
	"0 -1 1 1.2396000325679779e-02</internalNodes>"
	"<leafValues>"
	"-1.8633940219879150e+00 "
	"1.3272049427032471e+00</leafValues></_></weakClassifiers></_></stages>"
	"<features>"
	"<_>"
	"<rects>"
	"<_>"
	"6 4 12 9 -1.</_>"
	"<_>"
	"6 7 12 3 3.</_></rects></_>"
	"<_>"
	"<rects>"
	"<_>"
	"6 4 12 7 -1.</_>"
	"<_>"
	"10 4 4 7 3.</_></rects></_></features></cascade>"
	"</opencv_storage>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct face_cascade *cascade;
	static struct conf *conf;
	struct snapshot_opts o;
	struct snapshot_result r;
	struct mp_error err = { 0 };
	struct stop stop;

	if (cascade == NULL) {
		conf = conf_new();
		if (face_cascade_load_buffer("fuzz.xml", cascade_xml,
					     strlen(cascade_xml), NULL,
					     &cascade, &err) != MP_OK)
			abort();
	}
	conf->capture.frames = 4;
	conf->face.min_size = 24;
	conf->face.min_neighbors = 1;
	snapshot_opts_from_conf(&o, conf, 1.2, 0.1, 48, 48);
	/* Small limits keep each input fast; the code paths are the same. */
	o.work_side = 160;
	o.max_pixels = (size_t)2048 * 2048;
	stop_init(&stop, 2.0, "capture.timeout", NULL, NULL);
	o.stop = &stop;
	o.face.threads = 1;
	snapshot_process(cascade, data, size, &o, NULL, NULL, 0, &r, &err);
	if (r.has_face &&
	    (r.crop == NULL || r.crop->w != 48 || r.face.w <= 0 ||
	     r.image == NULL || r.image->w > 160 || r.image->h > 160))
		abort();
	snapshot_result_clear(&r);
	return 0;
}
