/**
 * @module central-noise
 * Trusted-server DP-FedAvg (McMahan, Ramage, Talwar, Zhang, ICLR 2018): the
 * coordinator adds N(0, σ²) with σ = z·S to every coordinate of the sum of
 * clipped updates, which the Poisson-subsampled Gaussian accountant charges
 * (Mironov, Talwar, Zhang 2019). Normals come from the Box–Muller transform
 * over 53-bit uniforms drawn from the CSPRNG (`RandomBits`). Floating-point
 * normals are what the reference DP libraries add too; their known caveat
 * (Mironov, CCS 2012: the low bits of a float sample can leak) is stated in
 * docs/privacy.md. The distributed mode uses the exact discrete Gaussian.
 */
import { check } from './errors';
import { RandomBits } from './random-bits';

const TWO_53 = 2 ** 53;

/** A uniform double in (0, 1]: 53 random bits. */
function uniformOpen0(rng: RandomBits): number {
  const hi = rng.u32() >>> 5; // 27 bits
  const lo = rng.u32() >>> 6; // 26 bits
  return (hi * 67108864 + lo + 1) / TWO_53;
}

/** Adds N(0, stddev²) to every entry of `into`, in place; returns it. */
export function addGaussianNoise(into: Float64Array, stddev: number, rng: RandomBits = new RandomBits()): Float64Array {
  check(Number.isFinite(stddev) && stddev >= 0, `noise stddev ${stddev} must be ≥ 0 and finite`);
  if (stddev === 0) return into;
  for (let i = 0; i < into.length; i += 2) {
    const r = stddev * Math.sqrt(-2 * Math.log(uniformOpen0(rng)));
    const t = 2 * Math.PI * uniformOpen0(rng);
    into[i] += r * Math.cos(t);
    if (i + 1 < into.length) into[i + 1] += r * Math.sin(t);
  }
  return into;
}
