#!/bin/sh
# make bench-nn: the int8 engine's single-thread latency per face (one
# forward pass, batch 1) on each kernel path, against ONNX Runtime fp32 and
# PyTorch fp32 running the same network, with GMAC/s and the fraction of the
# CPU's int8 peak measured by bench-nn's own vpdpbusd / vpmaddwd loops.
# Markdown on stdout, also written to bench-nn.md.
#
# Usage: bench-nn.sh BENCH-PROGRAM TOP_SRCDIR
# ONNX Runtime comes from $MOODPLAY_ORT_DIR (default ~/.cache/moodplay/ort):
#   npm install --prefix ~/.cache/moodplay/ort --ignore-scripts onnxruntime-node
# The network is models/*.onnx, or a random-weight MoodNet exported on the fly.
set -eu
bench=$1
top=$2
ms=${BENCH_MS:-3000}
ort_dir=${MOODPLAY_ORT_DIR:-$HOME/.cache/moodplay/ort}
py=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/moodplay-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

"$bench" --ms "$ms" >"$tmp/nn.txt"
onnx=
for f in "$top"/models/*.onnx; do [ -f "$f" ] && onnx=$f && break; done
if [ -z "$onnx" ] && "$py" "$top/tests/bench/onnx-export.py" "$top/models" "$tmp/moodnet.onnx" \
	>/dev/null 2>"$tmp/export.err"; then
	onnx=$tmp/moodnet.onnx
fi
if [ -n "$onnx" ] && [ -d "$ort_dir/node_modules/onnxruntime-node" ]; then
	node "$top/tests/bench/ort-bench.js" "$ort_dir" "$onnx" "$ms" >>"$tmp/nn.txt" ||
		echo "bench-nn: ONNX Runtime failed" >&2
else
	echo "bench-nn: no ONNX Runtime in $ort_dir (or no ONNX model); see $0" >&2
fi
"$py" "$top/tests/bench/torch-bench.py" "$top/models" "$ms" >>"$tmp/nn.txt" ||
	echo "bench-nn: PyTorch ($py) failed" >&2

awk -F '\t' -v onnx="${onnx##*/}" '
$1 == "peak" { peak[$2] = $3 }
$1 == "model" { name = $2; macs = $3 }
$1 == "path" { n++; row[n] = $2; us[$2] = $3; kind[$2] = "int8" }
$1 == "ort" || $1 == "torch" { n++; row[n] = $1; us[$1] = $3; ver[$1] = $2; kind[$1] = "fp32" }
$1 == "layer" { layer[$2, $3] = $0; nl = $3 + 1 > nl ? $3 + 1 : nl }
function ratio(a, b) { return us[b] > 0 ? sprintf("%.2fx", us[b] / us[a]) : "n/a" }
END {
	label["scalar"] = "moodplay int8, scalar C"
	label["avx2"] = "moodplay int8, AVX2"
	label["avx512vnni"] = "moodplay int8, AVX-512 VNNI"
	label["ort"] = "ONNX Runtime " ver["ort"] " fp32 (" onnx ")"
	label["torch"] = "PyTorch " ver["torch"] " fp32"
	printf "\n### Expression model, one face (48x48), batch 1, one thread\n\n"
	printf "Network %s, %.1fM MACs per pass.  Measured int8 peak of this core:", name, macs / 1e6
	for (p in peak) printf " %s %.0f GMAC/s;", p, peak[p]
	printf "\n\n| engine | us/face (median) | GMAC/s | vs ONNX Runtime | vs PyTorch | of int8 peak |\n"
	printf "|---|---:|---:|---:|---:|---:|\n"
	for (i = 1; i <= n; i++) {
		r = row[i]
		pk = (r in peak) ? sprintf("%.0f%%", 100 * macs / us[r] / 1e3 / peak[r]) : "-"
		printf "| %s | %.1f | %.1f | %s | %s | %s |\n", label[r], us[r], macs / us[r] / 1e3,
			("ort" in us) ? ratio(r, "ort") : "n/a", ("torch" in us) ? ratio(r, "torch") : "n/a", pk
	}
	best = ("avx512vnni" in us) ? "avx512vnni" : ("avx2" in us) ? "avx2" : "scalar"
	printf "\nPer layer on the %s path, layer by layer (whole passes fuse conv + max pool; median us; share of the int8 peak):\n\n", best
	printf "| # | op | MACs | us | GMAC/s | of peak |\n|---:|---|---:|---:|---:|---:|\n"
	for (l = 0; l < nl; l++) {
		split(layer[best, l], f, "\t")
		pk = (f[5] > 0 && (best in peak)) ? sprintf("%.0f%%", 100 * f[7] / peak[best]) : "-"
		printf "| %d | %s | %d | %.1f | %.1f | %s |\n", l, f[4], f[5], f[6], f[7], pk
	}
}' "$tmp/nn.txt" | tee bench-nn.md
