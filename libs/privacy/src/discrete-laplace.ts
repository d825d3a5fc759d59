/**
 * @module discrete-laplace
 * Exact discrete Laplace sampling, P[X = x] ∝ exp(−|x|/t) for an integer
 * scale t ≥ 1 (Canonne, Kamath, Steinke, NeurIPS 2020, Algorithm 2 with
 * s = 1): a uniform remainder U < t kept with probability exp(−U/t), plus t
 * times a geometric count of Bernoulli(exp(−1)) successes, with a random
 * sign (a negative zero is rejected so 0 is not counted twice).
 */
import { bernoulliExpNegOne, bernoulliExpNegSmall } from './bernoulli';
import { check } from './errors';
import type { RandomBits } from './random-bits';

/** Largest scale kept in exact 32-bit arithmetic (t·V stays a safe integer for any realistic V). */
export const MAX_LAPLACE_SCALE = 2 ** 31;

export function discreteLaplace(t: number, rng: RandomBits): number {
  check(Number.isInteger(t) && t >= 1 && t <= MAX_LAPLACE_SCALE, `discrete Laplace scale ${t} must be an integer in [1, 2^31]`);
  for (;;) {
    const u = rng.below(t);
    if (!bernoulliExpNegSmall(u, t, rng)) continue;
    let v = 0;
    while (bernoulliExpNegOne(rng)) v++;
    const y = u + t * v;
    const negative = rng.bit() === 1;
    if (negative && y === 0) continue;
    return negative ? -y : y;
  }
}
