/**
 * @module server/complaint
 * Blame at masked-input (active model; docs/secure-aggregation.md "Blame"). A
 * member u of U2 whose neighbours' share ciphertexts do not open sends, instead
 * of its masked input, a complaint naming them and revealing, for each named v,
 * its attempt-only per-pair share-encryption secret key c_{u,v}^SK (pair-keys),
 * signed with its identity key. The server
 * judges it with the library's own crypto (X25519 + share-key KDF +
 * share-cipher), on the ciphertexts it stored and forwarded, whose sender
 * signatures it checked on upload:
 *
 * - refused, nobody convicted (the message is bad input; u then counts as
 *   silent): a malformed complaint (`BAD_PAYLOAD`), a second one
 *   (`DUPLICATE`), u or an accused not in U2 or no ciphertext from the accused
 *   to u (`NOT_IN_COHORT`), a complaint signature that does not verify
 *   (`BAD_SIGNATURE`). Another run or stage is refused before this
 *   (`WRONG_ROUND`, `STAGE_ORDER`).
 * - u convicted (a signed, false complaint): a c_{u,v}^SK does not match the
 *   advertised c_{u,v}^PK (`BAD_KEY`), or an accused ciphertext opens and checks
 *   out (`SECAGG_MISBEHAVED`). u leaves the attempt like a dropout; the
 *   attempt goes on.
 * - each accused whose ciphertext does not open is convicted; the attempt
 *   ends at once, before anything is unmasked (`halted`).
 */
import { isValidId } from '../config';
import { KEY_BYTES, SIGNATURE_BYTES } from '../constants';
import { openShares } from '../crypto/share-cipher';
import { pairPublicKey } from '../pair-keys';
import { deriveShareKey } from '../crypto/share-key';
import { complaintTranscript } from '../crypto/transcripts';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { ComplaintMessage } from '../messages';
import { bytesEqual, isBytes } from '../util/bytes';
import { idList, isObject } from '../util/guards';
import { serverBackend, type ServerEnv, type ServerState, type Verdict } from './state';

const STAGE = 'masked-input' as const;

/** Thrown with the verdict against a false accuser: the complaint is refused with `code` and `verdict` convicts its sender. */
export class FalseComplaint extends SecAggError {
  constructor(
    code: SecAggErrorCode,
    message: string,
    readonly verdict: Verdict,
  ) {
    super(code, message, STAGE, verdict.convicted[0].id);
  }
}

/**
 * Judges `msg` (already bound to this run, round and stage). Returns the
 * verdict against the accused; throws `FalseComplaint` against the accuser,
 * or a plain `SecAggError` for a refused message. Records the outcome in
 * `state` (convicted, complained) only once judged.
 */
export function judgeComplaint(state: ServerState, msg: ComplaintMessage, env: ServerEnv): Verdict {
  const cfg = state.config;
  const u = msg.sender;
  if (cfg.threatModel !== 'active') throw new SecAggError(SecAggErrorCode.BadPayload, 'complaints need the active threat model (signed ciphertexts)', STAGE, u);
  if (!state.shares[u] || !state.u2!.includes(u)) throw new SecAggError(SecAggErrorCode.NotInCohort, `${u} is not in U2`, STAGE, u);
  if (state.complained[u] || state.masked[u] || state.convicted[u]) throw new SecAggError(SecAggErrorCode.Duplicate, `${u} already sent its masked input or a complaint`, STAGE, u);
  const c = msg.complaint as unknown;
  if (!isObject(c)) throw new SecAggError(SecAggErrorCode.BadPayload, 'complaint must be an object', STAGE, u);
  const accused = idList(c.accused, 'complaint.accused', STAGE, state.neighbours[u].length);
  if (accused.length === 0) throw new SecAggError(SecAggErrorCode.BadPayload, 'complaint.accused must name at least one sender', STAGE, u);
  if (!Array.isArray(c.cSks) || c.cSks.length !== accused.length || !c.cSks.every((k) => isBytes(k, KEY_BYTES)) || !isBytes(c.signature, SIGNATURE_BYTES)) {
    throw new SecAggError(SecAggErrorCode.BadPayload, `complaint needs one ${KEY_BYTES}-byte per-pair key for each accused and a ${SIGNATURE_BYTES}-byte signature`, STAGE, u);
  }
  const cSks = c.cSks as Uint8Array[];
  for (const v of accused) {
    if (!isValidId(v) || !state.shares[v]?.[u]) throw new SecAggError(SecAggErrorCode.NotInCohort, `${u} accuses ${v}, which sent it no share ciphertext in this attempt`, STAGE, u);
  }
  const backend = serverBackend(env);
  if (!backend.ed25519Verify(complaintTranscript(cfg.runId, cfg.round, u, accused, cSks), c.signature, cfg.signingKeys[u])) {
    throw new SecAggError(SecAggErrorCode.BadSignature, `the complaint of ${u} is not signed by its enrolled key`, STAGE, u);
  }
  state.complained[u] = true;
  const falseComplaint = (code: SecAggErrorCode, why: string): never => {
    const reason = `false complaint: ${why}`;
    state.convicted[u] = reason;
    throw new FalseComplaint(code, reason, { convicted: [{ id: u, reason }], halted: false });
  };
  accused.forEach((v, i) => {
    const advertised = pairPublicKey(state.keys[u], v);
    if (!advertised || !bytesEqual(backend.x25519PublicKey(cSks[i]), advertised)) falseComplaint(SecAggErrorCode.BadKey, `the revealed key of ${u} for ${v} is not the one it advertised`);
  });
  const guilty: { id: string; reason: string }[] = [];
  const opened: string[] = [];
  for (const [i, v] of accused.entries()) {
    const key = deriveShareKey(backend, cfg.runId, cfg.round, { id: u, index: state.index[u] }, { id: v, index: state.index[v] }, cSks[i], pairPublicKey(state.keys[v], u)!);
    try {
      const shares = openShares(key, state.shares[v][u], { runId: cfg.runId, round: cfg.round, sender: v, recipient: u, x: state.index[u] });
      shares.sShare.y.fill(0);
      shares.bShare.y.fill(0);
      opened.push(v);
    } catch (e) {
      if (!(e instanceof SecAggError) || e.code !== SecAggErrorCode.DecryptFailed) throw e;
      guilty.push({ id: v, reason: `its signed share ciphertext for ${u} does not open (${e.message})` });
    } finally {
      key.fill(0);
    }
  }
  for (const g of guilty) state.convicted[g.id] = g.reason;
  if (opened.length > 0) {
    const reason = `false complaint: the ciphertext(s) from ${opened.join(', ')} open and check out`;
    state.convicted[u] = reason;
    throw new FalseComplaint(SecAggErrorCode.Misbehaved, reason, { convicted: [{ id: u, reason }, ...guilty], halted: guilty.length > 0 });
  }
  return { convicted: guilty, halted: true };
}
