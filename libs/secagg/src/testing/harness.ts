/**
 * @module testing/harness
 * In-process simulation of whole SecAgg(+) rounds for the specs: real client
 * and server stage functions, real crypto, no transport. Clients can drop at
 * any stage, messages can be tampered with, dropped or replayed, and the
 * expected sum is the plain sum, mod 2^32, of the inputs of the senders whose
 * masked-input messages the server accepted (tracked here, not taken from the
 * server's report, so a server that drops or adds a survivor is caught).
 * Not part of the build (tsconfig excludes src/testing).
 */
import nacl from 'tweetnacl';
import { nodeSigningKeyPair } from '../node/ed25519-node';
import { createSecAggConfig, type SecAggConfig } from '../config';
import type { CryptoBackend } from '../crypto/backend';
import { clientStep } from '../client/step';
import { createClient, type ClientState } from '../client/state';
import { SecAggError, type SecAggErrorInfo } from '../errors';
import { isComplaint, type ClientMessage, type ServerMessage } from '../messages';
import { serverBegin, serverClose, serverReceive } from '../server/server';
import { createServer, type ServerStageOutput, type ServerState, type Verdict } from '../server/state';
import type { SecAggStage, ThreatModel } from '../stages';
import type { SecAggPolicy } from '../graph/params';
import type { KeyPins } from '../client/pins';

export interface SimOptions {
  n: number;
  k?: number;
  t?: number;
  P?: number;
  threatModel?: ThreatModel;
  runId?: string;
  round?: number;
  /** Backend of the server and of clients without their own. */
  backend?: CryptoBackend;
  clientBackend?: (id: string) => CryptoBackend | undefined;
  /** The client stops answering from this stage on. */
  dropAt?: Record<string, SecAggStage>;
  /** Rewrite (or drop with null) a client's message before the server sees it. */
  tamper?: (msg: ClientMessage) => ClientMessage | null;
  /** Rewrite a server request before the client sees it. */
  tamperRequest?: (to: string, msg: ServerMessage, state: ClientState) => ServerMessage;
  /** Called after the server took a stage's messages, before closing: inject extra messages. */
  beforeClose?: (stage: SecAggStage, ctx: SimContext) => void;
  /** Called once per stage, after the server's requests went out and before any answer is delivered. */
  beforeDeliver?: (stage: SecAggStage, ctx: SimContext) => void;
  inputs?: Record<string, Uint32Array>;
  /** Fixes the graph (default: fresh CSPRNG seed). */
  graphSeed?: Uint8Array;
  /** Signing keys (defaults: fresh per simulation). */
  signing?: Record<string, nacl.SignKeyPair>;
  /** Every client's (k, t) policy (default: the clients' default, DEFAULT_SECAGG_POLICY); 'unchecked' for deliberately small thresholds. */
  policy?: SecAggPolicy | 'unchecked';
  /** Per-client key pins, kept across simulations by the caller. */
  pins?: Record<string, KeyPins>;
  /** The signing keys the server puts in the config (default: the clients' real ones). */
  configKeys?: (keys: Record<string, Uint8Array>) => Record<string, Uint8Array>;
}

export interface SimContext {
  server: ServerState;
  clients: Record<string, ClientState>;
  sent: ClientMessage[];
  rejections: SecAggErrorInfo[];
  /** Senders whose masked-input message the server accepted, in acceptance order. */
  maskedAccepted: string[];
  /** Verdicts of the complaints the server judged, in order. */
  verdicts: Verdict[];
  deliver(msg: ClientMessage): { accepted: boolean; error?: SecAggErrorInfo; verdict?: Verdict };
}

export interface SimResult extends SimContext {
  config: SecAggConfig;
  outcome: ServerStageOutput;
  inputs: Record<string, Uint32Array>;
  /** Errors thrown by client steps (the client then stops). */
  clientErrors: Record<string, SecAggError>;
  /** Σ of the inputs of `maskedAccepted`, mod 2^32 (null when the round failed). */
  expected: Uint32Array | null;
}

export const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `c${String(i).padStart(3, '0')}`);

export function randomInput(P: number): Uint32Array {
  return new Uint32Array(nacl.randomBytes(4 * P).buffer);
}

export function plainSum(vs: Uint32Array[], P: number): Uint32Array {
  const out = new Uint32Array(P);
  for (const v of vs) for (let i = 0; i < P; i++) out[i] += v[i];
  return out;
}

/** Fresh Ed25519 identities in tweetnacl layout, generated through node:crypto (tweetnacl keygen is slow). */
export function signingKeys(participants: string[]): Record<string, nacl.SignKeyPair> {
  return Object.fromEntries(participants.map((id) => [id, nodeSigningKeyPair()]));
}

export function simulate(o: SimOptions): SimResult {
  const P = o.P ?? 64;
  const participants = ids(o.n);
  const model = o.threatModel ?? 'active';
  const signing = o.signing ?? (model === 'active' ? signingKeys(participants) : {});
  const config = createSecAggConfig({
    runId: o.runId ?? 'run-1',
    round: o.round ?? 1,
    participants,
    vectorLength: P,
    k: o.k,
    t: o.t,
    threatModel: model,
    graphSeed: o.graphSeed,
    signingKeys: (o.configKeys ?? ((k) => k))(Object.fromEntries(Object.entries(signing).map(([id, kp]) => [id, kp.publicKey]))),
  });
  const inputs = o.inputs ?? Object.fromEntries(participants.map((id) => [id, randomInput(P)]));
  const senv = { backend: o.backend };
  let server = createServer(config);
  const clients: Record<string, ClientState> = Object.fromEntries(participants.map((id) => [id, createClient(id)]));
  const clientErrors: Record<string, SecAggError> = {};
  const stopped = new Set<string>();
  const ctx: SimContext = {
    server,
    clients,
    sent: [],
    rejections: [],
    maskedAccepted: [],
    verdicts: [],
    deliver(msg) {
      const r = serverReceive(ctx.server, msg, senv);
      ctx.server = server = r.state;
      const verdict = r.output.verdict;
      if (verdict) ctx.verdicts.push(verdict);
      if (!r.output.accepted) {
        ctx.rejections.push(r.output.error);
        return { accepted: false, error: r.output.error, verdict };
      }
      if (msg.stage === 'masked-input' && !isComplaint(msg)) ctx.maskedAccepted.push(msg.sender);
      return { accepted: true, verdict };
    },
  };
  let out = serverBegin(server).output;
  while (out.kind === 'request') {
    const stage = out.stage;
    o.beforeDeliver?.(stage, ctx);
    for (const [id, req0] of Object.entries(out.messages)) {
      if (stopped.has(id) || o.dropAt?.[id] === stage) {
        stopped.add(id);
        continue;
      }
      const req = o.tamperRequest ? o.tamperRequest(id, req0, clients[id]) : req0;
      try {
        const env = {
          backend: o.clientBackend?.(id) ?? o.backend,
          signingSecretKey: signing[id]?.secretKey,
          input: inputs[id],
          policy: o.policy,
          pins: o.pins?.[id],
        };
        const r = clientStep(clients[id], req, env);
        clients[id] = r.state;
        const msg = o.tamper ? o.tamper(r.output) : r.output;
        if (!msg) continue;
        ctx.sent.push(msg);
        ctx.deliver(msg);
      } catch (e) {
        if (!(e instanceof SecAggError)) throw e;
        clientErrors[id] = e;
        stopped.add(id);
      }
    }
    o.beforeClose?.(stage, ctx);
    if (server.stage === 'failed') {
      out = { kind: 'failed', failure: server.failure! }; // a verdict ended the attempt
      break;
    }
    const closed = serverClose(server, senv);
    ctx.server = server = closed.state;
    out = closed.output;
  }
  const expected = out.kind === 'done' ? plainSum(ctx.maskedAccepted.map((id) => inputs[id]), P) : null;
  return { ...ctx, config, outcome: out, inputs, clientErrors, expected };
}
