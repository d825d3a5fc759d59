/**
 * @module context
 * What a command's action gets: the API client (built from the stored login
 * or `FL_URL`/`FL_TOKEN`, only when the command needs the coordinator), the
 * `--json` switch and the two output streams. Tests pass their own streams,
 * environment and config path.
 */
import { ApiClient } from '@fl/api-client';
import type { Command } from 'commander';
import { configPath, resolveLogin } from './config';
import { jsonDoc } from './output';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface CliDeps {
  io: Io;
  env: NodeJS.ProcessEnv;
  /** Defaults to {@link configPath}(env). */
  configPath?: string;
}

export class Context {
  /** Set by a command to fail without throwing (e.g. a watched job that failed). */
  exitCode = 0;
  readonly configPath: string;

  constructor(
    readonly deps: CliDeps,
    readonly json: boolean,
  ) {
    this.configPath = deps.configPath ?? configPath(deps.env);
  }

  static of(deps: CliDeps, cmd: Command): Context {
    return new Context(deps, Boolean(cmd.optsWithGlobals().json));
  }

  /** The client for the logged-in coordinator (throws NOT_LOGGED_IN without a URL). */
  api(): ApiClient {
    const login = resolveLogin(this.configPath, this.deps.env);
    return new ApiClient({ baseUrl: login.url, token: login.token });
  }

  /** Prints `data` as the one JSON document with --json, else `human(data)`. */
  print<T>(data: T, human: (d: T) => string): void {
    this.deps.io.out(this.json ? jsonDoc(data) : human(data));
  }

  /** A human-only note on stderr (never with --json, so stdout stays one document). */
  note(text: string): void {
    if (!this.json) this.deps.io.err(text);
  }
}
