/**
 * @module config
 * Where `fl` keeps its login: `$XDG_CONFIG_HOME/fedlearn/cli.json` (else
 * `~/.config/fedlearn/cli.json`), `{ url, token }`, readable by its owner
 * only (file 0600 in a 0700 directory, written to a temporary file and
 * renamed). `FL_URL` and `FL_TOKEN` override what is stored.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError, EXIT_FAILED, EXIT_USAGE } from './errors';

export interface StoredLogin {
  url: string;
  token?: string;
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  return join(base, 'fedlearn', 'cli.json');
}

export function readLogin(path: string): StoredLogin | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError('CONFIG_UNREADABLE', `cannot read ${path}: ${(e as Error).message}`, EXIT_FAILED);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new CliError('CONFIG_INVALID', `${path} is not JSON: run \`fl login\` again`, EXIT_FAILED);
  }
  const o = v as Partial<StoredLogin>;
  if (!o || typeof o.url !== 'string' || (o.token !== undefined && typeof o.token !== 'string')) throw new CliError('CONFIG_INVALID', `${path} has no valid url/token: run \`fl login\` again`, EXIT_FAILED);
  return { url: o.url, token: o.token };
}

export function writeLogin(path: string, login: StoredLogin): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(login, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600); // the umask cannot widen it, but an existing tmp file could have other bits
  renameSync(tmp, path);
}

/** Removes the stored login; false when there was none. */
export function removeLogin(path: string): boolean {
  try {
    rmSync(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** The coordinator URL and token to use: env first, then the stored login. */
export function resolveLogin(path: string, env: NodeJS.ProcessEnv): StoredLogin {
  const stored = env.FL_URL && env.FL_TOKEN ? null : readLogin(path);
  const url = env.FL_URL || stored?.url;
  if (!url) throw new CliError('NOT_LOGGED_IN', 'no coordinator: run `fl login --url URL --token TOKEN` (or set FL_URL and FL_TOKEN)', EXIT_USAGE);
  return { url, token: env.FL_TOKEN || stored?.token };
}

/** Accepts http(s) URLs only; returns it without a trailing slash. */
export function checkUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CliError('BAD_URL', `not a URL: ${url}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CliError('BAD_URL', `the coordinator URL must be http(s), got ${u.protocol}`);
  if (u.username || u.password) throw new CliError('BAD_URL', 'put the token in --token, not in the URL');
  return url.replace(/\/+$/, '');
}
