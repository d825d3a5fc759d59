#!/usr/bin/env node
/**
 * @module main
 * `fl`, the admin CLI of the coordinator: log in once with an admin API
 * token, then manage tokens, enrollment tokens, clients, jobs and models,
 * read the audit log and watch jobs live. `fl --help` lists the commands.
 */
import { runCli } from './program';

const write = (stream: NodeJS.WriteStream) => (text: string) => void stream.write(text + '\n');

runCli(process.argv.slice(2), { io: { out: write(process.stdout), err: write(process.stderr) }, env: process.env }).then(
  (code) => {
    process.exitCode = code;
    // The admin socket and keep-alive sockets must not hold the process open after the command is done.
    setImmediate(() => process.exit(code));
  },
  (e: unknown) => {
    process.stderr.write(`fl: INTERNAL: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
