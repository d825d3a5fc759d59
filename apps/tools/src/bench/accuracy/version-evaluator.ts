/**
 * @module bench/accuracy/version-evaluator
 * Follows a running job of `bench accuracy` and evaluates every global model
 * version of rounds ≥ 1 on the test set, in round order, one at a time, as
 * soon as its round commits; each result goes to `emit` with the round's
 * duration on the coordinator. A failed catch-up is reported through `warn`
 * and retried at the next one (at the latest in `finish`).
 */
import type { JobView, ModelVersionView } from '@fl/protocol';
import type { ApiClient } from '@fl/api-client';
import { testEvaluator, type TestEvaluator } from './test-set';

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export interface RoundResult {
  round: number;
  accuracy: number;
  loss: number;
  seconds: number | null;
}

/** Seconds of round r's successful attempt. */
function roundSeconds(view: JobView, round: number): number | null {
  const done = view.rounds.filter((r) => r.round === round && r.phase === 'done');
  return done.length ? done[done.length - 1].seconds : null;
}

/**
 * A GET against the coordinator, tried up to 4 times 1 s apart: under load a pooled keep-alive
 * connection the server has just closed makes `fetch` fail ("fetch failed") once.
 */
async function retrying<T>(what: string, f: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await f();
    } catch (e) {
      if (attempt >= 4 || (e as { status?: number }).status !== undefined) {
        const cause = (e as { cause?: { message?: string; code?: string } }).cause;
        throw Object.assign(new Error(`${what}: ${(e as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}`), { code: 'API_ERROR' });
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Evaluates versions of rounds ≥ 1 in order as they appear, one at a time. */
export class VersionEvaluator {
  readonly results: RoundResult[] = [];
  private evaluated = 0;
  private chain: Promise<void> = Promise.resolve();
  private evaluator: Promise<TestEvaluator> | null = null;
  private lastView: JobView | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly jobId: string,
    private readonly emit: (r: RoundResult) => void,
    private readonly warn: (message: string) => void,
  ) {}

  /** Queues evaluation of every round committed so far. */
  see(view: JobView): void {
    this.lastView = view;
    if (view.completedRounds > this.evaluated) this.queue();
  }

  async finish(view: JobView): Promise<{ backend: string; examples: number } | null> {
    this.lastView = view;
    await this.chain;
    await this.catchUp();
    if (!this.evaluator) return null;
    const e = await this.evaluator;
    e.dispose();
    return { backend: e.backend, examples: e.examples };
  }

  /** Chains a catch-up; a failure is reported and the next catch-up (at the latest `finish`'s) tries again. */
  private queue(): void {
    this.chain = this.chain.then(() => this.catchUp()).catch((e) => this.warn(`evaluation will be retried: ${(e as Error).message}`));
  }

  private async catchUp(): Promise<void> {
    const versions = (await retrying('list model versions', () => this.api.models.list({ jobId: this.jobId }))).filter((v) => v.round > this.evaluated).sort((a, b) => a.round - b.round);
    for (const v of versions) await this.evaluate(v);
  }

  private async evaluate(v: ModelVersionView): Promise<void> {
    if (v.round <= this.evaluated) return;
    if (!this.evaluator) {
      const loading = retrying('get the global model', () => this.api.jobs.model(this.jobId)).then((m) => {
        if (!m.topology) throw Object.assign(new Error('the global model has no topology'), { code: 'BAD_MODEL' });
        return testEvaluator(m.topology);
      });
      this.evaluator = loading;
      loading.catch(() => this.evaluator === loading && (this.evaluator = null)); // the next catch-up tries again
    }
    const e = await this.evaluator;
    const bytes = await retrying(`download version ${v.round}`, () => this.api.models.weights(v.hash));
    const { accuracy, loss } = e.evaluate(v.layout, bytes);
    this.evaluated = v.round;
    const result = { round: v.round, accuracy: r4(accuracy), loss: r4(loss), seconds: this.lastView ? roundSeconds(this.lastView, v.round) : null };
    this.results.push(result);
    this.emit(result);
  }
}
