/**
 * @module args
 * Command line of `fl-client`: one option table (flags, FL_* environment
 * fallbacks, checks, help) parsed by `@fl/cli-options`, the mechanism the
 * coordinator uses too. Every problem is reported at once with code `USAGE`.
 */
import { hostname } from 'node:os';
import { MAX_NAME_LENGTH, SECAGG_THREAT_MODELS } from '@fl/protocol';
import { int, nonEmpty, oneOf, parseOptions, real, text, usageRows, type Checked, type CliOption, type ValueProblem, type Validator } from '@fl/cli-options';
import { ATTACK_CHOICES, type AttackName } from './attacks/attacks';
import type { PrivacyPolicy } from './policy';
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
  /** Behave as a malicious client (attack benchmark and tests only; see attacks/attacks). */
  attack?: AttackName;
  /** With `--attack`: how many attacking members share a cohort (ring attacks split their offset). */
  colluders?: number;
  /** PEM file of a private CA to trust for the coordinator's certificate (socket and bulk channel), besides the system CAs. */
  ca?: string;
  /** Take part in semi-honest secure rounds (no signatures, no consistency check); refused by default. */
  allowSemiHonest: boolean;
  /** Privacy requirements on train tasks (docs/privacy.md "Client policy"); absent: none. */
  privacyPolicy?: PrivacyPolicy;
  json: boolean;
  help: boolean;
}

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const no = (why: string): Checked<never> => ({ ok: false, why });

const httpUrl: Validator<string> = (raw) => {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? ok(u.origin) : no('must be an http(s) URL');
  } catch {
    return no('must be an http(s) URL');
  }
};

/**
 * Every flag of `fl-client`. Environment variables stand in for the flags a
 * deployment sets once (never for `--echo`, `--fault`, `--attack`, `--colluders` or
 * `--allow-semi-honest`: those must be asked for on the command line).
 */
export const CLI_OPTIONS: readonly CliOption[] = [
  { key: 'coordinator', flag: '--coordinator', env: 'FL_COORDINATOR', metavar: 'URL', kind: httpUrl, help: 'coordinator base URL (http://host:port)   [required]' },
  {
    key: 'data',
    flag: '--data',
    env: 'FL_DATA',
    metavar: 'SPEC',
    kind: text(),
    help: 'local data: <kind>[:<path>][?key=value&...]   [required]\nkinds: mnist | fashion-mnist | idx:<dir> | csv:<file> | images:<dir>\noptions: name=, holdout=N, shard=i/n, alpha=A, seed=S, test=F, limit=N\nwith --echo: the dataset name to claim (default: synthetic)',
  },
  { key: 'name', flag: '--name', env: 'FL_NAME', metavar: 'NAME', kind: (raw) => (raw.length === 0 || raw.length > MAX_NAME_LENGTH ? no(`must be 1..${MAX_NAME_LENGTH} characters`) : ok(raw)), help: 'client name shown by the coordinator (default: <host>-<pid>)' },
  { key: 'backend', flag: '--backend', env: 'FL_BACKEND', metavar: 'B', kind: oneOf(BACKEND_CHOICES), default: 'auto', help: 'auto | tensorflow | wasm | cpu (default: auto)' },
  { key: 'echo', flag: '--echo', kind: 'boolean', help: 'benchmark mode: never loads TF.js; returns the global\nweights plus a small deterministic perturbation' },
  { key: 'examples', flag: '--examples', metavar: 'N', kind: int(1, Number.MAX_SAFE_INTEGER, 'must be a positive integer'), help: 'example count claimed with --echo (default: 100)' },
  {
    key: 'enrollToken',
    flag: '--enroll-token',
    env: 'FL_ENROLL_TOKEN',
    metavar: 'T',
    secret: true,
    kind: (raw) => (/^et_[0-9a-f]{32}\.[\w-]{43}$/.test(raw) ? ok(raw) : no('must be a token as created by POST /api/enrollment-tokens (et_<32 hex>.<43 characters>)')),
    help: "enrollment token from the coordinator's admin (POST\n/api/enrollment-tokens). Needed only for the first start:\nthe identity file then keeps the client id; prefer the env\nvar (flags show in ps)",
  },
  {
    key: 'identity',
    flag: '--identity',
    env: 'FL_IDENTITY',
    metavar: 'FILE',
    kind: nonEmpty('needs a file name'),
    help: 'the Ed25519 key (signs every authentication and\nsecure-aggregation messages), the client id and\ncoordinator id once enrolled, and pinned peer keys (JSON,\nmode 0600, created if missing)\n(default: $XDG_CONFIG_HOME or ~/.config, then\nfedlearn/identity-<name>.json)',
  },
  {
    key: 'ca',
    flag: '--ca',
    env: 'FL_CA',
    metavar: 'FILE',
    kind: nonEmpty('needs a file name'),
    help: "PEM certificate(s) of a private CA that signed the\ncoordinator's TLS certificate (https:// coordinators).\nWithout it only the system's CAs are trusted; an\nuntrusted certificate is always refused",
  },
  { key: 'allowSemiHonest', flag: '--allow-semi-honest', kind: 'boolean', help: 'take part in semi-honest secure-aggregation rounds (no\nsignatures or consistency check); by default only the\nactive threat model is accepted, so a coordinator cannot\ndowngrade a round' },
  { key: 'requireDp', flag: '--require-dp', env: 'FL_REQUIRE_DP', kind: 'boolean', help: 'privacy policy: take only differentially private train\ntasks (declined with POLICY_DP_REQUIRED)' },
  { key: 'minNoise', flag: '--min-noise', env: 'FL_MIN_NOISE', metavar: 'Z', kind: real(0, 1e6, { exclusiveMin: true }), help: 'privacy policy: DP with a noise multiplier of at least Z\n(POLICY_NOISE_TOO_LOW)' },
  { key: 'maxEpsilon', flag: '--max-epsilon', env: 'FL_MAX_EPSILON', metavar: 'E', kind: real(0, 1e6, { exclusiveMin: true }), help: "privacy policy: DP with a job budget ε of at most E\n(POLICY_EPSILON_TOO_HIGH)" },
  { key: 'requireSecure', flag: '--require-secure', env: 'FL_REQUIRE_SECURE', metavar: 'M', kind: oneOf(SECAGG_THREAT_MODELS), help: 'privacy policy: only secure aggregation in threat model M\nor stronger: active | semi-honest (POLICY_SECURE_REQUIRED,\nPOLICY_THREAT_MODEL)' },
  { key: 'minCohort', flag: '--min-cohort', env: 'FL_MIN_COHORT', metavar: 'N', kind: int(1, 1_000_000, 'must be a positive integer'), help: 'privacy policy: at least N clients offered the round\n(POLICY_COHORT_TOO_SMALL)' },
  { key: 'minThreshold', flag: '--min-threshold', env: 'FL_MIN_THRESHOLD', metavar: 'T', kind: int(1, 1_000_000, 'must be a positive integer'), help: 'privacy policy: a released sum holds at least T\ncontributors: a secure round\'s threshold t >= T (checked\nat advertise-keys), a DP job\'s stated minimum >= T\n(POLICY_THRESHOLD_TOO_LOW)' },
  { key: 'fault', flag: '--fault', metavar: 'F', kind: oneOf(FAULT_CHOICES), help: 'fault injection for benchmarks and tests:\nexit-after-share-keys (SIGKILL itself right after sharing\nkeys in a secure round: a dropout the round must survive)' },
  {
    key: 'attack',
    flag: '--attack',
    metavar: 'A',
    kind: oneOf(ATTACK_CHOICES),
    help: 'attack benchmark and tests only: behave as a malicious\nclient. sign-flip | huge | noise | label-flip (poisoned\nupdates), weight-wrap | coordinate-wrap (chosen ring\nwords in secure rounds), unclipped (DP secure rounds:\nan update of 100·S, clipping skipped)',
  },
  { key: 'colluders', flag: '--colluders', metavar: 'K', kind: int(1, 1000, 'must be an integer in [1, 1000]'), help: 'with --attack: how many attacking clients share a cohort\n(weight-wrap and coordinate-wrap split their offset\nbetween them; default 1)' },
  { key: 'json', flag: '--json', kind: 'boolean', help: 'one JSON object per line instead of text' },
  { key: 'help', flag: '--help', short: 'h', kind: 'boolean', help: 'show this help' },
];

export const USAGE = `Usage: fl-client --coordinator URL --data SPEC [options]

Connects to a federated-learning coordinator, trains on local data when
selected, and uploads the update.

Options (a flag beats its environment variable; an empty variable counts as unset):
${usageRows(CLI_OPTIONS, { flagWidth: 20, envWidth: 0, showDefault: false }).join('\n')}

Examples:
  first start (enrolls with a token an admin created; the identity file keeps the client id):
    fl-client --coordinator http://127.0.0.1:3000 --data "mnist?shard=0/8" --name site-a --enroll-token et_…
  every later start (same identity, no token):
    fl-client --coordinator http://127.0.0.1:3000 --data "mnist?shard=0/8" --name site-a`;

/** Edge-client wording: `--backend must be one of … (got "gpu")`; secrets are never echoed. */
export const describe = (p: ValueProblem): string => `${p.source} ${p.why}${p.option.secret ? '' : ` (got ${p.shown})`}`;

/** Parses and validates `argv` (without node and script); `env` supplies the FL_* fallbacks and the config dir. Throws `ClientError('USAGE')`. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const { values, problems } = parseOptions(CLI_OPTIONS, argv, env, { describe, emptyEnvIsUnset: true });
  const v = values as Partial<CliOptions> & { coordinator?: string; examples?: number };
  const help = v.help === true;
  const echo = v.echo === true;
  if (!help && v.coordinator === undefined && !problems.some((p) => p.startsWith('--coordinator') || p.startsWith('FL_COORDINATOR')))
    problems.push('--coordinator is required (e.g. --coordinator http://127.0.0.1:3000)');
  const data = v.data ?? (echo ? 'synthetic' : '');
  if (!help && data.trim() === '') problems.push('--data is required (e.g. --data "mnist?shard=0/8")');
  if (echo && data.length > MAX_NAME_LENGTH) problems.push(`with --echo, --data is a dataset name of at most ${MAX_NAME_LENGTH} characters`);
  const name = v.name ?? `${hostname()}-${process.pid}`;
  // `unclipped` does not train (it replaces the ring words), so it runs in echo mode too.
  if (v.attack !== undefined && v.attack !== 'unclipped' && echo) problems.push(`--attack ${v.attack} needs real training (not --echo)`);
  if (v.colluders !== undefined && v.attack === undefined) problems.push('--colluders only applies with --attack');
  if (v.examples !== undefined && !echo) problems.push('--examples only applies with --echo (real data counts its own examples)');
  if (problems.length) throw new ClientError('USAGE', problems.join('\n'));
  const out: CliOptions = {
    coordinator: v.coordinator ?? '',
    data,
    name,
    backend: v.backend!,
    echo,
    examples: v.examples ?? 100,
    identity: v.identity ?? defaultIdentityFile(name, env),
    allowSemiHonest: v.allowSemiHonest === true,
    json: v.json === true,
    help,
  };
  if (v.enrollToken !== undefined) out.enrollToken = v.enrollToken;
  if (v.ca !== undefined) out.ca = v.ca;
  if (v.fault !== undefined) out.fault = v.fault;
  if (v.attack !== undefined) out.attack = v.attack;
  if (v.colluders !== undefined) out.colluders = v.colluders;
  const policy = privacyPolicyOf(values as Record<string, unknown>);
  if (policy) out.privacyPolicy = policy;
  return out;
}

/** The privacy policy the flags ask for, or undefined when none is set. */
function privacyPolicyOf(v: Record<string, unknown>): PrivacyPolicy | undefined {
  const p: PrivacyPolicy = {};
  if (v.requireDp === true) p.requireDp = true;
  if (typeof v.minNoise === 'number') p.minNoiseMultiplier = v.minNoise;
  if (typeof v.maxEpsilon === 'number') p.maxEpsilon = v.maxEpsilon;
  if (typeof v.requireSecure === 'string') p.requireSecure = v.requireSecure as PrivacyPolicy['requireSecure'];
  if (typeof v.minCohort === 'number') p.minCohort = v.minCohort;
  if (typeof v.minThreshold === 'number') p.minThreshold = v.minThreshold;
  return Object.keys(p).length ? p : undefined;
}
