/**
 * @module bench/train-bench
 * `bench train`: local-training throughput of the NIID-Bench simple CNN
 * (`niid-cnn`, 44,426 parameters) at batch B, samples per second, with the
 * platform's real loop on the default TF.js backend and with the same model,
 * optimiser and loop in PyTorch on CPU (`apps/tools/bench/train_torch.py`),
 * one after the other in one run, on the same seeded random data size.
 * PyTorch runs with `--threads` intra-op threads (default 1: the wasm
 * backend runs on one thread in Node).
 *
 * Last line: `{"samplesPerSecond","pytorchSamplesPerSecond","ratio"}` (ratio =
 * TF.js / PyTorch; null PyTorch fields when PyTorch is absent). The line
 * before it is the detail: `{"bench":"train","model","batch","examples",
 * "epochs","backend","pytorchThreads","tfjsConvMs","pytorchConvMs",…}`, with
 * `"pytorchError"` when PyTorch is absent and, with a ratio below 0.5, the
 * backend bound: from one forward + backward of conv1 and of conv2 alone at
 * the batch size in each framework (c_tf, c_pt) and PyTorch's time per batch
 * (b_pt), `"backendBound"` = b_pt / (b_pt − c_pt + c_tf), the ratio TF.js
 * would reach if everything but its conv kernels were as fast as PyTorch's,
 * and `"tfjsConvShare"` = c_tf / TF.js's time per batch.
 */
import { intOption, type Benchmark } from './benchmark';
import { runTfjsTrain } from './train/tfjs-train-loop';
import { runTorch } from './train/torch-runner';

const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

const convSum = (c: { conv1: number; conv2: number }) => c.conv1 + c.conv2;

/** How far the conv kernels alone explain the gap (see the module comment). */
export function backendBound(batch: number, tfjs: { samplesPerSecond: number; convMs: { conv1: number; conv2: number } }, torch: { samplesPerSecond: number; convMs: { conv1: number; conv2: number } }) {
  const batchPt = (1000 * batch) / torch.samplesPerSecond;
  const batchTf = (1000 * batch) / tfjs.samplesPerSecond;
  return {
    backendBound: r3(batchPt / (batchPt - convSum(torch.convMs) + convSum(tfjs.convMs))),
    tfjsConvShare: r3(convSum(tfjs.convMs) / batchTf),
    msPerBatch: { tfjs: r3(batchTf), pytorch: r3(batchPt) },
  };
}

export const trainBench: Benchmark = {
  name: 'train',
  summary: 'samples/s of local training of the NIID-Bench CNN: TF.js (default backend) vs PyTorch (CPU)',
  usage: [
    '  --batch B         batch size                                   (default 64)',
    '  --examples N      examples per epoch                           (default 4096)',
    '  --epochs E        timed epochs, after a 4-batch warm-up        (default 2)',
    '  --threads T       PyTorch intra-op threads                     (default 1)',
  ].join('\n'),
  options: { batch: { type: 'string' }, examples: { type: 'string' }, epochs: { type: 'string' }, threads: { type: 'string' } },
  async run(values, ctx) {
    const batch = intOption(values, 'batch', 64, 1, 4096);
    const examples = intOption(values, 'examples', 4096, batch, 1_000_000);
    const epochs = intOption(values, 'epochs', 2, 1, 100);
    const threads = intOption(values, 'threads', 1, 1, 256);
    ctx.say(`TF.js: niid-cnn, ${examples} examples × ${epochs} epochs, batch ${batch} …`);
    const tfjs = await runTfjsTrain({ examples, epochs, batch, seed: 1 });
    ctx.say(`TF.js (${tfjs.backend}): ${tfjs.samplesPerSecond.toFixed(0)} samples/s; conv fwd+bwd ${tfjs.convMs.conv1.toFixed(2)} / ${tfjs.convMs.conv2.toFixed(2)} ms`);
    ctx.say(`PyTorch: the same loop, ${threads} thread(s) …`);
    const torch = await runTorch({ examples, epochs, batch, threads });
    if (torch.result) ctx.say(`PyTorch ${torch.result.torch}: ${torch.result.samplesPerSecond.toFixed(0)} samples/s; conv fwd+bwd ${torch.result.convMs.conv1.toFixed(2)} / ${torch.result.convMs.conv2.toFixed(2)} ms`);
    else ctx.say(`PyTorch: not measured (${torch.reason})`);
    const t = torch.result;
    const ratio = t ? tfjs.samplesPerSecond / t.samplesPerSecond : null;
    const detail = {
      bench: 'train',
      model: 'niid-cnn',
      batch,
      examples,
      epochs,
      backend: tfjs.backend,
      pytorchThreads: t ? t.threads : null,
      tfjsConvMs: { conv1: r3(tfjs.convMs.conv1), conv2: r3(tfjs.convMs.conv2) },
      pytorchConvMs: t ? { conv1: r3(t.convMs.conv1), conv2: r3(t.convMs.conv2) } : null,
      ...(ratio !== null && ratio < 0.5 && t ? backendBound(batch, tfjs, t) : {}),
      ...(t ? {} : { pytorchError: torch.reason }),
      tfjsSeconds: r3(tfjs.seconds),
      pytorchSeconds: t ? r3(t.seconds) : null,
      pytorchVersion: t ? t.torch : null,
    };
    ctx.say(JSON.stringify(detail));
    return {
      samplesPerSecond: r2(tfjs.samplesPerSecond),
      pytorchSamplesPerSecond: t ? r2(t.samplesPerSecond) : null,
      ratio: ratio === null ? null : r3(ratio),
    };
  },
};
