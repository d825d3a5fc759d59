/**
 * @module config
 * The public parameters of one SecAgg(+) round, agreed by every side before
 * advertise-keys: run and round binding, the cohort U0 in canonical (sorted)
 * order — a participant's 1-based position is its Shamir evaluation point —,
 * graph degree k and threshold t, the graph seed, the vector length in ring
 * words, the PRG id, the threat model and (active model) every participant's
 * long-term Ed25519 public key from enrolment.
 *
 * `createSecAggConfig` (coordinator) fills defaults and validates;
 * `validateSecAggConfig` (client, on receipt) validates an untrusted value.
 * Defaults: threat model `active`; PRG `chacha20`; without k/t the complete
 * graph with t = ⌊2n/3⌋ + 1 (Bonawitz et al.); a fresh CSPRNG graph seed.
 * `runId` should name the job *and* the attempt, so a retried round is a new run.
 */
import { DEFAULT_PRG, KEY_BYTES, MAX_ID_LENGTH, MAX_PARTICIPANTS, MAX_VECTOR_LENGTH, PrgId, SECAGG_VERSION, SIGNING_PUBLIC_KEY_BYTES } from './constants';
import { secureRandom, type RandomSource } from './crypto/random';
import { SecAggError, SecAggErrorCode } from './errors';
import { canonicalIndex, neighbourhoods } from './graph/harary';
import { validateSecAggParams } from './graph/params';
import type { ThreatModel } from './stages';
import { byteKey, isBytes } from './util/bytes';

export interface SecAggConfig {
  version: typeof SECAGG_VERSION;
  runId: string;
  round: number;
  /** U0, strictly ascending. */
  participants: string[];
  k: number;
  t: number;
  graphSeed: Uint8Array;
  /** Ring words per masked vector (P, plus one if the weight rides along). */
  vectorLength: number;
  prg: PrgId;
  threatModel: ThreatModel;
  /** Ed25519 public keys by participant; required (for all) in the active model, empty otherwise. */
  signingKeys: Record<string, Uint8Array>;
}

export interface SecAggConfigInput {
  runId: string;
  round: number;
  participants: readonly string[];
  vectorLength: number;
  k?: number;
  t?: number;
  graphSeed?: Uint8Array;
  prg?: PrgId;
  threatModel?: ThreatModel;
  signingKeys?: Record<string, Uint8Array>;
}

const ID_RE = /^[A-Za-z0-9._:@-]+$/;
/**
 * Ids are record keys and transcript fields: a safe charset, bounded, and never
 * a name `Object.prototype` answers to (`__proto__`, `toString`, …), so a
 * lookup `record[id]` can only find an own entry.
 */
export function isValidId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH && ID_RE.test(v) && !(v in Object.prototype);
}

/** Whether `xs` is strictly ascending in code-unit order (the canonical order). */
export function isCanonical(xs: readonly string[]): boolean {
  for (let i = 1; i < xs.length; i++) if (!(xs[i - 1] < xs[i])) return false;
  return true;
}

export const canonicalSort = (xs: Iterable<string>): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const bad = (msg: string): never => {
  throw new SecAggError(SecAggErrorCode.InvalidParams, `SecAgg config: ${msg}`);
};

/** Validates an untrusted config (throws `INVALID_PARAMS` / `BAD_KEY`) and returns it typed. */
export function validateSecAggConfig(v: unknown): SecAggConfig {
  if (typeof v !== 'object' || v === null) return bad('must be an object');
  const c = v as Record<string, unknown>;
  if (c.version !== SECAGG_VERSION) bad(`version must be ${SECAGG_VERSION}`);
  if (typeof c.runId !== 'string' || c.runId.length === 0 || c.runId.length > MAX_ID_LENGTH) bad('runId must be a non-empty string');
  if (!Number.isInteger(c.round) || (c.round as number) < 0 || (c.round as number) > 0xffffffff) bad('round must be a uint32');
  const ps = c.participants;
  if (!Array.isArray(ps) || ps.length > MAX_PARTICIPANTS || !ps.every(isValidId)) bad('participants must be valid ids');
  const participants = ps as string[];
  if (!isCanonical(participants)) bad('participants must be unique and in ascending order');
  const model = c.threatModel;
  if (model !== 'active' && model !== 'semi-honest') bad('threatModel must be "active" or "semi-honest"');
  validateSecAggParams(participants.length, c.k as number, c.t as number, model as ThreatModel);
  if (!isBytes(c.graphSeed, KEY_BYTES)) bad('graphSeed must be 32 bytes');
  if (!Number.isInteger(c.vectorLength) || (c.vectorLength as number) < 1 || (c.vectorLength as number) > MAX_VECTOR_LENGTH) bad(`vectorLength must be in [1, ${MAX_VECTOR_LENGTH}]`);
  if (!(Object.values(PrgId) as unknown[]).includes(c.prg)) bad(`prg must be one of ${Object.values(PrgId).join(', ')}`);
  const keys = c.signingKeys;
  if (typeof keys !== 'object' || keys === null) bad('signingKeys must be an object');
  const sk = keys as Record<string, unknown>;
  if (model === 'active') {
    const seen = new Set<string>();
    for (const id of participants) {
      const k = Object.prototype.hasOwnProperty.call(sk, id) ? sk[id] : undefined;
      if (!isBytes(k, SIGNING_PUBLIC_KEY_BYTES)) throw new SecAggError(SecAggErrorCode.BadKey, `SecAgg config: no 32-byte signing key for ${id}`, undefined, id);
      const key = byteKey(k);
      if (seen.has(key)) throw new SecAggError(SecAggErrorCode.BadKey, `SecAgg config: signing key of ${id} is shared with another participant`, undefined, id);
      seen.add(key);
    }
  }
  return c as unknown as SecAggConfig;
}

/** Builds a validated config with defaults (coordinator side). */
export function createSecAggConfig(input: SecAggConfigInput, random: RandomSource = secureRandom): SecAggConfig {
  const participants = canonicalSort(input.participants);
  const n = participants.length;
  const k = input.k ?? n - 1;
  const cfg: SecAggConfig = {
    version: SECAGG_VERSION,
    runId: input.runId,
    round: input.round,
    participants,
    k,
    t: input.t ?? (input.k === undefined ? Math.floor((2 * n) / 3) + 1 : NaN),
    graphSeed: input.graphSeed ?? random(KEY_BYTES),
    vectorLength: input.vectorLength,
    prg: input.prg ?? DEFAULT_PRG,
    threatModel: input.threatModel ?? 'active',
    signingKeys: input.signingKeys ?? {},
  };
  if (Number.isNaN(cfg.t)) bad('t must be given with k (use chooseSecAggParams)');
  return validateSecAggConfig(cfg);
}

export interface Topology {
  /** 1-based canonical index (Shamir point) per participant. */
  index: Record<string, number>;
  /** Open neighbourhood N(u), canonical order. */
  neighbours: Record<string, string[]>;
}

export function topologyOf(cfg: SecAggConfig): Topology {
  return { index: canonicalIndex(cfg.participants), neighbours: neighbourhoods(cfg.participants, cfg.k, cfg.graphSeed) };
}
