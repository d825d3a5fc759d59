/**
 * @module bench/dgauss-bench
 * `bench dgauss [--dim P] [--sigma S] [--runs R]`: how fast a client draws
 * its distributed-DP noise — P exact discrete Gaussian samples N_Z(0, S²)
 * (Canonne, Kamath, Steinke 2020) from the CSPRNG, R times — and how long the
 * whole client chain of @fl/privacy takes on a P-coordinate update (clip,
 * Hadamard rotation, scale, conditional rounding, noise, mod 2^20). Prints
 * `{"bench":"dgauss","dim":P,"sigma":S,"runs":R,"samplesPerSecond":{median,min,max},
 * "vectorSeconds":{…},"encodeSeconds":{…}}`. No coordinator is started.
 */
import { DiscreteGaussian, RandomBits, encodeDdgUpdate } from '@fl/privacy';
import { intOption, type Benchmark, type OptionValues } from './benchmark';
import { summarize } from './stats';

function sigmaOption(values: OptionValues): number {
  const raw = values.sigma;
  if (raw === undefined) return 50;
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0 || s >= 2 ** 30) throw Object.assign(new Error(`--sigma must be a number in (0, 2^30) (got "${String(raw)}")`), { code: 'USAGE' });
  return s;
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

export const dgaussBench: Benchmark = {
  name: 'dgauss',
  summary: 'exact discrete Gaussian noise and the distributed-DP client chain on one update (no coordinator)',
  usage: '  --dim P        coordinates per vector (default 100000)\n  --sigma S      noise stddev in integer units (default 50)\n  --runs R       repetitions (default 5)',
  options: { dim: { type: 'string' }, sigma: { type: 'string' }, runs: { type: 'string' } },
  async run(values, ctx) {
    const dim = intOption(values, 'dim', 100_000, 1, 1 << 24);
    const runs = intOption(values, 'runs', 5, 1, 100);
    const sigma = sigmaOption(values);
    const rng = new RandomBits();
    const sampler = new DiscreteGaussian(sigma * sigma, rng);
    const out = new Float64Array(dim);
    const vector: number[] = [];
    const encode: number[] = [];
    const update = Float64Array.from({ length: dim }, (_, i) => Math.sin(i) * 1e-3);
    const seed = new Uint8Array(32).fill(1);
    for (let r = 0; r < runs; r++) {
      let t0 = process.hrtime.bigint();
      sampler.fill(out);
      vector.push(seconds(t0));
      t0 = process.hrtime.bigint();
      encodeDdgUpdate(update, { clip: 1, scale: 1000, beta: Math.exp(-0.5), bits: 20, seed, localVariance: sigma * sigma }, rng);
      encode.push(seconds(t0));
      ctx.say(`run ${r + 1}/${runs}: ${Math.round(dim / vector[r])} samples/s, chain ${encode[r].toFixed(3)} s`);
    }
    return {
      bench: 'dgauss',
      dim,
      sigma,
      runs,
      samplesPerSecond: summarize(vector.map((s) => dim / s), 0),
      vectorSeconds: summarize(vector, 4),
      encodeSeconds: summarize(encode, 4),
    };
  },
};
