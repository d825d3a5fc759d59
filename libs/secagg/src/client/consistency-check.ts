/**
 * @module client/consistency-check
 * Round 3 (ConsistencyCheck, Bonawitz et al. §4, active model): check the U3
 * the server announces (client/survivors) and sign (runId, round, id, sorted U3)
 * with the long-term key. The signed U3 is recorded: the unmask request must
 * name the same set, and neighbours' signatures must cover it.
 */
import { consistencyTranscript } from '../crypto/transcripts';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { ConsistencyCheckMessage, ConsistencyCheckRequest } from '../messages';
import { isBytes } from '../util/bytes';
import { expectRequest } from './expect';
import { checkSurvivors } from './survivors';
import { backendOf, configOf, type ClientEnv, type ClientState, type ClientStep } from './state';

const STAGE = 'consistency-check' as const;

export function clientConsistencyCheck(state: ClientState, req: ConsistencyCheckRequest, env: ClientEnv = {}): ClientStep<ConsistencyCheckMessage> {
  const replay = expectRequest(state, req, STAGE);
  if (replay) return { state, output: replay as ConsistencyCheckMessage };
  const cfg = configOf(state);
  const survivors = checkSurvivors(state, req.survivors, STAGE);
  if (!isBytes(env.signingSecretKey, 64)) throw new SecAggError(SecAggErrorCode.BadKey, 'the active model needs the signing key', STAGE, state.id);
  const signature = backendOf(env).ed25519Sign(consistencyTranscript(cfg.runId, cfg.round, state.id, survivors), env.signingSecretKey);
  const output: ConsistencyCheckMessage = { runId: cfg.runId, round: cfg.round, stage: STAGE, sender: state.id, signature };
  return { state: { ...state, next: 'unmask', survivors: [...survivors], last: { stage: STAGE, output } }, output };
}
