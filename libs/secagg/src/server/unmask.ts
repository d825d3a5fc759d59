/**
 * @module server/unmask
 * Round 4 on the server (Unmasking, Bonawitz et al. §4). Each u ∈ U4 is asked
 * for exactly what the server needs: b-shares of the survivors u holds and
 * s^SK-shares of the dropped users (with a masking partner in U3) u holds.
 * Shares are filed by owner as they arrive (work linear in the shares
 * received). Closing rebuilds every b_u (u ∈ U3) and every needed s_v^SK
 * (checked against s_v^PK) from **all** the shares received for it
 * (crypto/shamir-robust): shares off the polynomial that a clear majority agree
 * on are rejected and reported; without such a majority the round fails with
 * `SHARE_MISMATCH` naming the suspects, never with a wrong sum. It then computes
 *   z = Σ_{U3} y_u − Σ_{U3} PRG(b_u) − Σ_{u ∈ U3, v dropped, v ∈ N(u)} p_{u,v}   (mod 2^32),
 * streaming every mask into the one masked-sum accumulator (memory O(P)).
 * Fewer than t shares for any needed secret: `failed`, never a partial sum.
 */
import { canonicalSort, isValidId } from '../config';
import { SHARE_BYTES } from '../crypto/shamir';
import { ShamirRecoverer } from '../crypto/shamir-robust';
import { applyMasks, pairMask, selfMask } from '../crypto/masks';
import type { Mask } from '../crypto/prg';
import { SecAggError, SecAggErrorCode, type SecAggErrorInfo } from '../errors';
import type { RevealedShare, ServerMessage, UnmaskMessage, UnmaskRequest } from '../messages';
import { bytesEqual, isBytes } from '../util/bytes';
import { objectList } from '../util/guards';
import { serverBackend, type RejectedShare, type ServerEnv, type ServerStageOutput, type ServerState } from './state';
import { belowThreshold } from './threshold';
import type { PrgId } from '../constants';

const STAGE = 'unmask' as const;

/** One request per u ∈ U4 (records what was asked, to check the answers). O(k) per u: only N[u] can hold u's shares. */
export function unmaskRequests(state: ServerState): Record<string, ServerMessage> {
  const cfg = state.config;
  const u3 = state.u3!;
  const inU3 = new Set(u3);
  const isDropped = new Set(state.dropped!);
  const u4 = new Set(state.u4!);
  const messages: Record<string, ServerMessage> = {};
  // Identical requests (every user's, on the complete graph without dropouts) are one shared object.
  const same = new Map<string, UnmaskRequest>();
  for (const u of state.u4!) {
    const closed = canonicalSort([u, ...state.neighbours[u]]);
    const bOf = closed.filter((w) => inU3.has(w) && (w === u || state.shares[w]?.[u] !== undefined));
    const sOf = canonicalSort(state.neighbours[u].filter((v) => isDropped.has(v) && state.shares[v]?.[u] !== undefined));
    const signers = cfg.threatModel === 'active' ? closed.filter((v) => u4.has(v)) : [];
    state.requests[u] = { bOf, sOf };
    const key = [bOf.join(','), sOf.join(','), signers.join(',')].join('\n');
    let req = same.get(key);
    if (!req) {
      req = { runId: cfg.runId, round: cfg.round, stage: STAGE, survivors: u3, bOf, sOf };
      if (cfg.threatModel === 'active') req.signatures = signers.map((v) => ({ from: v, signature: state.consistency[v] }));
      same.set(key, req);
    }
    messages[u] = req;
  }
  return messages;
}

function sharesFor(list: unknown, expected: string[], kind: string, id: string): Map<string, Uint8Array> {
  const entries = objectList(list, `${kind}Shares`, STAGE, expected.length);
  const wanted = new Set(expected);
  const out = new Map<string, Uint8Array>();
  for (const e of entries) {
    const of = e.of as string;
    if (!isValidId(of) || !wanted.has(of) || out.has(of)) {
      throw new SecAggError(SecAggErrorCode.BadPayload, `${id} sent an unrequested ${kind}-share of ${String(of)}`, STAGE, id);
    }
    if (!isBytes(e.y, SHARE_BYTES)) throw new SecAggError(SecAggErrorCode.BadPayload, `${kind}-share of ${of} from ${id} must be ${SHARE_BYTES} bytes`, STAGE, id);
    out.set(of, e.y);
  }
  if (out.size !== expected.length) throw new SecAggError(SecAggErrorCode.BadPayload, `${id} must send every requested ${kind}-share`, STAGE, id);
  return out;
}

export function acceptUnmask(state: ServerState, msg: UnmaskMessage): void {
  const id = msg.sender;
  const req = state.requests[id];
  if (!req) throw new SecAggError(SecAggErrorCode.NotInCohort, `${id} was not asked to unmask`, STAGE, id);
  if (state.responses[id]) throw new SecAggError(SecAggErrorCode.Duplicate, `${id} already sent its shares`, STAGE, id);
  const b = sharesFor(msg.bShares as RevealedShare[], req.bOf, 'b', id);
  const s = sharesFor(msg.sShares as RevealedShare[], req.sOf, 's', id);
  const x = state.index[id];
  for (const [of, y] of b) (state.received[of] ??= { b: [], s: [] }).b.push({ x, y });
  for (const [of, y] of s) (state.received[of] ??= { b: [], s: [] }).s.push({ x, y });
  state.responses[id] = true;
}

const sharesOf = (state: ServerState, owner: string, kind: 'b' | 's') => state.received[owner]?.[kind] ?? [];

/**
 * Closing unmask up to the heavy part: every needed secret rebuilt and turned
 * into its mask (self masks of U3, pairwise masks of the dropped), or the
 * failure. The caller adds `masks` into `acc` (in process with `applyMasks`,
 * or elsewhere, e.g. a worker thread) and then returns `done`. The mask keys
 * are secret: wipe them once added (`applyMasks` does).
 */
export type UnmaskPlan = { kind: 'failed'; failure: SecAggErrorInfo } | { kind: 'plan'; prg: PrgId; acc: Uint32Array; masks: Mask[]; done: ServerStageOutput };

export function closeUnmask(state: ServerState, env: ServerEnv): ServerStageOutput {
  const plan = planUnmask(state, env);
  if (plan.kind === 'failed') return plan;
  applyMasks(serverBackend(env).prg(plan.prg), plan.acc, plan.masks);
  return plan.done;
}

export function planUnmask(state: ServerState, env: ServerEnv): UnmaskPlan {
  const cfg = state.config;
  const t = cfg.t;
  const u3 = state.u3!;
  const dropped = state.dropped!;
  for (const u of u3) {
    const n = sharesOf(state, u, 'b').length;
    if (n < t) return { kind: 'failed', failure: belowThreshold(STAGE, `only ${n} b-shares of ${u}, below t = ${t}`, u) };
  }
  for (const v of dropped) {
    const n = sharesOf(state, v, 's').length;
    if (n < t) return { kind: 'failed', failure: belowThreshold(STAGE, `only ${n} s-shares of dropped ${v}, below t = ${t}`, v) };
  }
  const backend = serverBackend(env);
  const recoverer = new ShamirRecoverer();
  const rejectedShares: RejectedShare[] = [];
  const holderAt = (x: number): string => cfg.participants[x - 1];
  const seeds: Record<string, Uint8Array> = {};
  const secretKeys: Record<string, Uint8Array> = {};
  const wipeAll = (): void => {
    for (const k of [...Object.values(seeds), ...Object.values(secretKeys)]) k.fill(0);
  };
  /** The secret, or the failure that names whom to suspect. */
  const recover = (owner: string, kind: 'b' | 's'): Uint8Array | SecAggErrorInfo => {
    const r = recoverer.recover(sharesOf(state, owner, kind), t, 32);
    if (r.ok) {
      for (const x of r.rejected) rejectedShares.push({ holder: holderAt(x), owner, kind });
      return r.secret;
    }
    return shareMismatch(`${kind}-shares of ${owner} are inconsistent: ${r.reason}`, r.suspects.length > 0 ? r.suspects.map(holderAt) : [owner]);
  };
  const failure = ((): SecAggErrorInfo | null => {
    try {
      for (const u of u3) {
        const r = recover(u, 'b');
        if (!isBytes(r)) return r;
        seeds[u] = r;
      }
      for (const v of dropped) {
        const r = recover(v, 's');
        if (!isBytes(r)) return r;
        secretKeys[v] = r;
        if (!bytesEqual(backend.x25519PublicKey(r), state.keys[v].sPk)) return shareMismatch(`rebuilt s^SK of ${v} does not match its public key`, [v]);
      }
      return null;
    } catch (e) {
      return e instanceof SecAggError ? { ...e.toInfo(), stage: STAGE } : { code: SecAggErrorCode.ShareMismatch, message: String(e), stage: STAGE };
    }
  })();
  if (failure) {
    wipeAll();
    return { kind: 'failed', failure };
  }
  const sha512 = (d: Uint8Array): Uint8Array => backend.sha512(d);
  const masks: Mask[] = u3.map((u) => selfMask(cfg.runId, cfg.round, u, seeds[u], -1, sha512));
  for (const u of u3) seeds[u].fill(0);
  const inU3 = new Set(u3);
  for (const v of dropped) {
    const vSide = { id: v, index: state.index[v] };
    for (const u of Object.keys(state.shares[v])) {
      if (inU3.has(u)) masks.push(pairMask(backend, cfg.runId, cfg.round, { id: u, index: state.index[u] }, vSide, secretKeys[v], state.keys[u].sPk, -1));
    }
    secretKeys[v].fill(0);
  }
  const acc = state.maskedSum ?? new Uint32Array(cfg.vectorLength);
  state.maskedSum = null;
  const result = { sum: acc, survivors: [...u3], dropped: [...dropped] };
  return { kind: 'plan', prg: cfg.prg, acc, masks, done: { kind: 'done', result: rejectedShares.length > 0 ? { ...result, rejectedShares } : result } };
}

/** SHARE_MISMATCH naming the suspects (clientId when there is exactly one). */
function shareMismatch(message: string, suspects: string[]): SecAggErrorInfo {
  return {
    code: SecAggErrorCode.ShareMismatch,
    message: `${message}; suspected: ${suspects.join(', ')}`,
    stage: STAGE,
    suspects,
    ...(suspects.length === 1 ? { clientId: suspects[0] } : {}),
  };
}
