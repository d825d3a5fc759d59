/**
 * @module secure-aggregation/secure-aggregation-run
 * The coordinator's side of one SecAgg+ round (Bell et al., CCS 2020; the
 * complete graph is Bonawitz et al., CCS 2017), around `@fl/secagg`'s pure
 * server stage functions:
 *
 *   begin() ──▶ advertise-keys ─close()─▶ share-keys ─close()─▶ masked-input
 *           ─close()─▶ consistency-check (active) ─close()─▶ unmask ─close()─▶ done | failed
 *
 * Framework-free and clock-free: the round engine decides when a stage closes
 * (everyone pending has answered, left, or the stage deadline passed) and
 * checks every message's sender against the authenticated socket's client id;
 * the library checks the rest (stage order, run and round,
 * signatures, keys, sizes). A refused message leaves the state as it was;
 * while a stage closes (the unmasking's masks are added by a `MaskAdder`,
 * e.g. in a worker thread) every message is refused with STAGE_ORDER.
 * The coordinator only ever holds the running masked sum and, after unmasking,
 * Σ x_u mod 2^32.
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
  type MaskAdder,
  type ClientMessage,
  type ReceiveOutput,
  type SecAggConfig,
  type SecAggResult,
  type ServerMessage,
  type ServerStageOutput,
  type ServerState,
} from '@fl/secagg/node';

export type SecureCloseOutcome =
  | { kind: 'next'; stage: SecAggStageName }
  | { kind: 'failed'; reason: string; code: string; clientId?: string }
  | { kind: 'done'; result: SecAggResult };

export interface SecureRunTransport {
  /** Sends the request for the current stage to one client. */
  send(clientId: string, message: ServerMessage): void;
  /** Milliseconds, for the stage timings in the view. */
  now(): number;
  /** Adds the unmasking's masks (e.g. in a worker thread); default: in this thread. */
  addMasks?: MaskAdder;
}

const inThisThread: MaskAdder = async (acc, masks, prg) => nodeBackend.prg(prg).addMasks(acc, masks);

export class SecureAggregationRun {
  private state: ServerState;
  readonly view: SecAggRoundView;

  constructor(
    readonly config: SecAggConfig,
    private readonly transport: SecureRunTransport,
  ) {
    this.state = createServer(config);
    this.view = {
      threatModel: config.threatModel,
      stage: null,
      n: config.participants.length,
      k: config.k,
      t: config.t,
      survivors: config.participants.length,
      dropped: 0,
      maxClipFraction: null,
      stageSeconds: {},
    };
  }

  private stageStarted = 0;
  /** A stage is being closed (the unmasking may take a while): messages are refused meanwhile. */
  private closing = false;

  /** The stage being collected, or null when the run has ended. */
  get stage(): SecAggStageName | null {
    const s = this.state.stage;
    return s === 'done' || s === 'failed' ? null : s;
  }

  /** Sends the advertise-keys requests. */
  begin(): void {
    this.dispatch(serverBegin(this.state).output);
  }

  /** Clients the current stage still waits for. */
  pending(): string[] {
    return this.stage === null ? [] : serverPending(this.state);
  }

  /** One stage message, whose `sender` the caller has checked against the authenticated connection. */
  receive(message: ClientMessage): ReceiveOutput {
    if (this.closing) return { accepted: false, error: { code: SecAggErrorCode.StageOrder, message: `${this.stage} is closing`, stage: this.stage ?? undefined } };
    const { state, output } = serverReceive(this.state, message, { backend: nodeBackend });
    this.state = state;
    return output;
  }

  /** Closes the current stage: sends the next stage's requests, or ends the run. */
  async close(): Promise<SecureCloseOutcome> {
    const closing = this.stage;
    this.closing = true;
    let step;
    try {
      step = await serverCloseAsync(this.state, { backend: nodeBackend }, this.transport.addMasks ?? inThisThread);
    } finally {
      this.closing = false;
    }
    const { state, output } = step;
    if (closing) this.view.stageSeconds[closing] = (this.transport.now() - this.stageStarted) / 1000;
    this.state = state;
    return this.dispatch(output);
  }

  private dispatch(out: ServerStageOutput): SecureCloseOutcome {
    if (out.kind === 'failed') {
      this.view.stage = null;
      const f = out.failure;
      const who = f.clientId ? ` (client ${f.clientId})` : '';
      return { kind: 'failed', code: f.code, clientId: f.clientId, reason: `secure aggregation failed at ${f.stage ?? 'an unknown stage'}: ${f.code}${who}: ${f.message}` };
    }
    if (out.kind === 'done') {
      this.view.stage = null;
      this.view.survivors = out.result.survivors.length;
      this.view.dropped = out.result.dropped.length;
      return { kind: 'done', result: out.result };
    }
    this.view.stage = out.stage;
    this.stageStarted = this.transport.now();
    const ids = Object.keys(out.messages);
    this.view.survivors = ids.length;
    for (const id of ids) this.transport.send(id, out.messages[id]);
    return { kind: 'next', stage: out.stage };
  }
}
