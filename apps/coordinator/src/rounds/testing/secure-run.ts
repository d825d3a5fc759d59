/**
 * @module rounds/testing/secure-run
 * A secure round (RoundRun + SecureTraining) driven by real `@fl/secagg`
 * clients through the round fixture's fake link and clock, for the specs.
 * `tamper` rewrites a client's answer (a member that misbehaves at a stage).
 */
import type { ModelWeights } from '@fl/fl-core';
import type { JobConfig, RoundTask, SecAggRequest } from '@fl/protocol';
import {
  clientStep,
  createClient,
  createQuantizer,
  generateSigningKeyPair,
  isComplaint,
  nodeBackend,
  packMessage,
  quantizeWeighted,
  unpackMessage,
  type ClientMessage,
  type ClientState,
  type MaskAdder,
  type ServerMessage,
} from '@fl/secagg/node';
import { SECURE_AGGREGATION_DEFAULTS } from '../../jobs/job-defaults';
import { RoundRun, type RoundOutcome } from '../round-run';
import { baseConfig, fixture, roundSetup } from './round-fixture';

export const global: ModelWeights = { layout: [{ name: 'synthetic/w', shape: [4] }], data: Float32Array.of(1, 2, 3, 4) };

export interface SimClient {
  id: string;
  state: ClientState;
  signingSecretKey: Uint8Array;
  delta: number[];
  numExamples: number;
  /** Stop answering from this stage on (a dropout). */
  dropAt?: string;
  /** The ring vector to mask instead of the honest encoding of `delta` (a member that follows every stage but chooses its input). */
  input?: Uint32Array;
}

export function secureConfig(over: Partial<JobConfig> = {}): JobConfig {
  return baseConfig({ clientsPerRound: 4, minClients: 2, secureAggregation: { ...SECURE_AGGREGATION_DEFAULTS, stageTimeoutSeconds: 5 }, ...over });
}

/** A secure round with real `@fl/secagg` clients answering through the fake link. */
export interface SecureRunOptions {
  inline?: boolean;
  both?: string;
  addMasks?: MaskAdder;
  recycle?: (bytes: Uint8Array) => void;
  /** Rewrites (or withholds, with null) a client's answer; `cSks` is a copy of its per-pair share-encryption keys c_{u,v}^SK (by v) from before the step (which wipes them). */
  tamper?: (clientId: string, out: ClientMessage, secrets: { cSks: Record<string, Uint8Array> | undefined; signingSecretKey: Uint8Array }) => ClientMessage | null;
}

export function secureRun(config: JobConfig, clients: SimClient[], how: SecureRunOptions = {}) {
  const f = fixture(clients.map((c) => c.id));
  // Each client's signing key is pinned in the registry, as at enrolment.
  for (const c of clients) {
    const pair = generateSigningKeyPair();
    c.signingSecretKey = pair.secretKey;
    f.cohort.signingKeys.set(c.id, pair.publicKey);
    f.cohort.examples.set(c.id, c.numExamples);
  }
  const keys = new Map(clients.map((c) => [c.id, c]));
  const run = new RoundRun(roundSetup(config, global), { ...f.deps, addMasks: how.addMasks, recycle: how.recycle });
  const inbox: Array<{ clientId: string; req: SecAggRequest }> = [];
  f.link.onSecAgg = (clientId, req) => inbox.push({ clientId, req });
  const refusals: Array<{ clientId: string; code: string }> = [];
  /** Answers every queued request like an honest client would. */
  const pump = () => {
    while (inbox.length) {
      const { clientId, req } = inbox.shift()!;
      const c = keys.get(clientId)!;
      const message = unpackMessage(req.message) as ServerMessage;
      if (c.dropAt === message.stage) continue;
      const task = f.link.taskOf(clientId) as RoundTask;
      let input: Uint32Array | undefined;
      if (message.stage === 'masked-input' && c.input) input = c.input;
      else if (message.stage === 'masked-input') {
        const s = task.secure!;
        input = quantizeWeighted(c.delta, c.numExamples, s.weightCap, createQuantizer(s.clip, s.nMax, s.bits)).values;
      }
      const cKeys = c.state.cKeys;
      const cSks = cKeys ? Object.fromEntries(Object.entries(cKeys).map(([v, k]) => [v, k.secretKey.slice()])) : undefined;
      const step = clientStep(c.state, message, { backend: nodeBackend, signingSecretKey: c.signingSecretKey, input });
      c.state = step.state;
      const out = how.tamper ? how.tamper(clientId, step.output, { cSks, signingSecretKey: c.signingSecretKey }) : step.output;
      if (out) submit(clientId, task, out);
    }
  };
  const submit = (clientId: string, task: RoundTask, out: ClientMessage) => {
    try {
      if (isComplaint(out)) run.receiveSecAgg(clientId, { taskId: task.taskId, stage: out.stage, message: packMessage(out) });
      else if (out.stage === 'masked-input' && (how.inline || how.both === clientId)) {
        const c = keys.get(clientId)!;
        if (how.both === clientId) run.receiveChunk(clientId, { taskId: task.taskId, index: 0, total: 1, totalBytes: out.masked.byteLength, data: new Uint8Array(out.masked.buffer.slice(0)) });
        run.receiveSecAgg(clientId, { taskId: task.taskId, stage: out.stage, message: packMessage(out), numExamples: c.numExamples, metrics: { loss: 1, accuracy: 0.5, examplesProcessed: c.numExamples, seconds: 1 } });
      } else if (out.stage === 'masked-input') {
        const { masked, ...rest } = out;
        const bytes = new Uint8Array(masked.buffer, masked.byteOffset, masked.byteLength);
        run.receiveChunk(clientId, { taskId: task.taskId, index: 0, total: 1, totalBytes: bytes.byteLength, data: bytes });
        const c = keys.get(clientId)!;
        run.receiveSecAgg(clientId, { taskId: task.taskId, stage: out.stage, message: packMessage(rest), numExamples: c.numExamples, metrics: { loss: 1, accuracy: 0.5, examplesProcessed: c.numExamples, seconds: 1 } });
      } else run.receiveSecAgg(clientId, { taskId: task.taskId, stage: out.stage, message: packMessage(out) });
    } catch (e) {
      refusals.push({ clientId, code: (e as { code: string }).code });
    }
  };
  let outcome: RoundOutcome | undefined;
  void run.run().then((o) => (outcome = o));
  /** Advances fake time in small steps, answering requests as they come. */
  const settle = async (ms = 0) => {
    for (let i = 0; i < 50; i++) {
      await f.clock.advance(i === 0 ? ms : 0);
      pump();
    }
  };
  return { ...f, run, outcome: () => outcome, settle, refusals, submit };
}

export const sim = (id: string, delta: number[], numExamples: number, dropAt?: string): SimClient => ({ id, state: createClient(id), signingSecretKey: new Uint8Array(), delta, numExamples, dropAt });

