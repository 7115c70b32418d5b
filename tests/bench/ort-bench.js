// Single-thread, batch-1 latency of ONNX Runtime (fp32, CPU) on an ONNX
// model with a [N,1,48,48] input.  Usage: node ort-bench.js ORT_DIR MODEL MS
// (ORT_DIR: where "npm install --ignore-scripts onnxruntime-node" put
// node_modules).  Prints "ort <version> <median us> <min us>".
'use strict';
const path = require('path');

async function main() {
  const [ortDir, model, ms] = process.argv.slice(2);
  const ort = require(path.join(ortDir, 'node_modules', 'onnxruntime-node'));
  const version = require(path.join(ortDir, 'node_modules', 'onnxruntime-node',
                                    'package.json')).version;
  const sess = await ort.InferenceSession.create(model, {
    intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const x = new Float32Array(48 * 48);
  for (let i = 0; i < x.length; i++) x[i] = ((i * 37) % 256 - 128) / 128;
  const feeds = { [sess.inputNames[0]]: new ort.Tensor('float32', x, [1, 1, 48, 48]) };
  for (let i = 0; i < 50; i++) await sess.run(feeds);
  const times = [];
  const end = process.hrtime.bigint() + BigInt(Number(ms) * 1e6);
  while (process.hrtime.bigint() < end) {
    const t = process.hrtime.bigint();
    await sess.run(feeds);
    times.push(Number(process.hrtime.bigint() - t) / 1e3);
  }
  times.sort((a, b) => a - b);
  console.log(`ort\t${version}\t${times[times.length >> 1].toFixed(1)}\t${times[0].toFixed(1)}`);
}

main().catch((e) => { console.error(`ort-bench: ${e.message}`); process.exit(1); });
