/**
 * @module secure-aggregation/secure-aggregation
 * The coordinator's side of one SecAgg+ round (Bell et al., CCS 2020; the
 * complete graph is Bonawitz et al., CCS 2017) as an ordered list of stages
 * over `@fl/secagg`'s transport-free server stage functions:
 *
 *   advertise-keys → share-keys → masked-input → consistency-check (active only) → unmask
 *
 * Every stage runs the same way: its requests are out; it collects answers
 * until every client it waits for has answered or left the round, or its
 * window ends (masked-input: the round deadline, while clients train; the
 * others: `stageTimeoutSeconds` each); clients still silent are dropped
 * (`SECAGG_STAGE_TIMEOUT`); the library closes the stage; then the check:
 * below t, a share mismatch or a failed mask addition halts the attempt with
 * a reason, and clients the next stage no longer needs are released.
 *
 * The caller checks every message's sender against the authenticated
 * connection; the library checks the rest (stage order, run and round,
 * signatures, keys, sizes), and a refused message leaves the state as it was.
 * While a stage closes (unmasking adds its masks through a `MaskAdder`, e.g.
 * in a worker thread) every message is refused with STAGE_ORDER. The
 * coordinator only ever holds the running masked sum and, after unmasking,
 * Σ x_u mod 2^32 (docs/secure-aggregation.md).
 *
 * Blame: a complaint at masked-input is judged by the library; each client it
 * convicts is handed to the host (`convict`: quarantined, dropped with
 * `SECAGG_MISBEHAVED`). A verdict against a ciphertext that does not open
 * ends the attempt at once, before anything is unmasked; one against a false
 * accuser only drops the accuser, and the attempt goes on.
 */
import type { SecAggRoundView, SecAggStageName } from '@fl/protocol';
import {
  createServer,
  nodeBackend,
  SecAggErrorCode,
  serverBegin,
  serverCloseAsync,
  serverPending,
  serverReceive,
  stagesFor,
  type ClientMessage,
  type MaskAdder,
  type ReceiveOutput,
  type SecAggErrorInfo,
  type SecAggConfig,
  type SecAggResult,
  type ServerMessage,
  type ServerStageOutput,
  type ServerState,
} from '@fl/secagg/node';

/** What the run needs from the round it belongs to. */
export interface SecureAggregationHost {
  /** Sends one client the request of the current stage. */
  send(clientId: string, message: ServerMessage): void;
  /** Milliseconds, for stage windows and timings. */
  now(): number;
  /** Resolves when `check()` holds (re-checked on every event), after `ms`, or when the round stops. */
  until(check: () => boolean, ms: number): Promise<unknown>;
  /** Whether the client's task is still open. */
  live(clientId: string): boolean;
  /** Drops the client from the round (SECAGG_STAGE_TIMEOUT) and tells it. */
  leave(clientId: string, reason: string): void;
  /** The view changed. */
  changed(): void;
  /** The client was convicted on a complaint (SECAGG_MISBEHAVED), live or gone: record it (the job quarantines it), drop it and tell it. */
  convict(clientId: string, reason: string): void;
  /** Adds the unmasking's masks (e.g. in a worker thread); default: in this thread. */
  addMasks?: MaskAdder;
}

export interface SecureWindows {
  /** Each key-exchange and unmasking stage. */
  stageMs: number;
  /** When masked-input closes (the round deadline, ms since the epoch). */
  maskedInputUntil: number;
}

export type SecureAggregationOutcome = { result: SecAggResult } | { halted: string };

const inThisThread: MaskAdder = async (acc, masks, prg) => nodeBackend.prg(prg).addMasks(acc, masks);

export class SecureAggregation {
  readonly view: SecAggRoundView;
  private state: ServerState;
  private stageStarted = 0;
  /** Members the current stage's requests went to. */
  private requested = 0;
  /** A stage is being closed: messages are refused meanwhile. */
  private closing = false;

  constructor(
    readonly config: SecAggConfig,
    private readonly host: SecureAggregationHost,
    private readonly windows: SecureWindows,
  ) {
    this.state = createServer(config);
    const n = config.participants.length;
    this.view = { threatModel: config.threatModel, stage: null, n, k: config.k, t: config.t, survivors: n, dropped: 0, maxClipFraction: null, stageSeconds: {}, stageSurvivors: {} };
  }

  /** The stage being collected, or null once the run has ended. */
  get stage(): SecAggStageName | null {
    const s = this.state.stage;
    return s === 'done' || s === 'failed' ? null : s;
  }

  /** Runs every stage in order; the unmasked sum, or why the attempt halts. */
  async run(): Promise<SecureAggregationOutcome> {
    const stages = stagesFor(this.config.threatModel);
    this.request(serverBegin(this.state).output);
    this.host.changed();
    for (const [i, stage] of stages.entries()) {
      await this.collect(stage);
      if (this.state.stage === 'failed') {
        // A verdict ended the attempt while the stage was collecting.
        const failure = this.state.failure!;
        this.host.changed();
        return { halted: describeFailure(failure) };
      }
      const out = await this.close(stage);
      const halt = this.check(out, stages[i + 1] ?? null);
      this.host.changed();
      if (halt) return { halted: halt };
      if (out.kind === 'done') return { result: out.result };
      if (out.kind === 'request') this.release(out.stage);
    }
    return { halted: 'secure aggregation ended without a result' };
  }

  /** One stage message, whose `sender` the caller has checked against the authenticated connection. */
  receive(message: ClientMessage): ReceiveOutput {
    if (this.closing) return { accepted: false, error: { code: SecAggErrorCode.StageOrder, message: `${this.stage} is closing`, stage: this.stage ?? undefined } };
    const { state, output } = serverReceive(this.state, message, { backend: nodeBackend });
    this.state = state;
    if (output.verdict) {
      for (const c of output.verdict.convicted) this.host.convict(c.id, c.reason);
      if (output.verdict.halted) this.view.stage = null;
    }
    return output;
  }

  /** Clients the current stage still waits for. */
  private pending(): string[] {
    return this.stage === null ? [] : serverPending(this.state);
  }

  /** Waits for the stage's answers within its window; drops whoever stayed silent. */
  private async collect(stage: SecAggStageName): Promise<void> {
    const { host } = this;
    const ms = stage === 'masked-input' ? Math.max(0, this.windows.maskedInputUntil - host.now()) : this.windows.stageMs;
    await host.until(() => this.pending().every((id) => !host.live(id)), ms);
    (this.view.stageSurvivors ??= {})[stage] = this.requested - this.pending().length;
    for (const id of this.pending()) if (host.live(id)) host.leave(id, `no ${stage} message within ${Math.round(ms / 1000)} s`);
  }

  /** The library closes the stage (unmask: adding the masks off the loop). */
  private async close(stage: SecAggStageName): Promise<ServerStageOutput> {
    this.closing = true;
    let step;
    try {
      step = await serverCloseAsync(this.state, { backend: nodeBackend }, this.host.addMasks ?? inThisThread);
    } finally {
      this.closing = false;
    }
    this.view.stageSeconds[stage] = (this.host.now() - this.stageStarted) / 1000;
    this.state = step.state;
    return step.output;
  }

  /** After each stage: a reason to halt, or null (and the next stage's requests are sent). */
  private check(out: ServerStageOutput, next: SecAggStageName | null): string | null {
    if (out.kind === 'failed') {
      this.view.stage = null;
      return describeFailure(out.failure);
    }
    if (out.kind === 'done') {
      this.view.stage = null;
      this.view.survivors = out.result.survivors.length;
      this.view.dropped = out.result.dropped.length;
      return null;
    }
    if (out.stage !== next) return `secure aggregation went on to ${out.stage}, expected ${next ?? 'the end'}`;
    this.request(out);
    return null;
  }

  /** Clients no longer in the protocol are released: nothing more will be asked of them. */
  private release(stage: SecAggStageName): void {
    const needed = new Set(this.pending());
    for (const id of this.config.participants) if (this.host.live(id) && !needed.has(id)) this.host.leave(id, `left the secure aggregation before ${stage}`);
  }

  /** Sends a stage's requests. */
  private request(out: ServerStageOutput): void {
    if (out.kind !== 'request') return;
    this.view.stage = out.stage;
    this.stageStarted = this.host.now();
    const ids = Object.keys(out.messages);
    this.requested = ids.length;
    this.view.survivors = ids.length;
    for (const id of ids) this.host.send(id, out.messages[id]);
  }
}

function describeFailure(f: SecAggErrorInfo): string {
  const who = f.clientId ? ` (client ${f.clientId})` : '';
  return `secure aggregation failed at ${f.stage ?? 'an unknown stage'}: ${f.code}${who}: ${f.message}`;
}
