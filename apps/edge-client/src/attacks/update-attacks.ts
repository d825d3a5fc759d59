/**
 * @module attacks/update-attacks
 * The poisoned updates of the attack benchmark (docs/robust-aggregation.md
 * "Attack benchmark"), as pure functions of the global model x_t and the
 * honest training result x_k (Δ = x_k − x_t):
 *
 * - sign flip: x_t − λ·Δ, λ = 10 (the scaled sign-flipping attack of
 *   Li et al., "RSA", AAAI 2019; Fang et al., USENIX Security 2020);
 * - huge: 1e30 in every coordinate, claiming 2^53 − 1 examples (the attack of
 *   README "Bounded influence");
 * - noise: x_t + N(0, σ²·I) with σ = 1 per coordinate, an update of norm
 *   about √P (the Gaussian Byzantine worker of Blanchard et al., NeurIPS 2017);
 * - label flip: honest training on labels y ↦ C − 1 − y (Tolpegin et al.,
 *   "Data Poisoning Attacks Against Federated Learning Systems", ESORICS 2020).
 */
import type { ModelWeights } from '@fl/fl-core';

export const SIGN_FLIP_SCALE = 10;
export const HUGE_VALUE = 1e30;
/** 2^53 − 1: the largest example count a JSON number carries exactly. */
export const HUGE_CLAIM = Number.MAX_SAFE_INTEGER;
export const NOISE_SIGMA = 1;

/** x_t − scale·(x_k − x_t). */
export function signFlipped(global: ModelWeights, trained: ModelWeights, scale = SIGN_FLIP_SCALE): ModelWeights {
  const g = global.data;
  const t = trained.data;
  if (t.length !== g.length) throw new Error(`trained weights have ${t.length} values, the global model ${g.length}`);
  return { layout: global.layout, data: Float32Array.from(g, (v, i) => v - scale * (t[i] - v)) };
}

/** Every coordinate `value`. */
export function hugeWeights(global: ModelWeights, value = HUGE_VALUE): ModelWeights {
  return { layout: global.layout, data: new Float32Array(global.data.length).fill(value) };
}

/** x_t + N(0, σ²·I), deterministic for `seed` (xorshift32 and Box–Muller; not for secrets). */
export function gaussianNoise(global: ModelWeights, seed: number, sigma = NOISE_SIGMA): ModelWeights {
  let s = (seed ^ 0x2545f491) >>> 0 || 1;
  const uniform = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 1) / 4294967297; // (0, 1)
  };
  const g = global.data;
  const out = new Float32Array(g.length);
  for (let i = 0; i < out.length; i += 2) {
    const r = sigma * Math.sqrt(-2 * Math.log(uniform()));
    const a = 2 * Math.PI * uniform();
    out[i] = g[i] + r * Math.cos(a);
    if (i + 1 < out.length) out[i + 1] = g[i + 1] + r * Math.sin(a);
  }
  return { layout: global.layout, data: out };
}

/** Labels y ↦ C − 1 − y (a new array; features shared). */
export function flippedLabels<D extends { y: Int32Array; numClasses: number }>(ds: D): D {
  return { ...ds, y: Int32Array.from(ds.y, (y) => ds.numClasses - 1 - y) };
}
