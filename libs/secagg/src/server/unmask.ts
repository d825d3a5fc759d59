/**
 * @module server/unmask
 * Round 4 on the server (Unmasking, Bonawitz et al. §4). Each u ∈ U4 is asked
 * for exactly what the server needs: b-shares of the survivors u holds and
 * s^SK-shares of the dropped users (with a masking partner in U3) u holds.
 * Closing rebuilds every b_u (u ∈ U3) and every needed s_v^SK (checked against
 * s_v^PK) from t shares and computes
 *   z = Σ_{U3} y_u − Σ_{U3} PRG(b_u) − Σ_{u ∈ U3, v dropped, v ∈ N(u)} p_{u,v}   (mod 2^32),
 * streaming every mask into the one masked-sum accumulator (memory O(P)).
 * Fewer than t shares for any needed secret: `failed`, never a partial sum.
 */
import { isValidId } from '../config';
import { shamirCombine, SHARE_BYTES, type Share } from '../crypto/shamir';
import { applyMasks, pairMask, selfMask } from '../crypto/masks';
import type { Mask } from '../crypto/prg';
import { SecAggError, SecAggErrorCode, type SecAggErrorInfo } from '../errors';
import type { RevealedShare, ServerMessage, UnmaskMessage, UnmaskRequest } from '../messages';
import { bytesEqual, isBytes } from '../util/bytes';
import { objectList } from '../util/guards';
import { serverBackend, type ServerEnv, type ServerStageOutput, type ServerState } from './state';
import { belowThreshold } from './threshold';

const STAGE = 'unmask' as const;

/** One request per u ∈ U4 (records what was asked, to check the answers). */
export function unmaskRequests(state: ServerState): Record<string, ServerMessage> {
  const cfg = state.config;
  const u3 = state.u3!;
  const u4 = new Set(state.u4!);
  const messages: Record<string, ServerMessage> = {};
  for (const u of state.u4!) {
    const bOf = u3.filter((w) => w === u || state.shares[w][u]);
    const sOf = state.dropped!.filter((v) => state.shares[v][u]);
    state.requests[u] = { bOf, sOf };
    const req: UnmaskRequest = { runId: cfg.runId, round: cfg.round, stage: STAGE, survivors: u3, bOf, sOf };
    if (cfg.threatModel === 'active') {
      req.signatures = [u, ...state.neighbours[u]].filter((v) => u4.has(v)).map((v) => ({ from: v, signature: state.consistency[v] }));
    }
    messages[u] = req;
  }
  return messages;
}

function sharesFor(list: unknown, expected: string[], kind: string, id: string): Record<string, Uint8Array> {
  const entries = objectList(list, `${kind}Shares`, STAGE, expected.length);
  const out: Record<string, Uint8Array> = {};
  for (const e of entries) {
    const of = e.of as string;
    if (!isValidId(of) || !expected.includes(of) || out[of]) {
      throw new SecAggError(SecAggErrorCode.BadPayload, `${id} sent an unrequested ${kind}-share of ${String(of)}`, STAGE, id);
    }
    if (!isBytes(e.y, SHARE_BYTES)) throw new SecAggError(SecAggErrorCode.BadPayload, `${kind}-share of ${of} from ${id} must be ${SHARE_BYTES} bytes`, STAGE, id);
    out[of] = e.y;
  }
  if (Object.keys(out).length !== expected.length) throw new SecAggError(SecAggErrorCode.BadPayload, `${id} must send every requested ${kind}-share`, STAGE, id);
  return out;
}

export function acceptUnmask(state: ServerState, msg: UnmaskMessage): void {
  const id = msg.sender;
  const req = state.requests[id];
  if (!req) throw new SecAggError(SecAggErrorCode.NotInCohort, `${id} was not asked to unmask`, STAGE, id);
  if (state.responses[id]) throw new SecAggError(SecAggErrorCode.Duplicate, `${id} already sent its shares`, STAGE, id);
  const b = sharesFor(msg.bShares as RevealedShare[], req.bOf, 'b', id);
  const s = sharesFor(msg.sShares as RevealedShare[], req.sOf, 's', id);
  state.responses[id] = { b, s };
}

/** Shares of `owner`'s secret of `kind` from the responders, canonical order. */
function collect(state: ServerState, owner: string, kind: 'b' | 's'): Share[] {
  const out: Share[] = [];
  for (const id of state.config.participants) {
    const y = state.responses[id]?.[kind][owner];
    if (y) out.push({ x: state.index[id], y });
  }
  return out;
}

export function closeUnmask(state: ServerState, env: ServerEnv): ServerStageOutput {
  const cfg = state.config;
  const t = cfg.t;
  const u3 = state.u3!;
  const dropped = state.dropped!;
  for (const u of u3) {
    const n = collect(state, u, 'b').length;
    if (n < t) return { kind: 'failed', failure: belowThreshold(STAGE, `only ${n} b-shares of ${u}, below t = ${t}`, u) };
  }
  for (const v of dropped) {
    const n = collect(state, v, 's').length;
    if (n < t) return { kind: 'failed', failure: belowThreshold(STAGE, `only ${n} s-shares of dropped ${v}, below t = ${t}`, v) };
  }
  const backend = serverBackend(env);
  const prg = backend.prg(cfg.prg);
  let secretKeys: Record<string, Uint8Array>;
  let seeds: Record<string, Uint8Array>;
  try {
    seeds = Object.fromEntries(u3.map((u) => [u, shamirCombine(collect(state, u, 'b'), t, 32)]));
    secretKeys = Object.fromEntries(
      dropped.map((v) => {
        const sk = shamirCombine(collect(state, v, 's'), t, 32);
        if (!bytesEqual(backend.x25519PublicKey(sk), state.keys[v].sPk)) {
          throw new SecAggError(SecAggErrorCode.ShareMismatch, `rebuilt s^SK of ${v} does not match its public key`, STAGE, v);
        }
        return [v, sk];
      }),
    );
  } catch (e) {
    const failure: SecAggErrorInfo = e instanceof SecAggError ? { ...e.toInfo(), stage: STAGE } : { code: SecAggErrorCode.ShareMismatch, message: String(e), stage: STAGE };
    return { kind: 'failed', failure };
  }
  const masks: Mask[] = u3.map((u) => selfMask(cfg.runId, cfg.round, u, seeds[u], -1));
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
  applyMasks(prg, acc, masks);
  return { kind: 'done', result: { sum: acc, survivors: [...u3], dropped: [...dropped] } };
}
