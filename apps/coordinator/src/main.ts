#!/usr/bin/env node
/**
 * @module main
 * CLI entry: `node apps/coordinator/dist/main.js [--port 8080] [--host …]`; the
 * `fl-coordinator` launcher (bin/) adds the tuned runtime settings.
 * Reads argv and the environment once (the only place `process.env` is
 * read), then starts the coordinator and prints
 * `Coordinator listening on http://HOST:PORT (API …/api, docs …/api/docs)` (`https://` with TLS).
 * Bad configuration (including an unusable TLS certificate or key) → one
 * message listing every bad value, exit code 2.
 */
import 'reflect-metadata';
import { parseConfig } from './config/config.parser';
import { ConfigError } from './config/config.error';
import { usage } from './config/config.options';
import { listeningLine, startApp } from './app.factory';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage());
    return;
  }
  let config;
  try {
    config = parseConfig(argv, process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  let started;
  try {
    started = await startApp(config);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const { app, url } = started;
  app.enableShutdownHooks();
  // Printed whatever the log level: scripts read the URL from this line.
  process.stdout.write(`${listeningLine(url)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
