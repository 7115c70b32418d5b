/* Benchmark of the int8 engine: single-thread latency of one forward pass
 * (batch 1) on every kernel path this CPU has, per layer, and the CPU's
 * measured int8 multiply-accumulate peak (a register-only vpdpbusd /
 * vpmaddwd loop), so achieved GMAC/s can be put against it.
 *
 * Usage: bench-nn [--model FILE] [--ms N]
 * Prints tab-separated lines for tests/bench/bench-nn.sh:
 *   peak <isa> <gmacs>
 *   model <name> <macs>
 *   path <isa> <us per pass median> <us min> <gmacs>
 *   layer <isa> <index> <op> <macs> <us median> <gmacs>
 * Passes are timed as in use; layers one by one, so without the fusions
 * the engine makes when nobody looks at the intermediate outputs. */
#include "config.h"

#include "nn/nn-model.h"
#include "nn/nn-run.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#define MAX_RUNS 100000

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#if defined(__x86_64__) && defined(__GNUC__)
/* Register-only loops in assembly (the compiler would add moves): 24
 * independent vpdpbusd (64 MACs each) / 12 vpmaddwd + vpaddd (16 MACs)
 * per iteration, enough to cover latency times throughput. */
#define R4(op, a, b, c)                                                      \
	op " " a ", " b ", %%" c "0\n\t" op " " a ", " b ", %%" c "1\n\t" op \
	   " " a ", " b ", %%" c "2\n\t" op " " a ", " b ", %%" c "3\n\t"

__attribute__((target("avx512f,avx512bw,avx512vnni"))) static double
peak_vnni(long iters)
{
	long n = iters;
	double t = now_us();

	__asm__ volatile(
		"vpternlogd $0xff, %%zmm30, %%zmm30, %%zmm30\n\t"
		"vpabsb %%zmm30, %%zmm31\n\t"
		"1:\n\t" R4("vpdpbusd", "%%zmm30", "%%zmm31", "zmm")
			R4("vpdpbusd", "%%zmm30", "%%zmm31",
			   "zmm1") "vpdpbusd %%zmm30, %%zmm31, %%zmm4\n\t"
				   "vpdpbusd %%zmm30, %%zmm31, %%zmm5\n\t"
				   "vpdpbusd %%zmm30, %%zmm31, %%zmm6\n\t"
				   "vpdpbusd %%zmm30, %%zmm31, %%zmm7\n\t"
				   "vpdpbusd %%zmm30, %%zmm31, %%zmm8\n\t"
				   "vpdpbusd %%zmm30, %%zmm31, %%zmm9\n\t" R4(
					   "vpdpbusd", "%%zmm30", "%%zmm31",
					   "zmm2") "vpdpbusd %%zmm30, %%zmm31, "
						   "%%zmm14\n\t"
						   "vpdpbusd %%zmm30, %%zmm31, "
						   "%%zmm15\n\t"
						   "vpdpbusd %%zmm30, %%zmm31, "
						   "%%zmm16\n\t"
						   "vpdpbusd %%zmm30, %%zmm31, "
						   "%%zmm17\n\t"
						   "vpdpbusd %%zmm30, %%zmm31, "
						   "%%zmm18\n\t"
						   "vpdpbusd %%zmm30, %%zmm31, "
						   "%%zmm19\n\t"
						   "dec %0\n\t"
						   "jnz 1b\n\t"
						   "vzeroupper\n\t"
		: "+r"(n)
		:
		: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
		  "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
		  "xmm14", "xmm15", "xmm16", "xmm17", "xmm18", "xmm19", "xmm20",
		  "xmm21", "xmm22", "xmm23", "xmm30", "xmm31", "cc");
	return iters * 24.0 * 64 / (now_us() - t) / 1e3;
}

/* acc += vpmaddwd(a, b) through a temporary */
#define MA(acc, tmp)                                  \
	"vpmaddwd %%ymm14, %%ymm15, %%ymm" tmp "\n\t" \
	"vpaddd %%ymm" tmp ", %%ymm" acc ", %%ymm" acc "\n\t"

__attribute__((target("avx2"))) static double peak_avx2(long iters)
{
	long n = iters;
	double t = now_us();

	__asm__ volatile(
		"vpcmpeqd %%ymm14, %%ymm14, %%ymm14\n\t"
		"vpabsw %%ymm14, %%ymm15\n\t"
		"1:\n\t" MA("0", "6") MA("1", "7") MA("2", "8") MA("3", "9")
			MA("4", "10") MA("5", "11") MA("0", "6") MA("1", "7")
				MA("2", "8") MA("3", "9") MA("4", "10")
					MA("5", "11") "dec %0\n\t"
						      "jnz 1b\n\t"
						      "vzeroupper\n\t"
		: "+r"(n)
		:
		: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
		  "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm14", "xmm15",
		  "cc");
	return iters * 12.0 * 16 / (now_us() - t) / 1e3;
}
#endif

#if defined(__x86_64__) && defined(__GNUC__)
/* The best of many short bursts, like the median pass timed below: a long
 * loop would measure the other processes sharing the core too. */
static double best_of(double (*peak)(long))
{
	double best = 0;

	for (int i = 0; i < 300; i++) {
		double v = peak(20000);

		best = v > best ? v : best;
	}
	return best;
}
#endif

struct lt {
	double t0;
	double *per_layer; /* [layer * MAX_RUNS + run] */
	unsigned run;
};

static void stamp(void *ud, unsigned layer, const int8_t *out, size_t n)
{
	struct lt *l = ud;
	double t = now_us();

	l->per_layer[(size_t)layer * MAX_RUNS + l->run] = t - l->t0;
	l->t0 = t;
}

static uint64_t layer_macs(const struct nn_layer *L)
{
	if (L->op == NN_OP_CONV2D)
		return (uint64_t)L->out_h * L->out_w * L->out_c * L->kernel_h *
		       L->kernel_w * L->in_c;
	if (L->op == NN_OP_FULLY_CONNECTED)
		return (uint64_t)L->out_c * L->in_c;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "ms", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *model_path = NULL;
	double budget_ms = 1500;
	struct nn_model *m;
	struct mp_error err = { 0 };
	uint8_t *px;
	size_t npx;
	unsigned nl;
	double *runs;
	struct lt lt;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'm')
			model_path = optarg;
		else if (c == 't')
			budget_ms = atof(optarg);
		else
			return 2;
	}
	if (nn_model_load(model_path, &m, &err) != MP_OK) {
		fprintf(stderr, "bench-nn: %s\n", err.msg);
		return 1;
	}
#if defined(__x86_64__) && defined(__GNUC__)
	if (nn_isa_supported(NN_ISA_AVX512VNNI))
		printf("peak\tavx512vnni\t%.1f\n", best_of(peak_vnni));
	if (nn_isa_supported(NN_ISA_AVX2))
		printf("peak\tavx2\t%.1f\n", best_of(peak_avx2));
#endif
	nl = nn_model_info(m)->num_layers;
	printf("model\t%s\t%llu\n", nn_model_name(m),
	       (unsigned long long)nn_model_macs(m));
	npx = (size_t)nn_model_info(m)->input_h * nn_model_info(m)->input_w;
	px = malloc(npx);
	runs = malloc(sizeof(double) * MAX_RUNS);
	lt.per_layer = malloc(sizeof(double) * MAX_RUNS * nl);
	if (px == NULL || runs == NULL || lt.per_layer == NULL)
		return 1;
	for (size_t i = 0; i < npx; i++)
		px[i] = (uint8_t)(i * 37 + (i / 48) * 11);
	for (int isa = 0; isa < NN_ISA_COUNT; isa++) {
		struct nn_scratch *s;
		double start, t;
		unsigned n = 0;

		if (!nn_isa_supported((enum nn_isa)isa) ||
		    nn_scratch_new(m, (enum nn_isa)isa, &s, &err) != MP_OK)
			continue;
		for (int w = 0; w < 20; w++)
			nn_forward(m, s, px, NULL, NULL);
		/* whole passes as in use (fused layers), then layer by layer */
		start = now_us();
		do {
			t = now_us();
			nn_forward(m, s, px, NULL, NULL);
			runs[n++] = now_us() - t;
		} while (n < MAX_RUNS &&
			 (now_us() - start) < budget_ms * 1e3 / 2);
		qsort(runs, n, sizeof(double), cmp_double);
		printf("path\t%s\t%.1f\t%.1f\t%.1f\n", nn_isa_names[isa],
		       runs[n / 2], runs[0],
		       nn_model_macs(m) / runs[n / 2] / 1e3);
		n = 0;
		start = now_us();
		do {
			lt.run = n++;
			lt.t0 = now_us();
			nn_forward(m, s, px, stamp, &lt);
		} while (n < MAX_RUNS &&
			 (now_us() - start) < budget_ms * 1e3 / 2);
		for (unsigned l = 0; l < nl; l++) {
			const struct nn_layer *L = nn_model_layer(m, l);
			double *v = lt.per_layer + (size_t)l * MAX_RUNS;

			qsort(v, n, sizeof(double), cmp_double);
			printf("layer\t%s\t%u\t%s\t%llu\t%.2f\t%.1f\n",
			       nn_isa_names[isa], l, nn_op_name(L->op),
			       (unsigned long long)layer_macs(L), v[n / 2],
			       layer_macs(L) / v[n / 2] / 1e3);
		}
		nn_scratch_free(s);
	}
	free(lt.per_layer);
	free(runs);
	free(px);
	nn_model_free(m);
	return 0;
}
