/**
 * @module args
 * Command line of `fl-client`, parsed with `node:util` `parseArgs` and
 * validated once. Every problem is reported at once with code `USAGE`.
 */
import { parseArgs } from 'node:util';
import { hostname } from 'node:os';
import { MAX_NAME_LENGTH } from '@fl/protocol';
import { ClientError } from './errors';
import { defaultIdentityFile } from './secagg/identity';

export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Fault injection (dropout benchmarks and tests). */
export const FAULT_CHOICES = ['exit-after-share-keys'] as const;
export type FaultChoice = (typeof FAULT_CHOICES)[number];

export interface CliOptions {
  /** Coordinator base URL, e.g. `http://127.0.0.1:3000`. */
  coordinator: string;
  /** Data spec for trainer-tfjs (`mnist?shard=0/8`), or in echo mode the dataset name to claim. */
  data: string;
  name: string;
  backend: BackendChoice;
  /** Benchmark mode: no TF.js, no data; echoes the global weights plus a small perturbation. */
  echo: boolean;
  /** Example count claimed in echo mode. */
  examples: number;
  /** File holding the Ed25519 identity and its enrollment (created if missing); default under the user's config dir. */
  identity: string;
  /** Enrollment token (`--enroll-token` or `FL_ENROLL_TOKEN`), used only while the identity is not enrolled. */
  enrollToken?: string;
  /** `exit-after-share-keys`: exit right after answering share-keys in a secure round. */
  fault?: FaultChoice;
  /** PEM file of a private CA to trust for the coordinator's certificate (socket and bulk channel), besides the system CAs. */
  ca?: string;
  /** Take part in semi-honest secure rounds (no signatures, no consistency check); refused by default. */
  allowSemiHonest: boolean;
  json: boolean;
  help: boolean;
}

export const USAGE = `Usage: fl-client --coordinator URL --data SPEC [options]

Connects to a federated-learning coordinator, trains on local data when
selected, and uploads the update.

Options:
  --coordinator URL   coordinator base URL (http://host:port)           [required]
  --data SPEC         local data: <kind>[:<path>][?key=value&...]        [required]
                      kinds: mnist | fashion-mnist | idx:<dir> | csv:<file> | images:<dir>
                      options: name=, holdout=N, shard=i/n, alpha=A, seed=S, test=F, limit=N
                      with --echo: the dataset name to claim (default: synthetic)
  --name NAME         client name shown by the coordinator   (default: <host>-<pid>)
  --backend B         auto | tensorflow | wasm | cpu                    (default: auto)
  --echo              benchmark mode: never loads TF.js; returns the global
                      weights plus a small deterministic perturbation
  --examples N        example count claimed with --echo                 (default: 100)
  --enroll-token T    enrollment token from the coordinator's admin (POST
                      /api/enrollment-tokens); also FL_ENROLL_TOKEN. Needed
                      only for the first start: the identity file then keeps
                      the client id
  --identity FILE     the Ed25519 key (signs every authentication and
                      secure-aggregation messages), the client id and
                      coordinator id once enrolled, and pinned peer keys (JSON,
                      mode 0600, created if missing)
                      (default: $XDG_CONFIG_HOME or ~/.config, then
                      fedlearn/identity-<name>.json)
  --ca FILE           PEM certificate(s) of a private CA that signed the
                      coordinator's TLS certificate (https:// coordinators);
                      env FL_CA. Without it only the system's CAs are trusted;
                      an untrusted certificate is always refused
  --allow-semi-honest take part in semi-honest secure-aggregation rounds (no
                      signatures or consistency check); by default only the
                      active threat model is accepted, so a coordinator cannot
                      downgrade a round
  --fault F           fault injection for benchmarks and tests:
                      exit-after-share-keys (SIGKILL itself right after sharing
                      keys in a secure round: a dropout the round must survive)
  --json              one JSON object per line instead of text
  --help              show this help

Examples:
  first start (enrolls with a token an admin created; the identity file keeps the client id):
    fl-client --coordinator http://127.0.0.1:3000 --data "mnist?shard=0/8" --name site-a --enroll-token et_…
  every later start (same identity, no token):
    fl-client --coordinator http://127.0.0.1:3000 --data "mnist?shard=0/8" --name site-a`;

/** Parses and validates `argv` (without node and script); `env` supplies FL_ENROLL_TOKEN and the config dir. Throws `ClientError('USAGE')`. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        coordinator: { type: 'string' },
        data: { type: 'string' },
        name: { type: 'string' },
        backend: { type: 'string', default: 'auto' },
        echo: { type: 'boolean', default: false },
        examples: { type: 'string' },
        identity: { type: 'string' },
        'enroll-token': { type: 'string' },
        ca: { type: 'string' },
        fault: { type: 'string' },
        'allow-semi-honest': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new ClientError('USAGE', (e as Error).message);
  }
  const help = values.help === true;
  const echo = values.echo === true;
  const problems: string[] = [];
  const coordinator = checkUrl(values.coordinator as string | undefined, problems, help);
  const data = (values.data as string | undefined) ?? (echo ? 'synthetic' : '');
  if (!help && data.trim() === '') problems.push('--data is required (e.g. --data "mnist?shard=0/8")');
  const backend = values.backend as string;
  if (!(BACKEND_CHOICES as readonly string[]).includes(backend)) problems.push(`--backend must be one of ${BACKEND_CHOICES.join(', ')} (got "${backend}")`);
  const name = (values.name as string | undefined) ?? `${hostname()}-${process.pid}`;
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) problems.push(`--name must be 1..${MAX_NAME_LENGTH} characters`);
  let examples = 100;
  if (values.examples !== undefined) {
    examples = Number(values.examples);
    if (!echo) problems.push('--examples only applies with --echo (real data counts its own examples)');
    else if (!Number.isInteger(examples) || examples < 1) problems.push(`--examples must be a positive integer (got "${values.examples}")`);
  }
  const identity = (values.identity as string | undefined) ?? defaultIdentityFile(name, env);
  if (identity.trim() === '') problems.push('--identity needs a file name');
  const enrollToken = (values['enroll-token'] as string | undefined) ?? (env.FL_ENROLL_TOKEN || undefined);
  if (enrollToken !== undefined && !/^et_[0-9a-f]{32}\.[\w-]{43}$/.test(enrollToken)) problems.push('--enroll-token (or FL_ENROLL_TOKEN) must be a token as created by POST /api/enrollment-tokens (et_<32 hex>.<43 characters>)');
  const ca = (values.ca as string | undefined) ?? env.FL_CA;
  if (ca !== undefined && ca.trim() === '') problems.push('--ca needs a file name');
  const fault = values.fault as string | undefined;
  if (fault !== undefined && !(FAULT_CHOICES as readonly string[]).includes(fault)) problems.push(`--fault must be one of ${FAULT_CHOICES.join(', ')} (got "${fault}")`);
  if (echo && data.length > MAX_NAME_LENGTH) problems.push(`with --echo, --data is a dataset name of at most ${MAX_NAME_LENGTH} characters`);
  if (problems.length) throw new ClientError('USAGE', problems.join('\n'));
  return { coordinator, data, name, backend: backend as BackendChoice, echo, examples, identity, enrollToken, ca, fault: fault as FaultChoice | undefined, allowSemiHonest: values['allow-semi-honest'] === true, json: values.json === true, help };
}

function checkUrl(raw: string | undefined, problems: string[], help: boolean): string {
  if (raw === undefined) {
    if (!help) problems.push('--coordinator is required (e.g. --coordinator http://127.0.0.1:3000)');
    return '';
  }
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    return u.origin;
  } catch {
    problems.push(`--coordinator must be an http(s) URL (got "${raw}")`);
    return '';
  }
}
