/**
 * @module server/consistency-check
 * Round 3 on the server (active model): collect each survivor's signature over
 * (runId, round, id, sorted U3), verifying it before it is counted. Closing
 * fixes U4, checks every needed secret keeps t signing holders, and sends each
 * u ∈ U4 its unmask request with its neighbours' signatures.
 */
import { consistencyTranscript } from '../crypto/transcripts';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { ConsistencyCheckMessage } from '../messages';
import { isBytes } from '../util/bytes';
import { serverBackend, type ServerEnv, type ServerStageOutput, type ServerState } from './state';
import { checkNeighbourhoods, checkRecoverable } from './threshold';
import { unmaskRequests } from './unmask';

const STAGE = 'consistency-check' as const;

export function acceptConsistencyCheck(state: ServerState, msg: ConsistencyCheckMessage, env: ServerEnv): void {
  const cfg = state.config;
  const id = msg.sender;
  if (!state.masked[id]) throw new SecAggError(SecAggErrorCode.NotInCohort, `${id} is not in U3`, STAGE, id);
  if (state.consistency[id]) throw new SecAggError(SecAggErrorCode.Duplicate, `${id} already signed`, STAGE, id);
  const ok = isBytes(msg.signature, 64) && serverBackend(env).ed25519Verify(consistencyTranscript(cfg.runId, cfg.round, id, state.u3!), msg.signature, cfg.signingKeys[id]);
  if (!ok) throw new SecAggError(SecAggErrorCode.BadSignature, `consistency signature of ${id} does not verify over U3`, STAGE, id);
  state.consistency[id] = msg.signature;
}

export function closeConsistencyCheck(state: ServerState): ServerStageOutput {
  const u4 = state.u3!.filter((id) => state.consistency[id]);
  const failure = checkNeighbourhoods(state, u4, STAGE) ?? checkRecoverable(state, u4, STAGE);
  if (failure) return { kind: 'failed', failure };
  state.u4 = u4;
  return { kind: 'request', stage: 'unmask', messages: unmaskRequests(state) };
}
