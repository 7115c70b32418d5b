/* moodplay - loading and validating the int8 model file (.mpm).
 *
 * Mirrors mpm.read_model() check for check, plus the limits in nn-model.h
 * and one check of its own: that no input can overflow an int32
 * accumulator, which lets every kernel path accumulate in 32 bits. */
#include "config.h"

#include "nn/nn-model.h"

#include "base/i18n.h"
#include "nn/nn-kernels.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#define HEADER_SIZE 128
#define LAYER_SIZE 96
#define LABEL_SIZE 16
#define ALIGN 16
#define CRC_OFFSET 20
#define FORMAT_VERSION 1
#define FLAG_FLIP_AVERAGE 1u
#define NAME_SIZE 32

struct nn_model {
	unsigned char
		*file; /* the validated bytes, int32 blobs in host order */
	size_t size;
	char name[NAME_SIZE + 1];
	struct nn_model_info info;
	unsigned input_c;
	uint32_t flags;
	char labels[NN_MAX_CLASSES][LABEL_SIZE];
	struct nn_layer *layers;
	struct nn_packed *packed;
	void *packed_buf;
};

/* The built-in model, placed by src/nn-builtin.S. */
extern const unsigned char nn_builtin_model[];
extern const unsigned char nn_builtin_model_end[];

static const char *const op_names[] = {
	[NN_OP_CONV2D] = "CONV2D",
	[NN_OP_MAXPOOL2D] = "MAXPOOL2D",
	[NN_OP_GLOBAL_AVGPOOL] = "GLOBAL_AVGPOOL",
	[NN_OP_FULLY_CONNECTED] = "FULLY_CONNECTED",
};

const char *nn_op_name(enum nn_op op)
{
	return (unsigned)op < sizeof(op_names) / sizeof(op_names[0]) &&
			       op_names[op] != NULL
		       ? op_names[op]
		       : "?";
}

static uint32_t rd_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static unsigned rd_u16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static int32_t rd_i32(const unsigned char *p)
{
	uint32_t u = rd_u32(p);
	int32_t v;

	memcpy(&v, &u, sizeof(v));
	return v;
}

static float rd_f32(const unsigned char *p)
{
	uint32_t u = rd_u32(p);
	float v;

	memcpy(&v, &u, sizeof(v));
	return v;
}

/* CRC-32 with the zlib polynomial, as zlib.crc32(). */
static uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	static int ready;

	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;

			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
	}
	crc = ~crc;
	while (n--)
		crc = table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
	return ~crc;
}

static uint32_t file_crc(const unsigned char *buf, size_t size)
{
	uint32_t crc = crc32_update(0, buf, CRC_OFFSET);

	return crc32_update(crc, buf + CRC_OFFSET + 4, size - CRC_OFFSET - 4);
}

enum blob { BLOB_WEIGHTS, BLOB_BIAS, BLOB_MULT, BLOB_SHIFT, BLOB_COUNT };
static const char *const blob_names[BLOB_COUNT] = { "weights", "bias", "mult",
						    "shift" };

/* Byte sizes each blob of L must have (0 = absent), as
 * mpm.expected_blob_sizes(); 64-bit so huge shapes cannot wrap. */
static void expected_blob_sizes(const struct nn_layer *L, uint64_t want[])
{
	uint64_t oc = L->out_c, w = 0;

	if (L->op == NN_OP_CONV2D)
		w = oc * L->kernel_h * L->kernel_w * L->in_c;
	else if (L->op == NN_OP_FULLY_CONNECTED)
		w = oc * L->in_c;
	want[BLOB_WEIGHTS] = w;
	want[BLOB_BIAS] = w ? 4 * oc : 0;
	want[BLOB_MULT] = want[BLOB_SHIFT] =
		L->op != NN_OP_MAXPOOL2D ? 4 * oc : 0;
}

static enum mp_status bad(struct mp_error *err, const char *what,
			  const char *fmt, ...) MP_PRINTF(3, 4);

static enum mp_status bad(struct mp_error *err, const char *what,
			  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mp_error_vset(err, MP_EINVAL, fmt, ap);
	va_end(ap);
	mp_error_prefix(err, _("%s: invalid model file"), what);
	return MP_EINVAL;
}

/* The layer record (models/mpm.py): where each field is and how it is
 * stored.  U8 and U16 fill an unsigned member, I32 an int32_t, F32 a
 * float. */
enum rec_kind { U8, U16, I32, F32 };
static const struct {
	unsigned short at;   /* in the record */
	unsigned short kind; /* enum rec_kind */
	size_t member;       /* offsetof(struct nn_layer, ...) */
} layer_record[] = {
#define F(at, kind, m)                                 \
	{                                              \
		at, kind, offsetof(struct nn_layer, m) \
	}
	F(4, U16, in_h),       F(6, U16, in_w),      F(8, U16, in_c),
	F(10, U16, out_h),     F(12, U16, out_w),    F(14, U16, out_c),
	F(16, U8, kernel_h),   F(17, U8, kernel_w),  F(18, U8, stride_h),
	F(19, U8, stride_w),   F(20, U8, pad_top),   F(21, U8, pad_left),
	F(22, U8, pad_bottom), F(23, U8, pad_right), F(24, I32, in_zp),
	F(28, F32, in_scale),  F(32, I32, out_zp),   F(36, F32, out_scale),
	F(40, I32, act_min),   F(44, I32, act_max),
#undef F
};

/* Read layer i's record into L (blobs not yet attached). */
static void parse_layer(const unsigned char *r, struct nn_layer *L)
{
	L->op = (enum nn_op)rd_u16(r);
	for (size_t i = 0; i < sizeof(layer_record) / sizeof(layer_record[0]);
	     i++) {
		const unsigned char *p = r + layer_record[i].at;
		char *m = (char *)L + layer_record[i].member;
		unsigned u;
		int32_t v;
		float f;

		switch (layer_record[i].kind) {
		case U8:
		case U16:
			u = layer_record[i].kind == U8 ? p[0] : rd_u16(p);
			memcpy(m, &u, sizeof(u));
			break;
		case I32:
			v = rd_i32(p);
			memcpy(m, &v, sizeof(v));
			break;
		case F32:
			f = rd_f32(p);
			memcpy(m, &f, sizeof(f));
			break;
		}
	}
}

/* Shape and quantization checks of one layer, given the previous output. */
static enum mp_status check_layer(const struct nn_layer *L, unsigned i,
				  const unsigned shape[3], int32_t zp,
				  float scale, const char *what,
				  struct mp_error *err)
{
	if ((unsigned)L->op >= sizeof(op_names) / sizeof(op_names[0]) ||
	    op_names[L->op] == NULL)
		return bad(err, what, _("layer %u: unknown op %u"), i,
			   (unsigned)L->op);
	if (L->in_h != shape[0] || L->in_w != shape[1] || L->in_c != shape[2])
		return bad(err, what, _("layer %u: input shape mismatch"), i);
	if (L->in_zp != zp || !(L->in_scale == scale))
		return bad(err, what,
			   _("layer %u: input quantization mismatch"), i);
	if (!(-128 <= L->act_min && L->act_min <= L->act_max &&
	      L->act_max <= 127))
		return bad(err, what, _("layer %u: bad clamp range"), i);
	if (L->in_zp < -128 || L->in_zp > 127 || L->out_zp < -128 ||
	    L->out_zp > 127)
		return bad(err, what, _("layer %u: bad zero point"), i);
	if (L->kernel_h == 0 || L->kernel_w == 0 || L->stride_h == 0 ||
	    L->stride_w == 0)
		return bad(err, what, _("layer %u: zero kernel/stride"), i);
	if (L->out_h == 0 || L->out_w == 0 || L->out_c == 0 ||
	    L->out_h > NN_MAX_DIM || L->out_w > NN_MAX_DIM ||
	    L->out_c > NN_MAX_CHANNELS ||
	    (uint64_t)L->out_h * L->out_w * L->out_c > NN_MAX_TENSOR)
		return bad(err, what,
			   _("layer %u: output shape %ux%ux%u out of range"), i,
			   L->out_h, L->out_w, L->out_c);
	if (L->op == NN_OP_CONV2D || L->op == NN_OP_MAXPOOL2D) {
		long oh = ((long)L->in_h + L->pad_top + L->pad_bottom -
			   L->kernel_h) /
				  (long)L->stride_h +
			  1;
		long ow = ((long)L->in_w + L->pad_left + L->pad_right -
			   L->kernel_w) /
				  (long)L->stride_w +
			  1;

		if (L->pad_top >= L->kernel_h || L->pad_bottom >= L->kernel_h ||
		    L->pad_left >= L->kernel_w || L->pad_right >= L->kernel_w)
			return bad(err, what, _("layer %u: padding >= kernel"),
				   i);
		if (L->kernel_h > L->in_h + L->pad_top + L->pad_bottom ||
		    L->kernel_w > L->in_w + L->pad_left + L->pad_right ||
		    oh != (long)L->out_h || ow != (long)L->out_w)
			return bad(err, what,
				   _("layer %u: output size mismatch"), i);
	}
	if (L->op == NN_OP_MAXPOOL2D &&
	    (L->out_c != L->in_c || L->out_zp != L->in_zp ||
	     !(L->out_scale == L->in_scale) ||
	     L->pad_top + L->pad_left + L->pad_bottom + L->pad_right != 0))
		return bad(err, what,
			   _("layer %u: maxpool must keep "
			     "channels/quantization, no padding"),
			   i);
	if (L->op == NN_OP_GLOBAL_AVGPOOL || L->op == NN_OP_FULLY_CONNECTED) {
		if (L->out_h != 1 || L->out_w != 1)
			return bad(err, what, _("layer %u: output must be 1x1"),
				   i);
		if (L->op == NN_OP_GLOBAL_AVGPOOL && L->out_c != L->in_c)
			return bad(err, what, _("layer %u: GAP channels"), i);
		if (L->op == NN_OP_FULLY_CONNECTED &&
		    (L->in_h != 1 || L->in_w != 1))
			return bad(err, what,
				   _("layer %u: FC input must be 1x1"), i);
	}
	return MP_OK;
}

/* Attach and byte-swap the blobs of layer i whose record is r. */
static enum mp_status attach_blobs(struct nn_model *m, struct nn_layer *L,
				   unsigned i, const unsigned char *r,
				   size_t data_start, const char *what,
				   struct mp_error *err)
{
	uint64_t want[BLOB_COUNT];
	const void *ptr[BLOB_COUNT] = { NULL, NULL, NULL, NULL };

	expected_blob_sizes(L, want);
	for (int b = 0; b < BLOB_COUNT; b++) {
		uint32_t off = rd_u32(r + 48 + 8 * b);
		uint32_t size = rd_u32(r + 52 + 8 * b);

		if (size != want[b])
			return bad(err, what, _("layer %u: %s size %u != %llu"),
				   i, blob_names[b], (unsigned)size,
				   (unsigned long long)want[b]);
		if (size == 0) {
			if (off != 0)
				return bad(
					err, what,
					_("layer %u: %s offset without data"),
					i, blob_names[b]);
			continue;
		}
		if (off % ALIGN != 0 || off < data_start ||
		    (uint64_t)off + size > m->size)
			return bad(err, what,
				   _("layer %u: %s blob out of bounds"), i,
				   blob_names[b]);
		if (b != BLOB_WEIGHTS) {
			unsigned char *p = m->file + off;

			for (uint32_t k = 0; k < size; k += 4) {
				int32_t v = rd_i32(p + k);

				memcpy(p + k, &v, 4);
			}
		}
		ptr[b] = m->file + off;
	}
	L->weights = ptr[BLOB_WEIGHTS];
	L->bias = ptr[BLOB_BIAS];
	L->mult = ptr[BLOB_MULT];
	L->shift = ptr[BLOB_SHIFT];
	if (L->shift != NULL)
		for (unsigned c = 0; c < L->out_c; c++)
			if (L->mult[c] < 0 || L->shift[c] < 1 ||
			    L->shift[c] > 62)
				return bad(err, what,
					   _("layer %u: multiplier/shift out "
					     "of range"),
					   i);
	/* |acc| <= 255 * sum|w| + |bias| must fit an int32 (see nn-kernels.h). */
	if (L->weights != NULL) {
		size_t k = want[BLOB_WEIGHTS] / L->out_c;

		for (unsigned c = 0; c < L->out_c; c++) {
			int64_t s = 0;

			for (size_t j = 0; j < k; j++)
				s += abs(L->weights[c * k + j]);
			if (255 * s + llabs((long long)L->bias[c]) > INT32_MAX)
				return bad(err, what,
					   _("layer %u: accumulator of channel "
					     "%u can overflow 32 bits"),
					   i, c);
		}
	}
	return MP_OK;
}

static enum mp_status parse(struct nn_model *m, const char *what,
			    struct mp_error *err)
{
	const unsigned char *h = m->file;
	unsigned ncls, nl;
	uint32_t table_off, labels_off;
	unsigned shape[3];
	int32_t zp;
	float scale;
	size_t data_start;

	if (m->size < HEADER_SIZE)
		return bad(err, what, _("file shorter than header"));
	if (memcmp(h, "MOODPLAY", 8) != 0)
		return bad(err, what, _("bad magic"));
	if (rd_u32(h + 8) != FORMAT_VERSION)
		return bad(err, what, _("unsupported version %u"),
			   (unsigned)rd_u32(h + 8));
	if (rd_u32(h + 12) != HEADER_SIZE || rd_u32(h + 64) != LAYER_SIZE ||
	    rd_u32(h + 72) != LABEL_SIZE)
		return bad(err, what, _("bad header/record/label size"));
	if (rd_u32(h + 16) != m->size)
		return bad(err, what,
			   _("file_size does not match the file length"));
	if (rd_u32(h + 20) != file_crc(h, m->size))
		return bad(err, what, _("CRC mismatch"));
	m->info.input_h = rd_u16(h + 24);
	m->info.input_w = rd_u16(h + 26);
	m->input_c = rd_u16(h + 28);
	ncls = m->info.num_classes = rd_u16(h + 30);
	m->info.pixel_offset = rd_i32(h + 32);
	scale = rd_f32(h + 36);
	zp = rd_i32(h + 40);
	m->info.crop_scale = rd_f32(h + 44);
	m->info.crop_shift_y = rd_f32(h + 48);
	m->flags = rd_u32(h + 52);
	m->info.flip_average = (m->flags & FLAG_FLIP_AVERAGE) != 0;
	m->info.crc = rd_u32(h + 20);
	nl = m->info.num_layers = rd_u32(h + 56);
	table_off = rd_u32(h + 60);
	labels_off = rd_u32(h + 68);
	memcpy(m->name, h + 96, NAME_SIZE);
	m->name[NAME_SIZE] = '\0';
	if (labels_off % ALIGN != 0 ||
	    (uint64_t)labels_off + (uint64_t)ncls * LABEL_SIZE > m->size)
		return bad(err, what, _("bad labels"));
	if (table_off % ALIGN != 0 ||
	    table_off < (uint64_t)labels_off + (uint64_t)ncls * LABEL_SIZE ||
	    (uint64_t)table_off + (uint64_t)nl * LAYER_SIZE > m->size)
		return bad(err, what, _("bad layer table"));
	if (m->info.pixel_offset < -128 || m->info.pixel_offset > 127 - 255)
		return bad(err, what,
			   _("input_pixel_offset maps pixels outside int8"));
	/* Limits of this engine, beyond the format's own checks. */
	if (ncls == 0 || ncls > NN_MAX_CLASSES || nl == 0 || nl > NN_MAX_LAYERS)
		return bad(err, what,
			   ngettext("%u classes, %u layer: out of range",
				    "%u classes, %u layers: out of range", nl),
			   ncls, nl);
	if (m->input_c != 1 || m->info.input_h == 0 || m->info.input_w == 0 ||
	    m->info.input_h > NN_MAX_DIM || m->info.input_w > NN_MAX_DIM)
		return bad(
			err, what,
			ngettext(
				"input %ux%ux%u: need grey, at most %u pixel a "
				"side",
				"input %ux%ux%u: need grey, at most %u pixels "
				"a "
				"side",
				NN_MAX_DIM),
			m->info.input_h, m->info.input_w, m->input_c,
			NN_MAX_DIM);
	for (unsigned i = 0; i < ncls; i++) {
		const unsigned char *l = h + labels_off + i * LABEL_SIZE;

		if (memchr(l, '\0', LABEL_SIZE) == NULL)
			return bad(err, what, _("label %u not NUL-terminated"),
				   i);
		for (const unsigned char *c = l; *c; c++)
			if (*c < 0x20 || *c > 0x7E)
				return bad(err, what,
					   _("label %u is not printable ASCII"),
					   i);
		memcpy(m->labels[i], l, LABEL_SIZE);
	}
	m->layers = calloc(nl, sizeof(*m->layers));
	if (m->layers == NULL)
		return mp_error_set(err, MP_ENOMEM, _("%s: out of memory"),
				    what);
	data_start = table_off + (size_t)nl * LAYER_SIZE;
	shape[0] = m->info.input_h;
	shape[1] = m->info.input_w;
	shape[2] = m->input_c;
	for (unsigned i = 0; i < nl; i++) {
		const unsigned char *r = h + table_off + (size_t)i * LAYER_SIZE;
		struct nn_layer *L = &m->layers[i];
		enum mp_status rc;

		parse_layer(r, L);
		rc = check_layer(L, i, shape, zp, scale, what, err);
		if (rc == MP_OK)
			rc = attach_blobs(m, L, i, r, data_start, what, err);
		if (rc != MP_OK)
			return rc;
		shape[0] = L->out_h;
		shape[1] = L->out_w;
		shape[2] = L->out_c;
		zp = L->out_zp;
		scale = L->out_scale;
	}
	if (shape[0] != 1 || shape[1] != 1 || shape[2] != ncls)
		return bad(err, what,
			   _("last layer must output num_classes logits"));
	return MP_OK;
}

/* Repack conv / FC weights for the SIMD paths this CPU has. */
static enum mp_status pack(struct nn_model *m, const char *what,
			   struct mp_error *err)
{
	size_t total = 0;
	unsigned char *p;

	for (unsigned i = 0; i < m->info.num_layers; i++)
		total += nn_packed_size(&m->layers[i]);
	if (total == 0)
		return MP_OK;
	m->packed = calloc(m->info.num_layers, sizeof(*m->packed));
	m->packed_buf = aligned_alloc(64, (total + 63) / 64 * 64);
	if (m->packed == NULL || m->packed_buf == NULL)
		return mp_error_set(err, MP_ENOMEM, _("%s: out of memory"),
				    what);
	p = m->packed_buf;
	for (unsigned i = 0; i < m->info.num_layers; i++) {
		size_t n = nn_packed_size(&m->layers[i]);

		if (n == 0)
			continue;
		nn_packed_init(&m->packed[i], &m->layers[i], p);
		m->layers[i].packed = &m->packed[i];
		p += n;
	}
	return MP_OK;
}

enum mp_status nn_model_new(const void *data, size_t size, const char *what,
			    struct nn_model **out, struct mp_error *err)
{
	struct nn_model *m;
	enum mp_status rc;

	*out = NULL;
	if (size > NN_MAX_FILE_SIZE)
		return mp_error_set(
			err, MP_EINVAL,
			ngettext("%s: model file too big (%zu byte, limit %u)",
				 "%s: model file too big (%zu bytes, limit %u)",
				 size),
			what, size, NN_MAX_FILE_SIZE);
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return mp_error_set(err, MP_ENOMEM, _("%s: out of memory"),
				    what);
	m->size = size;
	m->file = aligned_alloc(64, (size + 63) / 64 * 64 + 64);
	if (m->file == NULL) {
		free(m);
		return mp_error_set(err, MP_ENOMEM, _("%s: out of memory"),
				    what);
	}
	memcpy(m->file, data, size);
	rc = parse(m, what, err);
	if (rc == MP_OK)
		rc = pack(m, what, err);
	if (rc != MP_OK) {
		nn_model_free(m);
		return rc;
	}
	*out = m;
	return MP_OK;
}

enum mp_status nn_model_load_file(const char *path, struct nn_model **out,
				  struct mp_error *err)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	unsigned char *buf;
	size_t n;
	enum mp_status rc;

	*out = NULL;
	if (f == NULL)
		return mp_error_set(err, errno == ENOENT ? MP_ENOENT : MP_ERR,
				    _("%s: %s"), path, strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return mp_error_set(err, MP_EINVAL, _("%s: not a regular file"),
				    path);
	}
	if ((unsigned long long)st.st_size > NN_MAX_FILE_SIZE) {
		fclose(f);
		return mp_error_set(
			err, MP_EINVAL,
			ngettext(
				"%s: model file too big (%llu byte, limit %u)",
				"%s: model file too big (%llu bytes, limit %u)",
				(unsigned long)st.st_size),
			path, (unsigned long long)st.st_size, NN_MAX_FILE_SIZE);
	}
	/* one byte more than stat said, to notice a file that grew */
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		fclose(f);
		return mp_error_set(err, MP_ENOMEM, _("%s: out of memory"),
				    path);
	}
	n = fread(buf, 1, (size_t)st.st_size + 1, f);
	if (ferror(f))
		rc = mp_error_set(err, MP_ERR, _("%s: read error"), path);
	else
		rc = nn_model_new(buf, n, path, out, err);
	fclose(f);
	free(buf);
	return rc;
}

enum mp_status nn_model_load_builtin(struct nn_model **out,
				     struct mp_error *err)
{
	return nn_model_new(nn_builtin_model,
			    (size_t)(nn_builtin_model_end - nn_builtin_model),
			    _("built-in model"), out, err);
}

enum mp_status nn_model_load(const char *path, struct nn_model **out,
			     struct mp_error *err)
{
	if (path == NULL || path[0] == '\0')
		return nn_model_load_builtin(out, err);
	return nn_model_load_file(path, out, err);
}

void nn_model_free(struct nn_model *m)
{
	if (m == NULL)
		return;
	free(m->packed_buf);
	free(m->packed);
	free(m->layers);
	free(m->file);
	free(m);
}

const char *nn_model_name(const struct nn_model *m)
{
	return m->name;
}
const struct nn_model_info *nn_model_info(const struct nn_model *m)
{
	return &m->info;
}

const char *nn_model_label(const struct nn_model *m, unsigned i)
{
	return m->labels[i];
}

const struct nn_layer *nn_model_layer(const struct nn_model *m, unsigned i)
{
	return &m->layers[i];
}

uint64_t nn_model_macs(const struct nn_model *m)
{
	uint64_t macs = 0;

	for (unsigned i = 0; i < m->info.num_layers; i++) {
		const struct nn_layer *L = &m->layers[i];

		if (L->op == NN_OP_CONV2D)
			macs += (uint64_t)L->out_h * L->out_w * L->out_c *
				L->kernel_h * L->kernel_w * L->in_c;
		else if (L->op == NN_OP_FULLY_CONNECTED)
			macs += (uint64_t)L->out_c * L->in_c;
	}
	return macs;
}
