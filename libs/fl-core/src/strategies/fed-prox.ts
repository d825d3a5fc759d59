/**
 * @module strategies/fed-prox
 * FedProx — Li, Sahu, Zaheer, Sanjabi, Talwalkar, Smith, "Federated
 * Optimization in Heterogeneous Networks", MLSys 2020 (arXiv 1812.06127).
 *
 * Clients minimise F_k(w) + (μ/2)·‖w − x_t‖² (the term lives in
 * `libs/trainer-tfjs`); the server only sends μ via `clientHyper()` and
 * aggregates exactly like FedAvg (n_k = local training examples, updates
 * averaged). μ = 0 is plain FedAvg.
 *
 * Options (default): `proximalMu` μ ≥ 0 (0.01). Tune over {0.001, 0.01, 0.1, 1};
 * the paper's best values on its five datasets were 1, 1, 1, 0.001 and 0.01.
 */
import type { StrategyName } from '@fl/protocol';
import { assertNoProblems } from '../errors/invalid-argument-error';
import { FedAvg } from './fed-avg';
import type { ClientHyper } from './strategy';
import { optionProblems } from './option-ranges';

export const FED_PROX_DEFAULTS = { proximalMu: 0.01 } as const;

export class FedProx extends FedAvg {
  override readonly name: StrategyName = 'fedprox';

  constructor(readonly proximalMu: number = FED_PROX_DEFAULTS.proximalMu) {
    super();
    assertNoProblems('FedProx', optionProblems({ proximalMu }));
  }

  override clientHyper(): ClientHyper {
    return { proximalMu: this.proximalMu };
  }
}
