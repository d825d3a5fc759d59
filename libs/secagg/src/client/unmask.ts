/**
 * @module client/unmask
 * Round 4 (Unmasking, Bonawitz et al. §4) and the refusal rule (Bonawitz et al.
 * §4, security-critical). The client reveals its shares of b_v for survivors
 * and of s_v^SK for dropped users, and refuses the whole request when
 * - an id is in both lists (or listed twice), or u itself is called dropped;
 * - the lists do not partition what it saw: `bOf` must be exactly U3 ∩ held,
 *   `sOf` a subset of held ∖ U3;
 * - U3 differs from the set it signed (active) or first saw (semi-honest),
 *   or |U3 ∩ N[u]| < t;
 * - (active) fewer than t valid neighbour signatures over that same U3, or any
 *   forwarded signature that does not verify over it;
 * - a retried or resumed request asks for the other kind of share for any v
 *   (the `revealed` record persists in the state).
 * A refusal leaves the state unchanged. Repeating a proper request is allowed
 * and returns the same shares.
 */
import { isValidId } from '../config';
import { consistencyTranscripts } from '../crypto/transcripts';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { ConsistencyCheckMessage, RevealedShare, UnmaskMessage, UnmaskRequest } from '../messages';
import { bytesEqual, isBytes } from '../util/bytes';
import { badPayload, checkBound, idList, isObject, objectList } from '../util/guards';
import { checkSurvivors } from './survivors';
import { backendOf, configOf, inClosedNeighbourhood, type ClientEnv, type ClientState, type ClientStep } from './state';

const STAGE = 'unmask' as const;

export function clientUnmask(state: ClientState, req: UnmaskRequest, env: ClientEnv = {}): ClientStep<UnmaskMessage> {
  if (!isObject(req)) badPayload('request must be an object', STAGE);
  if (state.next !== 'unmask' && !(state.next === 'done' && state.last?.stage === STAGE)) {
    throw new SecAggError(SecAggErrorCode.StageOrder, `got an unmask request while expecting ${state.next}`, STAGE, state.id);
  }
  const cfg = configOf(state);
  checkBound(req, cfg.runId, cfg.round, STAGE);
  const me = state.id;
  const refuse = (msg: string): never => {
    throw new SecAggError(SecAggErrorCode.UnmaskRefused, msg, STAGE, me);
  };
  const survivors = checkSurvivors(state, req.survivors, STAGE);
  if (state.survivors && (state.survivors.length !== survivors.length || state.survivors.some((id, i) => id !== survivors[i]))) {
    throw new SecAggError(SecAggErrorCode.InconsistentView, 'U3 differs from the one this client signed or saw first', STAGE, me);
  }
  if (cfg.threatModel === 'active') checkSignatures(state, req.signatures, survivors, env);

  const bOf = idList(req.bOf, 'bOf', STAGE, cfg.participants.length);
  const sOf = idList(req.sOf, 'sOf', STAGE, cfg.participants.length);
  const inU3 = new Set(survivors);
  const bSet = new Set(bOf);
  for (const id of sOf) if (bSet.has(id)) refuse(`${id} is listed both as survivor and as dropped`);
  if (sOf.includes(me)) refuse('this client is listed as dropped');
  for (const id of bOf) if (!inU3.has(id) || !state.held[id]) refuse(`b-share of ${id} requested, but it is not a survivor whose shares this client holds`);
  for (const id of sOf) if (inU3.has(id) || !state.held[id]) refuse(`s-share of ${id} requested, but it is not a dropped user whose shares this client holds`);
  for (const id of Object.keys(state.held)) if (inU3.has(id) && !bSet.has(id)) refuse(`survivor ${id} missing from the b-share list: not a partition of U2`);
  for (const id of bOf) if (state.revealed[id] === 's') refuse(`s-share of ${id} was already revealed; refusing its b-share`);
  for (const id of sOf) if (state.revealed[id] === 'b') refuse(`b-share of ${id} was already revealed; refusing its s-share`);

  const revealed = { ...state.revealed };
  const bShares: RevealedShare[] = bOf.map((id) => ((revealed[id] = 'b'), { of: id, y: state.held[id].b }));
  const sShares: RevealedShare[] = sOf.map((id) => ((revealed[id] = 's'), { of: id, y: state.held[id].s }));
  const output: UnmaskMessage = { runId: cfg.runId, round: cfg.round, stage: STAGE, sender: me, bShares, sShares };
  return { state: { ...state, next: 'done', survivors: [...survivors], revealed, last: { stage: STAGE, output } }, output };
}

/** At least t valid neighbour signatures over exactly this U3; any bad one aborts. */
function checkSignatures(state: ClientState, sigs: unknown, survivors: string[], env: ClientEnv): void {
  const cfg = configOf(state);
  const backend = backendOf(env);
  const list = objectList(sigs ?? [], 'signatures', STAGE, state.neighbours.length + 1);
  const signers = new Set<string>();
  const transcript = consistencyTranscripts(cfg.runId, cfg.round, survivors);
  // This client's own signature over exactly this U3, as it sent it: it verifies by construction
  // (deterministic Ed25519, same key, same transcript), so a byte-equal copy skips the verify.
  const own = state.last?.stage === 'consistency-check' && sameList(state.survivors, survivors) ? (state.last.output as ConsistencyCheckMessage).signature : undefined;
  for (const s of list) {
    const from = s.from as string;
    if (!isValidId(from) || !inClosedNeighbourhood(state, from) || !survivors.includes(from)) {
      badPayload(`signature from ${String(from)}, not a surviving neighbour`, STAGE, state.id);
    }
    if (signers.has(from)) throw new SecAggError(SecAggErrorCode.Duplicate, `two signatures from ${from}`, STAGE, from);
    const ok =
      isBytes(s.signature, 64) &&
      ((from === state.id && isBytes(own, 64) && bytesEqual(s.signature, own)) ||
        backend.ed25519Verify(transcript(from), s.signature, cfg.signingKeys[from]));
    if (!ok) throw new SecAggError(SecAggErrorCode.InconsistentView, `signature of ${from} does not cover this U3`, STAGE, from);
    signers.add(from);
  }
  if (signers.size < cfg.t) {
    throw new SecAggError(SecAggErrorCode.BelowThreshold, `${signers.size} consistency signatures < t = ${cfg.t}`, STAGE, state.id);
  }
}

const sameList = (a: readonly string[] | null, b: readonly string[]): boolean => a !== null && a.length === b.length && a.every((id, i) => id === b[i]);
