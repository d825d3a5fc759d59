import type { PrivacyConfig } from '@fl/protocol';
import { addModular, encodeDdgUpdate } from '@fl/privacy';
import { SecAggError } from '@fl/secagg';
import { ddgTaskFor, resolveDdg } from './ddg-params';
import { checkDdgRange } from './ddg-range-check';

const S = 0.5;
const P = 300;
const base: PrivacyConfig = { mode: 'distributed-ddg', epsilon: 3, delta: 1e-5, noiseMultiplier: 0, clip: S, samplingRate: 1, calibrated: true, orders: 'dp-accounting' };

/** The round's ring sum in Z_2^32 (what secure aggregation unmasks) of each update through the real client chain; `clips[k]` is what client k clips to. */
function ringSum(n: number, updates: (k: number) => Float64Array, clips: (k: number) => number) {
  const { privacy } = resolveDdg(base, { rounds: 10, minClients: n, clientsPerRound: n }, P);
  const task = ddgTaskFor(privacy!.ddg!, S, n);
  const sum = new Uint32Array(task.dim);
  for (let k = 0; k < n; k++) {
    const enc = encodeDdgUpdate(updates(k), { clip: clips(k), scale: task.scale, beta: task.beta, bits: task.bits, seed: Buffer.from(task.seed, 'hex'), localVariance: task.localVariance });
    addModular(sum, enc.values, 32); // the secure sum is mod 2^32; 2^bits divides it
  }
  return { sum, task };
}

const along = (norm: number) => new Float64Array(P).fill(norm / Math.sqrt(P));

describe('checkDdgRange (the coordinator end of the range check)', () => {
  it('passes an honest round, every update clipped to S (and the largest honest signal: all aligned)', () => {
    const { sum, task } = ringSum(5, () => along(3 * S), () => S);
    expect(() => checkDdgRange(sum, task, S, 5)).not.toThrow();
  });

  it('refuses a round where one member skipped clipping (a 100× update) with SUM_OUT_OF_RANGE, saying why', () => {
    const { sum, task } = ringSum(5, (k) => along(k === 0 ? 100 * S : S), (k) => (k === 0 ? 100 * S : S));
    let err: unknown;
    try {
      checkDdgRange(sum, task, S, 5);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SecAggError);
    expect(err).toMatchObject({ code: 'SUM_OUT_OF_RANGE', message: expect.stringMatching(/^the decoded sum has L2 norm .* above the .* that 5 clipped client\(s\) and their noise reach .*: a member did not clip its update; the sum is not released$/) });
  });
});
