import type { PrivacyConfig } from '@fl/protocol';
import { addModular, ddgCountBound, encodeDdgUpdate, fromModular } from '@fl/privacy';
import { SecAggError } from '@fl/secagg';
import { ddgTaskFor, resolveDdg } from './ddg-params';
import { checkDdgRange } from './ddg-range-check';

const S = 0.5;
const P = 300;
const base: PrivacyConfig = { mode: 'distributed-ddg', epsilon: 3, delta: 1e-5, noiseMultiplier: 0, clip: S, samplingRate: 1, calibrated: true, orders: 'dp-accounting' };

/** The round's ring sum in Z_2^32 (what secure aggregation unmasks) of each update through the real client chain; `clips[k]` is what client k clips to. */
function ringSum(n: number, updates: (k: number) => Float64Array, clips: (k: number) => number, countAmplitude?: number) {
  const { privacy } = resolveDdg(base, { rounds: 10, minClients: n, clientsPerRound: n }, P);
  const task = { ...ddgTaskFor(privacy!.ddg!, S, n), ...(countAmplitude ? { countAmplitude } : {}) };
  const sum = new Uint32Array(task.dim + (countAmplitude ? 1 : 0));
  for (let k = 0; k < n; k++) {
    const enc = encodeDdgUpdate(updates(k), { clip: clips(k), scale: task.scale, beta: task.beta, bits: task.bits, seed: Buffer.from(task.seed, 'hex'), localVariance: task.localVariance, countAmplitude });
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

  it('adaptive clipping: an honest count word passes; a count word no clipped client can send fails with SUM_OUT_OF_RANGE (one member cannot steer C)', () => {
    const a = 40;
    const honest = ringSum(5, () => along(S / 2), () => S, a);
    expect(() => checkDdgRange(honest.sum, honest.task, S, 5)).not.toThrow();
    const forged = ringSum(5, () => along(S / 2), () => S, a);
    // One member's count word, chosen so the centred total lands between the honest bound (n·a plus the
    // noise's tail) and the half-modulus, where an unchecked decode would read it as a real count.
    const bound = ddgCountBound({ contributors: 5, countAmplitude: a, localStddev: Math.sqrt(forged.task.localVariance) });
    const half = 2 ** (forged.task.bits - 1);
    expect(bound).toBeLessThan(half);
    const now = fromModular(forged.sum.subarray(forged.task.dim), forged.task.bits)[0];
    forged.sum[forged.task.dim] = (forged.sum[forged.task.dim] + Math.round((bound + half) / 2 - now)) >>> 0;
    expect(() => checkDdgRange(forged.sum, forged.task, S, 5)).toThrow(
      expect.objectContaining({ code: 'SUM_OUT_OF_RANGE', message: expect.stringMatching(/^the adaptive-clipping count word is .* that 5 client\(s\) counting ±40 and their noise reach: a member sent a count it cannot have; the sum is not released$/) }),
    );
  });
});
