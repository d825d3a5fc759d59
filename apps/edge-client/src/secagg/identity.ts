/**
 * @module secagg/identity
 * The client's long-term Ed25519 signing identity for secure aggregation. Its
 * public key is sent with every `client:register` (first registration and
 * every reconnect); the coordinator pins it to the client id and hands it to
 * the cohort in the round config. In the active threat model the client signs
 * its advertised round keys and its view of the survivors with it.
 *
 * The key pair signs every authentication too (docs/enrollment.md). It is
 * kept in FILE (`--identity`, by default `fedlearn/identity-<name>.json`
 * under `$XDG_CONFIG_HOME` or `~/.config`, see {@link defaultIdentityFile})
 * as JSON:
 *
 *   { "version": 1,
 *     "signingKey": { "kty": "OKP", "crv": "Ed25519", "x": <public, b64url>, "d": <seed, b64url> },
 *     "enrollment": { "clientId": …, "coordinatorId": … },   (once enrolled)
 *     "pins": { "<peer client id>": <peer Ed25519 public key, base64>, … } }
 *
 * (the key as a JWK, RFC 8037; `pins` as `KeyPins.toJSON()`). The file is
 * created when missing (its folder with mode 0700), with mode 0600, written to a temporary file and
 * renamed into place so it is never half-written; a file readable by group or
 * others is used but warned about. On load the public key is recomputed from
 * the seed and must match `x`.
 *
 * `pins` is the process-lifetime store of peers' signing keys, trusted on first
 * use (`KeyPins` of `@fl/secagg`, which advertise-keys checks and extends);
 * `saveIdentity` writes it back to FILE (the stage driver does after a round
 * pinned new keys).
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { KeyPins, nodeSigningKeyPair } from '@fl/secagg/node';
import { ClientError, errorMessage } from '../errors';
import type { Log } from '../log';

export const IDENTITY_FILE_VERSION = 1;
const FILE_MODE = 0o600;

export interface SigningIdentity {
  /** Ed25519 public key, 32 bytes: the `signingKey` sent at registration. */
  readonly publicKey: Uint8Array;
  /** Ed25519 secret key in tweetnacl layout (seed ‖ public key, 64 bytes), for `ClientEnv.signingSecretKey`. */
  readonly secretKey: Uint8Array;
  /** The identity file, or null for an in-memory identity. */
  readonly file: string | null;
  /** Peers' signing keys pinned on first use, for `ClientEnv.pins` (persisted with a file identity). */
  readonly pins: KeyPins;
  /** The client id and coordinator id this key was enrolled with; null until enrolled. */
  enrollment: { clientId: string; coordinatorId: string } | null;
}

interface IdentityJson {
  version: number;
  signingKey: { kty: 'OKP'; crv: 'Ed25519'; x: string; d: string };
  enrollment?: { clientId?: unknown; coordinatorId?: unknown } | null;
  pins?: unknown;
}

/** `fedlearn/identity-<name>.json` under `$XDG_CONFIG_HOME`, else `~/.config` (the client name made file-safe). */
export function defaultIdentityFile(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'fedlearn', `identity-${name.replace(/[^\w.-]/g, '_')}.json`);
}

const b64u = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
const fromB64u = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64url'));

/** A fresh in-memory identity (lost when the process exits). */
export function ephemeralIdentity(): SigningIdentity {
  return { ...freshKeyPair(), file: null, pins: new KeyPins(), enrollment: null };
}

/**
 * The identity kept in `file`, created (mode 0600) when missing. Throws
 * `IDENTITY` when the file cannot be read, parsed or written, or its key is
 * inconsistent. `log` receives a warning for a file readable by others.
 */
export function loadIdentity(file: string, log?: Log): SigningIdentity {
  let text: string | null;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw identityError(file, `cannot read it: ${errorMessage(e)}`);
    text = null;
  }
  if (text === null) {
    const created = create(file);
    if (created) return created;
    text = readFileSync(file, 'utf8'); // someone else created it meanwhile
  }
  checkMode(file, log);
  return parse(file, text);
}

/** Writes `identity` (key and pins) back to its file; a no-op for an in-memory identity. Throws `IDENTITY`. */
export function saveIdentity(identity: SigningIdentity): void {
  if (identity.file === null) return;
  writeAtomically(identity.file, serialize(identity), false);
}

/** A new Ed25519 pair (`nodeSigningKeyPair`: never `generateKeyPairSync` + a JWK export, which can deadlock on Node 20). */
function freshKeyPair(): { publicKey: Uint8Array; secretKey: Uint8Array } {
  return nodeSigningKeyPair();
}

function keyPairOf(seed: Uint8Array, publicKey: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } {
  const secretKey = new Uint8Array(64);
  secretKey.set(seed);
  secretKey.set(publicKey, 32);
  return { publicKey: secretKey.slice(32), secretKey };
}

function create(file: string): SigningIdentity | null {
  const identity: SigningIdentity = { ...freshKeyPair(), file, pins: new KeyPins(), enrollment: null };
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  } catch (e) {
    throw identityError(file, `cannot create its folder: ${errorMessage(e)}`);
  }
  return writeAtomically(file, serialize(identity), true) ? identity : null;
}

function serialize(identity: SigningIdentity): string {
  const json: IdentityJson = {
    version: IDENTITY_FILE_VERSION,
    signingKey: { kty: 'OKP', crv: 'Ed25519', x: b64u(identity.publicKey), d: b64u(identity.secretKey.subarray(0, 32)) },
    enrollment: identity.enrollment,
    pins: identity.pins.toJSON(),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

function parse(file: string, text: string): SigningIdentity {
  let json: IdentityJson;
  try {
    json = JSON.parse(text) as IdentityJson;
  } catch (e) {
    throw identityError(file, `not JSON: ${errorMessage(e)}`);
  }
  if (json?.version !== IDENTITY_FILE_VERSION) throw identityError(file, `unsupported version ${String(json?.version)} (expected ${IDENTITY_FILE_VERSION})`);
  const k = json.signingKey;
  if (k?.kty !== 'OKP' || k.crv !== 'Ed25519' || typeof k.x !== 'string' || typeof k.d !== 'string') {
    throw identityError(file, 'signingKey must be an Ed25519 JWK with "x" and "d"');
  }
  const seed = fromB64u(k.d);
  const publicKey = fromB64u(k.x);
  if (seed.length !== 32 || publicKey.length !== 32) throw identityError(file, 'signingKey "d" and "x" must be 32 bytes each');
  let derived: Uint8Array;
  try {
    const priv: KeyObject = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: k.d, x: k.x }, format: 'jwk' });
    derived = fromB64u((createPublicKey(priv).export({ format: 'jwk' }) as { x: string }).x);
  } catch (e) {
    throw identityError(file, `unusable signingKey: ${errorMessage(e)}`);
  }
  if (!Buffer.from(derived).equals(Buffer.from(publicKey))) throw identityError(file, 'signingKey "x" is not the public key of "d"');
  let pins: KeyPins;
  try {
    pins = KeyPins.fromJSON(json.pins ?? {});
  } catch (e) {
    throw identityError(file, `bad pins: ${errorMessage(e)}`);
  }
  const e = json.enrollment;
  if (e != null && (typeof e.clientId !== 'string' || typeof e.coordinatorId !== 'string' || !e.clientId || !e.coordinatorId))
    throw identityError(file, 'enrollment must be { "clientId": string, "coordinatorId": string }');
  const enrollment = e ? { clientId: e.clientId as string, coordinatorId: e.coordinatorId as string } : null;
  return { ...keyPairOf(seed, publicKey), file, pins, enrollment };
}

/**
 * Writes `text` to `file` with mode 0600 through a temporary file. With
 * `exclusive`, does not replace an existing file and returns false instead.
 */
function writeAtomically(file: string, text: string, exclusive: boolean): boolean {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', FILE_MODE);
    try {
      fchmodSync(fd, FILE_MODE); // regardless of the umask
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!exclusive) {
      renameSync(tmp, file);
      return true;
    }
    try {
      linkSync(tmp, file); // fails if the file appeared meanwhile
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    } finally {
      unlinkSync(tmp);
    }
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw identityError(file, `cannot write it: ${errorMessage(e)}`);
  }
}

function checkMode(file: string, log?: Log): void {
  if (process.platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    log?.warn('identity_mode', `identity file ${file} has mode ${mode.toString(8).padStart(4, '0')}; it holds a secret key, use chmod 600`, { file, mode });
  }
}

function identityError(file: string, why: string): ClientError {
  return new ClientError('IDENTITY', `identity file ${file}: ${why}`);
}
