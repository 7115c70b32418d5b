/* moodplay - JPEG (libjpeg-turbo) and PNG (libpng) decoding to greyscale. */
#include "config.h"

#include "image/image-decode.h"
#include "base/i18n.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

/* ------------------------------------------------------------ JPEG */

/* Memory libjpeg may use for a progressive image's coefficients: enough
 * for 8192x8192 4:2:0, the default capture.max_dimension. */
#define JPEG_MAX_MEMORY (256L << 20)

struct jpeg_fail {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
	bool truncated;
	char msg[JMSG_LENGTH_MAX];
};

/* libjpeg's default error_exit calls exit(): jump back instead. */
static void jpeg_fail_exit(j_common_ptr cinfo)
{
	struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;

	cinfo->err->format_message(cinfo, f->msg);
	longjmp(f->jump, 1);
}

/* Warnings are not printed; the one that means "data ran out" (libjpeg then
 * pads the image with grey) makes the decode fail. */
static void jpeg_fail_message(j_common_ptr cinfo, int level)
{
	struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;

	if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) {
		f->truncated = true;
		cinfo->err->format_message(cinfo, f->msg);
	}
}

static bool is_jpeg(const uint8_t *b, size_t n)
{
	return n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
}

static enum mp_status decode_jpeg(const uint8_t *buf, size_t len, int maxdim,
				  struct image **out, struct mp_error *err)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_fail jerr;
	struct image *volatile im = NULL;
	enum mp_status rc;

	memset(&jerr, 0, sizeof(jerr));
	cinfo.err = jpeg_std_error(&jerr.pub);
	jerr.pub.error_exit = jpeg_fail_exit;
	jerr.pub.emit_message = jpeg_fail_message;
	if (setjmp(jerr.jump)) {
		bool mem = jerr.pub.msg_code == JERR_NO_BACKING_STORE ||
			   jerr.pub.msg_code == JERR_OUT_OF_MEMORY;

		jpeg_destroy_decompress(&cinfo);
		image_free(im);
		if (mem)
			return mp_error_set(
				err, MP_ENOMEM,
				_("JPEG needs more than %d MiB to decode"),
				(int)(JPEG_MAX_MEMORY >> 20));
		return mp_error_set(err, MP_EINVAL, _("bad JPEG: %s"),
				    jerr.msg);
	}
	jpeg_create_decompress(&cinfo);
	/* Progressive JPEGs buffer every coefficient; without a backing
	 * store, libjpeg refuses (an error, not a crash) beyond this. */
	cinfo.mem->max_memory_to_use = JPEG_MAX_MEMORY;
	jpeg_mem_src(&cinfo, buf, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);
	if (cinfo.image_width > (unsigned)maxdim ||
	    cinfo.image_height > (unsigned)maxdim) {
		rc = mp_error_set(err, MP_ENOMEM,
				  _("JPEG of %ux%u pixels is over the limit of "
				    "%d pixels a side"),
				  cinfo.image_width, cinfo.image_height,
				  maxdim);
		jpeg_destroy_decompress(&cinfo);
		return rc;
	}
	/* Grey straight from the luma channel: no chroma work, and the same
	 * pixels OpenCV's imread(IMREAD_GRAYSCALE) gives. */
	cinfo.out_color_space = JCS_GRAYSCALE;
	jpeg_start_decompress(&cinfo);
	{
		struct image *tmp;

		rc = image_new((int)cinfo.output_width,
			       (int)cinfo.output_height, &tmp, err);
		if (rc != MP_OK) {
			jpeg_destroy_decompress(&cinfo);
			return rc;
		}
		im = tmp;
	}
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW row =
			im->px + (size_t)cinfo.output_scanline * im->stride;

		jpeg_read_scanlines(&cinfo, &row, 1);
		if (jerr.truncated)
			break;
	}
	if (jerr.truncated) {
		jpeg_destroy_decompress(&cinfo);
		image_free(im);
		return mp_error_set(err, MP_EINVAL, _("bad JPEG: %s"),
				    jerr.msg);
	}
	jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	*out = im;
	return MP_OK;
}

/* ------------------------------------------------------------ EXIF */

static unsigned get16(const uint8_t *p, bool le)
{
	return le ? (unsigned)(p[0] | p[1] << 8) : (unsigned)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p, bool le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 |
			       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		  : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
			       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Orientation tag (0x0112) of the first IFD of a TIFF block. */
static int tiff_orientation(const uint8_t *t, size_t n)
{
	bool le;
	uint32_t ifd;
	unsigned count;

	if (n < 8 ||
	    !((t[0] == 'I' && t[1] == 'I') || (t[0] == 'M' && t[1] == 'M')))
		return 1;
	le = t[0] == 'I';
	ifd = get32(t + 4, le);
	if (ifd > n - 2)
		return 1;
	count = get16(t + ifd, le);
	for (unsigned i = 0; i < count; i++) {
		size_t e = ifd + 2 + (size_t)i * 12;
		unsigned v;

		if (e + 12 > n)
			return 1;
		if (get16(t + e, le) != 0x0112 || get16(t + e + 2, le) != 3)
			continue;
		v = get16(t + e + 8, le);
		return v >= 1 && v <= 8 ? (int)v : 1;
	}
	return 1;
}

int image_exif_orientation(const uint8_t *buf, size_t len)
{
	size_t i = 2;

	if (!is_jpeg(buf, len))
		return 1;
	/* Marker segments up to the start of scan, where EXIF would be. */
	while (i + 4 <= len && buf[i] == 0xFF) {
		unsigned m = buf[i + 1];
		size_t seg = (size_t)buf[i + 2] << 8 | buf[i + 3];

		if (m == 0xDA || m == 0xD9 || seg < 2 || i + 2 + seg > len)
			break;
		if (m == 0xE1 && seg >= 8 &&
		    memcmp(buf + i + 4, "Exif\0\0", 6) == 0)
			return tiff_orientation(buf + i + 10, seg - 8);
		i += 2 + seg;
	}
	return 1;
}

/* Where output pixel (x, y) of an upright w x h image comes from in the
 * stored image (sw x sh), per EXIF orientation. */
static void orient_src(int o, int x, int y, int sw, int sh, int *sx, int *sy)
{
	switch (o) {
	case 2:
		*sx = sw - 1 - x;
		*sy = y;
		break;
	case 3:
		*sx = sw - 1 - x;
		*sy = sh - 1 - y;
		break;
	case 4:
		*sx = x;
		*sy = sh - 1 - y;
		break;
	case 5:
		*sx = y;
		*sy = x;
		break;
	case 6:
		*sx = y;
		*sy = sh - 1 - x;
		break;
	case 7:
		*sx = sw - 1 - y;
		*sy = sh - 1 - x;
		break;
	case 8:
		*sx = sw - 1 - y;
		*sy = x;
		break;
	default:
		*sx = x;
		*sy = y;
		break;
	}
}

static enum mp_status apply_orientation(int o, struct image **im,
					struct mp_error *err)
{
	struct image *src = *im, *dst;
	bool swap = o >= 5;
	enum mp_status rc;

	if (o <= 1)
		return MP_OK;
	rc = image_new(swap ? src->h : src->w, swap ? src->w : src->h, &dst,
		       err);
	if (rc != MP_OK)
		return rc;
	for (int y = 0; y < dst->h; y++)
		for (int x = 0; x < dst->w; x++) {
			int sx, sy;

			orient_src(o, x, y, src->w, src->h, &sx, &sy);
			dst->px[(size_t)y * dst->stride + x] =
				src->px[(size_t)sy * src->stride + sx];
		}
	image_free(src);
	*im = dst;
	return MP_OK;
}

size_t image_jpeg_length(const uint8_t *buf, size_t len)
{
	size_t i = 2;

	if (!is_jpeg(buf, len))
		return 0;
	while (i + 2 <= len) {
		unsigned m;
		size_t seg;

		if (buf[i] != 0xFF)
			return 0;
		m = buf[i + 1];
		if (m == 0xFF) { /* fill byte */
			i++;
			continue;
		}
		if (m == 0xD9)
			return i + 2;
		if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
			i += 2;
			continue;
		}
		if (i + 4 > len)
			return 0;
		seg = (size_t)buf[i + 2] << 8 | buf[i + 3];
		if (seg < 2 || i + 2 + seg > len)
			return 0;
		i += 2 + seg;
		if (m != 0xDA)
			continue;
		/* Entropy-coded data: runs to the next marker that is neither
		 * a stuffed 0xFF00 nor a restart marker. */
		while (i + 1 < len) {
			if (buf[i] == 0xFF && buf[i + 1] != 0 &&
			    !(buf[i + 1] >= 0xD0 && buf[i + 1] <= 0xD7))
				break;
			i++;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ PNG */

static bool is_png(const uint8_t *b, size_t n)
{
	return n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static enum mp_status decode_png(const uint8_t *buf, size_t len, int maxdim,
				 struct image **out, struct mp_error *err)
{
	png_image png;
	png_color black = { 0, 0, 0 };
	bool grey;
	uint8_t *rgb;
	struct image *im;
	enum mp_status rc;

	memset(&png, 0, sizeof(png));
	png.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&png, buf, len))
		return mp_error_set(err, MP_EINVAL, _("bad PNG: %s"),
				    png.message);
	if (png.width > (png_uint_32)maxdim ||
	    png.height > (png_uint_32)maxdim) {
		rc = mp_error_set(err, MP_ENOMEM,
				  _("PNG of %ux%u pixels is over the limit of "
				    "%d pixels a side"),
				  (unsigned)png.width, (unsigned)png.height,
				  maxdim);
		png_image_free(&png);
		return rc;
	}
	rc = image_new((int)png.width, (int)png.height, &im, err);
	if (rc != MP_OK) {
		png_image_free(&png);
		return rc;
	}
	grey = (png.format & PNG_FORMAT_FLAG_COLOR) == 0;
	png.format = grey ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
	rgb = grey ? im->px : malloc((size_t)im->w * (size_t)im->h * 3);
	if (rgb == NULL) {
		png_image_free(&png);
		image_free(im);
		return mp_error_set(err, MP_ENOMEM,
				    _("out of memory for a %dx%d image"), im->w,
				    im->h);
	}
	if (!png_image_finish_read(&png, &black, rgb, 0, NULL)) {
		rc = mp_error_set(err, MP_EINVAL, _("bad PNG: %s"),
				  png.message);
		png_image_free(&png);
		if (!grey)
			free(rgb);
		image_free(im);
		return rc;
	}
	if (!grey) {
		/* ITU-R BT.601 luma in 14-bit fixed point, OpenCV's
		 * cvtColor(RGB2GRAY) weights. */
		for (size_t i = 0, n = (size_t)im->w * (size_t)im->h; i < n;
		     i++)
			im->px[i] =
				(uint8_t)((rgb[3 * i] * 4899u +
					   rgb[3 * i + 1] * 9617u +
					   rgb[3 * i + 2] * 1868u + 8192u) >>
					  14);
		free(rgb);
	}
	*out = im;
	return MP_OK;
}

/* ------------------------------------------------------------ dispatch */

static const struct image_format {
	bool (*sniff)(const uint8_t *buf, size_t len);
	bool exif; /* may carry an EXIF orientation */
	enum mp_status (*decode)(const uint8_t *buf, size_t len, int maxdim,
				 struct image **out, struct mp_error *err);
} formats[] = {
	{ is_jpeg, true, decode_jpeg },
	{ is_png, false, decode_png },
};

enum mp_status image_decode(const uint8_t *buf, size_t len, int max_dimension,
			    struct image **out, struct mp_error *err)
{
	int maxdim = max_dimension < IMAGE_MAX_DIMENSION ? max_dimension
							 : IMAGE_MAX_DIMENSION;
	enum mp_status rc;

	*out = NULL;
	if (len == 0)
		return mp_error_set(err, MP_EINVAL, _("empty image (0 bytes)"));
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (!formats[i].sniff(buf, len))
			continue;
		rc = formats[i].decode(buf, len, maxdim, out, err);
		if (rc == MP_OK && formats[i].exif) {
			rc = apply_orientation(image_exif_orientation(buf, len),
					       out, err);
			if (rc != MP_OK) {
				image_free(*out);
				*out = NULL;
			}
		}
		return rc;
	}
	return mp_error_set(err, MP_EINVAL,
			    _("not a JPEG or PNG image (%zu bytes starting "
			      "%02x %02x %02x %02x)"),
			    len, buf[0], len > 1 ? buf[1] : 0,
			    len > 2 ? buf[2] : 0, len > 3 ? buf[3] : 0);
}
