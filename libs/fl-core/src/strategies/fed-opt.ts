/**
 * @module strategies/fed-opt
 * FedOpt base — Reddi, Charles, Zaheer, Garrett, Rush, Konečný, Kumar,
 * McMahan, "Adaptive Federated Optimization", ICLR 2021 (arXiv 2003.00295),
 * Algorithm 2.
 *
 * Per coordinate, with Δ_t the aggregated update:
 * ```
 * m_t = β1·m_{t−1} + (1 − β1)·Δ_t
 * v_t = secondMoment(v_{t−1}, Δ_t²)          (FedAdagrad / FedYogi / FedAdam)
 * x_{t+1} = x_t + η·m_t / (√v_t + τ)
 * ```
 * Variant implemented: the paper's, **no bias correction**, m_0 = 0 and
 * v_0 = τ² (not Flower's v_0 = 0 with Adam bias correction; tuned values do
 * not transfer between the two).
 *
 * Deliberate deviation: Δ_t is the *weighted* mean update (weights w_k =
 * fedAvgWeight(n_k), n_k = local training examples) rather than the paper's
 * plain mean, so every strategy consumes the same `AggregateInput`.
 *
 * State: tensors `m` and `v` (Float32, one entry per parameter) and step t;
 * persist them atomically with the model. Arithmetic is Float64; m, v and x
 * are stored as Float32, and each round starts from the stored values, so a
 * save/restore changes nothing.
 */
import type { StrategyName } from '@fl/protocol';
import type { AggregateInput } from '../aggregation/aggregate-input';
import { meanDelta } from '../aggregation/mean';
import { AggregationError } from '../errors/aggregation-error';
import { assertNoProblems } from '../errors/invalid-argument-error';
import { firstNonFinite } from '../weights/finite';
import type { ModelWeights } from '../weights/model-weights';
import { checkAggregateArgs } from './check-input';
import type { AggregateResult, ClientHyper, Strategy, StrategyState } from './strategy';
import { checkStep, requireTensor } from './strategy-state';
import { optionProblems } from './option-ranges';

export interface FedOptOptions {
  /** Server learning rate η > 0. */
  serverLearningRate: number;
  /** First-moment decay β1 ∈ [0, 1). */
  beta1: number;
  /** Second-moment decay β2 ∈ [0, 1) (unused by FedAdagrad). */
  beta2: number;
  /** Adaptivity τ > 0; also v_0 = τ². */
  tau: number;
}

export function fedOptProblems(o: FedOptOptions): string[] {
  return optionProblems({ serverLearningRate: o.serverLearningRate, beta1: o.beta1, beta2: o.beta2, tau: o.tau });
}

export abstract class FedOpt implements Strategy {
  abstract readonly name: StrategyName;
  readonly needsIndividualUpdates = false;
  readonly options: Readonly<FedOptOptions>;

  protected constructor(options: FedOptOptions) {
    assertNoProblems(new.target.name, fedOptProblems(options));
    this.options = Object.freeze({ ...options });
  }

  /** v_t from v_{t−1} and Δ_t² for one coordinate. */
  protected abstract secondMoment(vPrev: number, deltaSquared: number): number;

  clientHyper(): ClientHyper {
    return { proximalMu: 0 };
  }

  initState(global: ModelWeights): StrategyState {
    const n = global.data.length;
    const { tau } = this.options;
    return { step: 0, tensors: { m: new Float32Array(n), v: new Float32Array(n).fill(tau * tau) } };
  }

  aggregate(global: ModelWeights, input: AggregateInput, state: StrategyState): AggregateResult {
    checkStep(state);
    const n = checkAggregateArgs(global, input);
    const m = requireTensor(state, 'm', n);
    const v = requireTensor(state, 'v', n);
    const delta = meanDelta(input);
    const { serverLearningRate: eta, beta1, tau } = this.options;
    const x = global.data;
    const out = new Float32Array(n);
    const mNext = new Float32Array(n);
    const vNext = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const d = delta[i];
      const mi = beta1 * m[i] + (1 - beta1) * d;
      const vi = this.secondMoment(v[i], d * d);
      mNext[i] = mi;
      vNext[i] = vi;
      out[i] = x[i] + (eta * mi) / (Math.sqrt(vi) + tau);
    }
    const bad = firstNonFinite(out);
    if (bad >= 0 || firstNonFinite(mNext) >= 0 || firstNonFinite(vNext) >= 0)
      throw new AggregationError('NON_FINITE', `${this.name} produced NaN/Inf (index ${bad})`);
    return { weights: { layout: global.layout, data: out }, state: { step: state.step + 1, tensors: { m: mNext, v: vNext } } };
  }
}
