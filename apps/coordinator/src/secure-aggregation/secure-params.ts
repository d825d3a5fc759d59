/**
 * @module secure-aggregation/secure-params
 * What a secure round needs before advertise-keys, from the job's
 * `secureAggregation` settings and the cohort:
 * - (k, t): `graph: 'auto'` takes SecAgg+'s choice for the cohort size, the
 *   expected dropout ρ and corruption γ (Bell et al. §6, conditions 1–2;
 *   σ and η of `DEFAULT_SECAGG_POLICY`); `complete` is Bonawitz et al. (k = n − 1) with
 *   t = max(⌊2n/3⌋ + 1, ⌊(n + n_C)/2⌋ + 1) (active) — see libs/secagg/README.md;
 * - the encoding (docs/secure-aggregation.md "Encoding"): b = 31 − ⌈log2 n⌉ bits (`encodingBits`) so
 *   n·(2^b − 1) < 2^31 and at least half the ring lies beyond the honest range,
 *   the clip bound, and ŵ = the largest example count in the cohort, so that
 *   w = n_k/ŵ ≤ 1 reproduces FedAvg's weights exactly.
 */
import type { SecureAggregationConfig, SecureTaskParams } from '@fl/protocol';
import { chooseSecAggParams, encodingBits, completeGraphParams, createQuantizer, DEFAULT_SECAGG_POLICY, type QuantizerParams, type SecAggParams } from '@fl/secagg';

/** Fewest clients a secure round can run with. */
export const MIN_SECURE_COHORT = 3;

export function secAggParamsFor(n: number, s: SecureAggregationConfig): SecAggParams {
  const options = { model: s.threatModel };
  const { sigma, eta } = DEFAULT_SECAGG_POLICY; // the security targets edge clients check against
  return s.graph === 'complete' ? completeGraphParams(n, s.expectedDropout, s.corruption, eta, options) : chooseSecAggParams(n, s.expectedDropout, s.corruption, sigma, eta, options);
}

export interface SecureEncoding {
  task: SecureTaskParams;
  quantizer: QuantizerParams;
}

/** The encoding for a cohort of `n` with largest example count `maxExamples`, for `params` model parameters. */
export function secureEncoding(s: SecureAggregationConfig, n: number, maxExamples: number, params: number): SecureEncoding {
  const bits = encodingBits(n);
  const quantizer = createQuantizer(s.clip, n, bits);
  return {
    quantizer,
    task: { threatModel: s.threatModel, clip: s.clip, bits, nMax: n, weightCap: Math.max(1, maxExamples), vectorLength: params + 1 },
  };
}
