import { bernoulliExpNeg, bernoulliExpNegSmall } from './bernoulli';
import { discreteLaplace } from './discrete-laplace';
import { RandomBits, seededRandom } from './random-bits';

/** Thrown when a run asks for a draw beyond the scripted prefix. */
class NeedDraw {
  constructor(readonly n: number) {}
}

/** Replays a fixed prefix of uniform draws; asking for more throws `NeedDraw(n)`. */
class ScriptedBits extends RandomBits {
  private at = 0;
  constructor(private readonly script: readonly number[]) {
    super(() => {
      throw new Error('no bytes in a scripted source');
    });
  }
  override below(n: number): number {
    if (this.at < this.script.length) return this.script[this.at++];
    throw new NeedDraw(n);
  }
  override belowBig(n: bigint): bigint {
    return BigInt(this.below(Number(n)));
  }
  override bit(): number {
    return this.below(2);
  }
}

/**
 * The exact output distribution of a sampler driven by uniform draws: explores every sequence of
 * draws (depth first), weighting each by Π 1/n, until the unexplored mass is below `eps`.
 * Returns P[output = v] for each v seen and the unexplored mass.
 */
function exactDistribution<T>(run: (rng: RandomBits) => T, eps = 1e-12): { p: Map<T, number>; rest: number } {
  const p = new Map<T, number>();
  let rest = 0;
  const visit = (script: number[], mass: number) => {
    if (mass < eps) {
      rest += mass;
      return;
    }
    try {
      const v = run(new ScriptedBits(script));
      p.set(v, (p.get(v) ?? 0) + mass);
    } catch (e) {
      if (!(e instanceof NeedDraw)) throw e;
      for (let i = 0; i < e.n; i++) visit([...script, i], mass / e.n);
    }
  };
  visit([], 1);
  return { p, rest };
}

describe('Bernoulli(exp(−γ)) (Canonne, Kamath, Steinke 2020, Algorithm 1): exact probabilities', () => {
  it.each([
    [0, 1],
    [1, 2],
    [1, 1],
    [2, 3],
    [3, 2],
  ])('γ = %p/%p: P[1] = exp(−γ), by exhausting the draws (unexplored mass < 1e-7)', (n, d) => {
    for (const sampler of [(r: RandomBits) => bernoulliExpNegSmall(n, d, r), (r: RandomBits) => bernoulliExpNeg(BigInt(n), BigInt(d), r)]) {
      const { p, rest } = exactDistribution(sampler);
      expect(rest).toBeLessThan(1e-7);
      const p1 = p.get(true) ?? 0;
      // The explored mass brackets the exact probability: p1 ≤ exp(−γ) ≤ p1 + rest.
      expect(p1).toBeLessThanOrEqual(Math.exp(-n / d) + 1e-15);
      expect(Math.exp(-n / d)).toBeLessThanOrEqual(p1 + rest + 1e-15);
    }
  });

  it('discrete Laplace of scale t: frequencies match (1 − e^{−1/t})/(1 + e^{−1/t})·e^{−|x|/t} (seeded, 200k draws)', () => {
    const rng = new RandomBits(seededRandom(new Uint8Array(32).fill(3)));
    for (const t of [1, 3]) {
      const counts = new Map<number, number>();
      const n = 100000;
      for (let i = 0; i < n; i++) {
        const x = discreteLaplace(t, rng);
        counts.set(x, (counts.get(x) ?? 0) + 1);
      }
      const c = (1 - Math.exp(-1 / t)) / (1 + Math.exp(-1 / t));
      for (const x of [-2, -1, 0, 1, 2]) {
        const p = c * Math.exp(-Math.abs(x) / t);
        const sd = Math.sqrt((p * (1 - p)) / n);
        expect(Math.abs((counts.get(x) ?? 0) / n - p)).toBeLessThan(5 * sd);
      }
    }
  });

  it('refuses a negative exponent or zero denominator', () => {
    const rng = new RandomBits();
    expect(() => bernoulliExpNeg(-1n, 2n, rng)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => bernoulliExpNeg(1n, 0n, rng)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});
