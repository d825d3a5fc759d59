/**
 * @module messages/secagg
 * Secure aggregation on the wire (SecAgg+, Bell et al. CCS 2020; Bonawitz et
 * al. CCS 2017 as the complete-graph case). The stage messages themselves are
 * defined once, in `@fl/secagg` (`ServerMessage`, `ClientMessage`); here they
 * travel inside an envelope that names the task, so the coordinator can route
 * them to the round like any other task message.
 *
 *   server → client  `secagg:request`  { taskId, message: <stage request> }
 *   client → server  `secagg:message`  { taskId, message: <stage reply> }, ack
 *
 * Each stage message is packed into ONE binary blob (`@fl/secagg`'s
 * `packMessage`): a share-keys request carries 3·k keys and signatures, more
 * binary attachments than socket.io accepts in one packet. The masked input vector of the masked-input stage is uploaded first with
 * `update:chunk` (the same chunking as a plain update, 4 bytes per ring word)
 * and the `secagg:message` for that stage omits `masked` — unless the whole
 * packed message fits in one chunk, in which case `masked` travels inside it
 * (one message, one ack). The masked-input `secagg:message` carries the
 * client's training metrics instead of an `update:commit`.
 */
import type { TrainMetrics } from './update';

/** The stages, in protocol order (`consistency-check` only in the active threat model). */
export const SECAGG_STAGES = ['advertise-keys', 'share-keys', 'masked-input', 'consistency-check', 'unmask'] as const;
export type SecAggStageName = (typeof SECAGG_STAGES)[number];

export const SECAGG_THREAT_MODELS = ['active', 'semi-honest'] as const;
export type SecAggThreatModel = (typeof SECAGG_THREAT_MODELS)[number];

/** server → client: the request for one stage. */
export interface SecAggRequest {
  taskId: string;
  stage: SecAggStageName;
  /** The `@fl/secagg` `ServerMessage`, packed into one blob (`packMessage`). */
  message: Uint8Array;
}

/** client → server, ack: the client's message for one stage. */
export interface SecAggSubmit {
  taskId: string;
  stage: SecAggStageName;
  /** The `@fl/secagg` `ClientMessage`, packed (`packMessage`); masked-input's `masked` inline or via `update:chunk`. */
  message: Uint8Array;
  /** Masked-input stage only: what an `update:commit` carries in plain rounds. */
  numExamples?: number;
  metrics?: TrainMetrics;
  /** Masked-input stage only: the fraction of coordinates the client clipped to ±clip. */
  clipFraction?: number;
}

/**
 * Part of a secure training task: how to encode the update before masking
 * (docs/secure-aggregation.md "Encoding"). The client quantises `w·clamp(x − x_global, ±clip)` with
 * `bits` bits and `w = min(numExamples / weightCap, 1)`, and appends `w`.
 */
export interface SecureTaskParams {
  threatModel: SecAggThreatModel;
  /** Clip bound c of each coordinate of the update (the delta to the global model). */
  clip: number;
  /** Quantisation bits b; n·(2^b − 1) < 2^32 for the cohort size n. */
  bits: number;
  /** Cohort size the bits were chosen for. */
  nMax: number;
  /** ŵ: example count at which a client's FedAvg weight saturates at 1. */
  weightCap: number;
  /** Ring words per masked vector: the parameter count plus the weight word. */
  vectorLength: number;
}

/** Round status of secure aggregation (part of `RoundView`). */
export interface SecAggRoundView {
  threatModel: SecAggThreatModel;
  /** The stage being collected, or null before it starts / after it ends. */
  stage: SecAggStageName | null;
  /** Cohort size n (U0), graph degree k and threshold t. */
  n: number;
  k: number;
  t: number;
  /** Clients still in the protocol at the current stage (|U_i|). */
  survivors: number;
  /** Clients whose pairwise masks were removed at unmasking (dropped after sharing keys). */
  dropped: number;
  /** Largest per-client clip fraction reported this round (0 = nothing clipped). */
  maxClipFraction: number | null;
  /** Seconds each stage took so far, from its requests going out to its close (unmask includes the server's unmasking). */
  stageSeconds: Partial<Record<SecAggStageName, number>>;
  /** Per closed stage: members that answered it (|U_i|, to compare with t). Absent in records older than it. */
  stageSurvivors?: Partial<Record<SecAggStageName, number>>;
}
