/**
 * @module rounds/federated-evaluation
 * The results of one round's federated evaluation: every client's row, as
 * it reported it (validated at the protocol boundary), and their
 * example-weighted means (McMahan et al., AISTATS 2017), extra metrics each
 * over the clients that reported them (docs/evaluation.md).
 */
import type { ClientEvaluation, EvaluateResult, FederatedEvaluation } from '@fl/protocol';

export class FederatedEvaluationTally {
  private readonly rows: ClientEvaluation[] = [];

  /** Adds a client's result (one per client: the task slot refuses a second). */
  add(clientId: string, r: Pick<EvaluateResult, 'numExamples' | 'loss' | 'accuracy' | 'metrics'>): void {
    this.rows.push({ clientId, numExamples: r.numExamples, loss: r.loss, accuracy: r.accuracy, metrics: Object.fromEntries(Object.entries(r.metrics ?? {})) });
  }

  /** Each client's row, in arrival order. */
  clients(): ClientEvaluation[] {
    return this.rows.map((r) => ({ ...r, metrics: { ...r.metrics } }));
  }

  /** The example-weighted means; null when no client reported. */
  summary(): FederatedEvaluation | null {
    if (this.rows.length === 0) return null;
    let n = 0;
    let loss = 0;
    let accuracy = 0;
    const extra = new Map<string, { sum: number; n: number }>();
    for (const r of this.rows) {
      n += r.numExamples;
      loss += r.numExamples * r.loss;
      accuracy += r.numExamples * r.accuracy;
      for (const [name, v] of Object.entries(r.metrics)) {
        const m = extra.get(name) ?? { sum: 0, n: 0 };
        m.sum += r.numExamples * v;
        m.n += r.numExamples;
        extra.set(name, m);
      }
    }
    const metrics = Object.fromEntries([...extra].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, m]) => [name, m.sum / m.n]));
    return { clients: this.rows.length, numExamples: n, loss: loss / n, accuracy: accuracy / n, metrics };
  }
}
