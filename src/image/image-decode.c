/* moodplay - JPEG (libjpeg-turbo) and PNG (libpng) decoding to greyscale. */
#include "config.h"

#include "image/image-decode.h"
#include "base/i18n.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

/* ------------------------------------------------------------ JPEG */

/* Memory libjpeg may use for a progressive image's coefficients (about
 * 3 bytes a pixel for 4:2:0 colour): 8 megapixels, and a capture's peak
 * memory stays far below 64 MiB. */
#define JPEG_MAX_MEMORY (24L << 20)
/* Rows decoded between two looks at the stop. */
#define ROWS_PER_CHECK 4

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

/* Warnings are not printed; those that mean "data ran out" (the file ends,
 * or a marker comes before the last block: libjpeg then pads the image
 * with grey) make the decode fail. */
static void jpeg_fail_message(j_common_ptr cinfo, int level)
{
	struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;

	if (level < 0 && (cinfo->err->msg_code == JWRN_JPEG_EOF ||
			  cinfo->err->msg_code == JWRN_HIT_MARKER)) {
		f->truncated = true;
		cinfo->err->format_message(cinfo, f->msg);
	}
}

static bool is_jpeg(const uint8_t *b, size_t n)
{
	return n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
}

/* Refuse a size from a header before any work: over max_dimension a side,
 * or over max_pixels in all. */
static enum mp_status check_size(const char *kind, unsigned w, unsigned h,
				 const struct image_limits *lim,
				 struct mp_error *err)
{
	if (w > (unsigned)lim->max_dimension ||
	    h > (unsigned)lim->max_dimension)
		return mp_error_set(
			err, MP_ENOMEM,
			ngettext("%s of %ux%u pixels is over the limit of "
				 "%d pixel a side",
				 "%s of %ux%u pixels is over the limit of "
				 "%d pixels a side",
				 lim->max_dimension),
			kind, w, h, lim->max_dimension);
	if ((size_t)w * h > lim->max_pixels)
		return mp_error_set(
			err, MP_ENOMEM,
			ngettext("%s of %ux%u pixels is over the %zu "
				 "pixel left for this capture",
				 "%s of %ux%u pixels is over the %zu "
				 "pixels left for this capture",
				 lim->max_pixels),
			kind, w, h, lim->max_pixels);
	return MP_OK;
}

/* The largest n/8 (libjpeg's DCT scaling) that brings both sides within
 * max_side; 8 when there is no limit or it fits already. */
static unsigned jpeg_scale(unsigned w, unsigned h, int max_side)
{
	unsigned n = 8;

	if (max_side <= 0)
		return n;
	while (n > 1 && ((w * n + 7) / 8 > (unsigned)max_side ||
			 (h * n + 7) / 8 > (unsigned)max_side))
		n--;
	return n;
}

static enum mp_status decode_jpeg(const uint8_t *buf, size_t len,
				  const struct image_limits *lim,
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
	rc = check_size("JPEG", cinfo.image_width, cinfo.image_height, lim,
			err);
	if (rc != MP_OK) {
		jpeg_destroy_decompress(&cinfo);
		return rc;
	}
	/* Grey straight from the luma channel: no chroma work, and the same
	 * pixels OpenCV's imread(IMREAD_GRAYSCALE) gives. */
	cinfo.out_color_space = JCS_GRAYSCALE;
	cinfo.scale_num = jpeg_scale(cinfo.image_width, cinfo.image_height,
				     lim->max_side);
	cinfo.scale_denom = 8;
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

		if (cinfo.output_scanline % ROWS_PER_CHECK == 0 &&
		    (rc = stop_check(lim->stop, err)) != MP_OK) {
			jpeg_destroy_decompress(&cinfo);
			image_free(im);
			return rc;
		}
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

/* Memory ancillary chunks (text, ICC profiles) may take while read. */
#define PNG_CHUNK_MAX (1L << 20)
/* Interlaced PNGs are read whole before they are reduced: at most this
 * many bytes of decoded rows. */
#define PNG_INTERLACED_MAX ((size_t)16 << 20)

struct png_mem {
	const uint8_t *buf;
	size_t len, pos;
};

struct png_fail {
	char msg[200];
};

static void png_read_mem(png_structp png, png_bytep out, size_t n)
{
	struct png_mem *m = png_get_io_ptr(png);

	if (n > m->len - m->pos)
		png_error(png, "the data ends early");
	memcpy(out, m->buf + m->pos, n);
	m->pos += n;
}

static void png_fail_exit(png_structp png, png_const_charp msg)
{
	struct png_fail *f = png_get_error_ptr(png);

	snprintf(f->msg, sizeof(f->msg), "%s", msg);
	png_longjmp(png, 1);
}

static void png_fail_warn(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* Rows of a w x h PNG averaged k x k into an image, as they arrive. */
struct png_reduce {
	struct image *im;
	unsigned w, k, channels;
	uint32_t *sum; /* one output row's sums; NULL when k == 1 */
	unsigned rows; /* source rows in sum */
	int y;         /* next output row */
};

/* One source row (8-bit, channels 1-4) to grey: BT.601 luma in 14-bit
 * fixed point, OpenCV's cvtColor(RGB2GRAY) weights; alpha over black. */
static void png_grey(const uint8_t *in, unsigned w, unsigned channels,
		     uint8_t *out)
{
	for (unsigned x = 0; x < w; x++, in += channels) {
		unsigned v = channels >= 3 ? (in[0] * 4899u + in[1] * 9617u +
					      in[2] * 1868u + 8192u) >>
						     14
					   : in[0];

		if (channels == 2 || channels == 4)
			v = (v * in[channels - 1] + 127) / 255;
		out[x] = (uint8_t)v;
	}
}

static void png_reduce_row(struct png_reduce *r, uint8_t *row, bool last)
{
	uint8_t *out = r->im->px + (size_t)r->y * r->im->stride;

	if (r->k == 1) {
		png_grey(row, r->w, r->channels, out);
		r->y++;
		return;
	}
	/* Grey in place: the row is at least w bytes. */
	png_grey(row, r->w, r->channels, row);
	for (unsigned x = 0; x < r->w; x++)
		r->sum[x / r->k] += row[x];
	if (++r->rows < r->k && !last)
		return;
	for (int x = 0; x < r->im->w; x++) {
		unsigned cols = r->w - (unsigned)x * r->k < r->k
					? r->w - (unsigned)x * r->k
					: r->k;
		unsigned n = cols * r->rows;

		out[x] = (uint8_t)((r->sum[x] + n / 2) / n);
		r->sum[x] = 0;
	}
	r->rows = 0;
	r->y++;
}

static enum mp_status decode_png(const uint8_t *buf, size_t len,
				 const struct image_limits *lim,
				 struct image **out, struct mp_error *err)
{
	struct png_mem mem = { buf, len, 0 };
	struct png_fail fail = { "" };
	struct png_reduce red;
	png_structp png;
	png_infop info = NULL;
	uint8_t *volatile rows = NULL;
	struct image *volatile im = NULL;
	uint32_t *volatile sum = NULL;
	png_uint_32 w, h;
	int depth, color, interlace;
	volatile unsigned k = 1;
	size_t rowbytes;
	volatile enum mp_status rc = MP_OK;

	memset(&red, 0, sizeof(red));
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &fail,
				     png_fail_exit, png_fail_warn);
	if (png != NULL)
		info = png_create_info_struct(png);
	if (info == NULL) {
		png_destroy_read_struct(&png, NULL, NULL);
		return mp_error_set(err, MP_ENOMEM, _("out of memory"));
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_read_struct(&png, &info, NULL);
		free(rows);
		free(sum);
		image_free(im);
		if (rc != MP_OK)
			return rc;
		return mp_error_set(err, MP_EINVAL, _("bad PNG: %s"), fail.msg);
	}
	png_set_read_fn(png, &mem, png_read_mem);
	png_set_chunk_malloc_max(png, PNG_CHUNK_MAX);
	png_read_info(png, info);
	png_get_IHDR(png, info, &w, &h, &depth, &color, &interlace, NULL, NULL);
	if ((rc = check_size("PNG", w, h, lim, err)) != MP_OK)
		png_longjmp(png, 1);
	if (color == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(png);
	if (color == PNG_COLOR_TYPE_GRAY && depth < 8)
		png_set_expand_gray_1_2_4_to_8(png);
	if (png_get_valid(png, info, PNG_INFO_tRNS))
		png_set_tRNS_to_alpha(png);
	if (depth == 16)
		png_set_scale_16(png);
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
	red.channels = png_get_channels(png, info);
	rowbytes = png_get_rowbytes(png, info);
	if (lim->max_side > 0)
		while ((w + k - 1) / k > (unsigned)lim->max_side ||
		       (h + k - 1) / k > (unsigned)lim->max_side)
			k++;
	if (interlace != PNG_INTERLACE_NONE &&
	    rowbytes * h > PNG_INTERLACED_MAX) {
		rc = mp_error_set(err, MP_ENOMEM,
				  _("interlaced PNG of %ux%u pixels is too "
				    "big to reduce"),
				  (unsigned)w, (unsigned)h);
		png_longjmp(png, 1);
	}
	{
		struct image *tmp;

		rc = image_new((int)((w + k - 1) / k), (int)((h + k - 1) / k),
			       &tmp, err);
		if (rc != MP_OK)
			png_longjmp(png, 1);
		im = tmp;
	}
	red.im = im;
	red.w = w;
	red.k = k;
	if (k > 1) {
		sum = calloc((size_t)im->w, sizeof(*sum));
		red.sum = sum;
	}
	rows = malloc(interlace != PNG_INTERLACE_NONE ? rowbytes * h
						      : rowbytes);
	if (rows == NULL || (k > 1 && sum == NULL)) {
		rc = mp_error_set(err, MP_ENOMEM,
				  _("out of memory for a %ux%u image"),
				  (unsigned)w, (unsigned)h);
		png_longjmp(png, 1);
	}
	if (interlace != PNG_INTERLACE_NONE) {
		png_bytep *rp = png_malloc(png, h * sizeof(*rp));

		for (png_uint_32 y = 0; y < h; y++)
			rp[y] = rows + (size_t)y * rowbytes;
		png_read_image(png, rp);
		png_free(png, rp);
	}
	for (png_uint_32 y = 0; y < h; y++) {
		uint8_t *row = rows;

		if (y % ROWS_PER_CHECK == 0 &&
		    (rc = stop_check(lim->stop, err)) != MP_OK)
			png_longjmp(png, 1);
		if (interlace != PNG_INTERLACE_NONE)
			row = rows + (size_t)y * rowbytes;
		else
			png_read_row(png, row, NULL);
		png_reduce_row(&red, row, y + 1 == h);
	}
	png_destroy_read_struct(&png, &info, NULL);
	free(rows);
	free(sum);
	*out = im;
	return MP_OK;
}

/* ------------------------------------------------------------ dispatch */

static const struct image_format {
	bool (*sniff)(const uint8_t *buf, size_t len);
	bool exif; /* may carry an EXIF orientation */
	enum mp_status (*decode)(const uint8_t *buf, size_t len,
				 const struct image_limits *lim,
				 struct image **out, struct mp_error *err);
} formats[] = {
	{ is_jpeg, true, decode_jpeg },
	{ is_png, false, decode_png },
};

enum mp_status image_decode_limited(const uint8_t *buf, size_t len,
				    const struct image_limits *limits,
				    struct image **out, struct mp_error *err)
{
	struct image_limits lim = *limits;
	enum mp_status rc;

	*out = NULL;
	if (lim.max_dimension > IMAGE_MAX_DIMENSION)
		lim.max_dimension = IMAGE_MAX_DIMENSION;
	if (len == 0)
		return mp_error_set(err, MP_EINVAL, _("empty image (0 bytes)"));
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (!formats[i].sniff(buf, len))
			continue;
		rc = formats[i].decode(buf, len, &lim, out, err);
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
	return mp_error_set(
		err, MP_EINVAL,
		ngettext("not a JPEG or PNG image (%zu byte starting "
			 "%02x %02x %02x %02x)",
			 "not a JPEG or PNG image (%zu bytes starting "
			 "%02x %02x %02x %02x)",
			 len),
		len, buf[0], len > 1 ? buf[1] : 0, len > 2 ? buf[2] : 0,
		len > 3 ? buf[3] : 0);
}

bool image_probe(const uint8_t *buf, size_t len, unsigned *w, unsigned *h)
{
	size_t i = 2;

	if (is_png(buf, len)) {
		if (len < 24 || memcmp(buf + 12, "IHDR", 4) != 0)
			return false;
		*w = get32(buf + 16, false);
		*h = get32(buf + 20, false);
		return true;
	}
	if (!is_jpeg(buf, len))
		return false;
	/* Marker segments up to a start of frame (SOF0-15 but DHT, JPG and
	 * DAC), which holds the size. */
	while (i + 9 <= len && buf[i] == 0xFF) {
		unsigned m = buf[i + 1];
		size_t seg = (size_t)buf[i + 2] << 8 | buf[i + 3];

		if (m == 0xFF) {
			i++;
			continue;
		}
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 &&
		    m != 0xCC) {
			*h = get16(buf + i + 5, false);
			*w = get16(buf + i + 7, false);
			return true;
		}
		if (m == 0xDA || m == 0xD9 || seg < 2)
			return false;
		i += 2 + seg;
	}
	return false;
}

enum mp_status image_decode(const uint8_t *buf, size_t len, int max_dimension,
			    struct image **out, struct mp_error *err)
{
	struct image_limits lim = { max_dimension, 0, SIZE_MAX, NULL };

	return image_decode_limited(buf, len, &lim, out, err);
}
