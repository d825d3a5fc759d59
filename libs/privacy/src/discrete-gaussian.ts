/**
 * @module discrete-gaussian
 * Exact discrete Gaussian sampling, P[X = x] ∝ exp(−x²/(2σ²)) on the
 * integers, for a rational σ² (Canonne, Kamath, Steinke, "The Discrete
 * Gaussian for Differential Privacy", NeurIPS 2020, Algorithm 3): with
 * t = ⌊σ⌋ + 1, draw Y from the discrete Laplace of scale t and accept it with
 * probability exp(−(|Y| − σ²/t)²/(2σ²)). The acceptance exponent is the
 * rational (|Y|·t·d − n)² / (2·n·d·t²) for σ² = n/d, so every decision is
 * made in integer arithmetic from the random source (the CSPRNG by default).
 */
import { bernoulliExpNeg } from './bernoulli';
import { discreteLaplace, MAX_LAPLACE_SCALE } from './discrete-laplace';
import { check } from './errors';
import { RandomBits } from './random-bits';
import { isqrt, rational, type Rational } from './rational';

export class DiscreteGaussian {
  /** σ² exactly. */
  readonly variance: Rational;
  /** The Laplace scale t = ⌊σ⌋ + 1. */
  readonly laplaceScale: number;
  private readonly tTimesDen: bigint;
  private readonly acceptDen: bigint;

  /** `variance`: σ² > 0 as a number (taken exactly) or a Rational. */
  constructor(
    variance: number | Rational,
    private readonly rng: RandomBits = new RandomBits(),
  ) {
    this.variance = rational(variance);
    const { num, den } = this.variance;
    check(num > 0n, 'discrete Gaussian variance must be > 0');
    const t = isqrt(num / den) + 1n;
    check(t <= BigInt(MAX_LAPLACE_SCALE), `discrete Gaussian σ must be below 2^31`);
    this.laplaceScale = Number(t);
    this.tTimesDen = t * den;
    this.acceptDen = 2n * num * den * t * t;
  }

  /** One exact sample. */
  sample(): number {
    const { num } = this.variance;
    for (;;) {
      const y = discreteLaplace(this.laplaceScale, this.rng);
      const diff = BigInt(Math.abs(y)) * this.tTimesDen - num;
      if (bernoulliExpNeg(diff * diff, this.acceptDen, this.rng)) return y;
    }
  }

  /** Fills `out` with independent samples (integers stored exactly in doubles) and returns it. */
  fill(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.sample();
    return out;
  }
}

/** `count` independent samples of N_Z(0, σ²). */
export function discreteGaussianVector(variance: number | Rational, count: number, rng: RandomBits = new RandomBits()): Float64Array {
  check(Number.isInteger(count) && count >= 0, `sample count ${count} must be an integer ≥ 0`);
  return new DiscreteGaussian(variance, rng).fill(new Float64Array(count));
}
