/**
 * Distributed discrete Gaussian over the real client and coordinator code
 * paths (docs/privacy.md "Modes"), without sockets: each client's update goes
 * through the edge client's `encodeDdgSecureUpdate` (clip → rotate → scale →
 * round → noise → mod 2^bits), the residues are summed in Z_2^32 as the
 * unmasked SecAgg+ sum is, and the coordinator's `ddgAggregateInput` decodes
 * (centre, unscale, unrotate). The summed noise has the variance the job was
 * calibrated for, and with dropouts the variance of the survivors' noise,
 * which is what the ledger charges.
 */
import { RandomBits, seededRandom } from '@fl/privacy';
import type { JobConfig, PrivacyConfig } from '@fl/protocol';
import { encodeDdgSecureUpdate } from '../../apps/edge-client/src/secagg/ddg-update';
import type { TrainOutcome } from '../../apps/edge-client/src/trainers/local-trainer';
import { ddgAggregateInput, ddgEvent, ddgTaskFor, resolveDdg } from '../../apps/coordinator/src/privacy/ddg-params';
import { checkDdgRange } from '../../apps/coordinator/src/privacy/ddg-range-check';
import { charge, newLedger, roundEvent } from '../../apps/coordinator/src/privacy/privacy-ledger';
import { taskPrivacy } from '../../apps/coordinator/src/privacy/round-privacy';
import { seedOf } from './support/seed-of';

const P = 1000;
const layout = [{ name: 'w', shape: [P] }];
const job = { rounds: 3, minClients: 7, clientsPerRound: 10 } as Pick<JobConfig, 'rounds' | 'minClients' | 'clientsPerRound'>;
const base: PrivacyConfig = { mode: 'distributed-ddg', epsilon: 4, delta: 1e-5, noiseMultiplier: 0, clip: 1, samplingRate: 0.5, calibrated: true, orders: 'dp-accounting' };

function setup() {
  const { privacy, problems } = resolveDdg(base, job, P);
  expect(problems).toEqual([]);
  return privacy!;
}

const outcome = (data: Float32Array): TrainOutcome => ({ weights: { layout, data }, numExamples: 1, metrics: { loss: 0, accuracy: 0, examplesProcessed: 1, seconds: 0 }, proximalMu: 0 });

/** The decoded sum of `n` clients' encodings of `update(k)` (Σ in Z_2^32, as unmasking yields it). */
function roundTrip(privacy: PrivacyConfig, n: number, update: (k: number) => Float32Array, seedByte: number): Float64Array {
  const ddg = ddgTaskFor(privacy.ddg!, privacy.clip, 10, seedOf(seedByte, 0));
  const task = { ...taskPrivacy(privacy, { cohort: n, minClients: job.minClients }), ddg };
  const global = { layout, data: new Float32Array(P) };
  const sum = new Uint32Array(ddg.dim);
  for (let k = 0; k < n; k++) {
    const enc = encodeDdgSecureUpdate(global, outcome(update(k)), task, new RandomBits(seededRandom(seedOf(seedByte, k + 1))));
    for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] + enc.values[i]) >>> 0;
  }
  checkDdgRange(sum, ddg, privacy.clip, n); // every honest sum here passes the coordinator's range check (SUM_OUT_OF_RANGE otherwise)
  return ddgAggregateInput(sum, ddg, P, n, 1).deltaSum;
}

function variance(xs: Float64Array[]): number {
  let s = 0;
  let s2 = 0;
  let m = 0;
  for (const x of xs)
    for (const v of x) {
      s += v;
      s2 += v * v;
      m++;
    }
  return s2 / m - (s / m) ** 2;
}

describe('distributed discrete Gaussian: client encode → Z_2^32 sum → coordinator decode', () => {
  const privacy = setup();
  const g = privacy.ddg!;

  it('calibrates σ for the fewest contributors and fits the modulus', () => {
    expect(g.dim).toBe(1024);
    expect(g.minContributors).toBe(7);
    expect(g.localStddev).toBeGreaterThan(1);
    // Planned rounds at the fewest contributors stay within the budget.
    let l = newLedger(privacy);
    for (let t = 0; t < job.rounds; t++) l = charge(l, roundEvent(privacy, g.minContributors));
    expect(l.epsilonSpent).toBeLessThanOrEqual(base.epsilon);
    expect(ddgTaskFor(g, privacy.clip, 10).bits).toBeLessThanOrEqual(32);
  });

  // 200 rounds × 1,000 coordinates: the sample variance’s relative standard error is √(2/200,000) ≈ 0.32 %,
  // so 1 % is 3.2 standard errors (the draws are seeded: the run is repeatable, not flaky).
  it('the summed noise has the target variance n·σ²/s² (within 1 %)', () => {
    const n = 10;
    const runs = Array.from({ length: 200 }, (_, r) => roundTrip(privacy, n, () => new Float32Array(P), r + 1));
    const target = (n * g.localStddev ** 2) / g.scale ** 2;
    expect(variance(runs) / target).toBeGreaterThan(0.99);
    expect(variance(runs) / target).toBeLessThan(1.01);
  });

  it('with dropouts the sum carries only the survivors’ noise, and that is what the round is charged with', () => {
    const survivors = 7;
    const runs = Array.from({ length: 200 }, (_, r) => roundTrip(privacy, survivors, () => new Float32Array(P), 1000 + r));
    const charged = ddgEvent(privacy, survivors);
    expect(charged).toMatchObject({ mechanism: 'distributed-discrete-gaussian', clients: survivors });
    if (charged.mechanism !== 'distributed-discrete-gaussian') throw new Error('unreachable');
    const chargedVariance = (charged.clients * charged.localStddev ** 2) / charged.scale ** 2;
    expect(variance(runs) / chargedVariance).toBeGreaterThan(0.99);
    expect(variance(runs) / chargedVariance).toBeLessThan(1.01);
    // Fewer survivors than planned for 10: a round charged with 7 costs more ε than one with 10.
    const with7 = charge(newLedger(privacy), ddgEvent(privacy, 7)).epsilonSpent;
    const with10 = charge(newLedger(privacy), ddgEvent(privacy, 10)).epsilonSpent;
    expect(with7).toBeGreaterThan(with10);
  });

  it('decodes the clipped sum: the signal survives the chain (noise aside)', () => {
    const noiseless: PrivacyConfig = { ...privacy, ddg: { ...g, localStddev: 0 } };
    // Client k sends a delta of norm 3 along coordinate k (clipped to S = 1) and a small one elsewhere.
    const sum = roundTrip(noiseless, 5, (k) => {
      const x = new Float32Array(P).fill(0.001);
      x[k] = 3;
      return x;
    }, 7);
    for (let k = 0; k < 5; k++) expect(sum[k]).toBeCloseTo(1, 1); // ≈ 3/‖x‖ · 3 ≈ 0.9998
    expect(sum[500]).toBeCloseTo(5 * 0.001 / 3, 1);
  });
});
