#!/usr/bin/env node
/**
 * @module main
 * `fl-client` entry point: parse and validate the command line, pick the
 * TF.js backend (logged), load the local data, connect and serve tasks until
 * SIGINT / SIGTERM. `--echo` skips TF.js and data entirely (benchmarks).
 * The Ed25519 identity comes from `--identity FILE` (default under the
 * user's config dir, created if missing): it signs every authentication and
 * the secure-aggregation messages, and keeps the client id once enrolled. A
 * client that is not enrolled needs `--enroll-token` / `FL_ENROLL_TOKEN`
 * (docs/enrollment.md); without one it exits with `ENROLLMENT` before
 * connecting. `FL_CLIENT_DEBUG=1` turns on debug log lines.
 * `--fault exit-after-share-keys` SIGKILLs the process right after its
 * share-keys answer is acknowledged: a crash after sharing keys.
 * `--attack NAME` makes it a malicious client (attacks/attacks; attack
 * benchmark and tests only).
 *
 * Exit codes: 0 after a signal, 2 for a usage, identity, enrollment or data
 * error, 1 when the coordinator refuses this client for good (revoked, bad
 * token …).
 */
import { Backend } from '@fl/protocol';
import { parseCli, USAGE, type CliOptions } from './args';
import { Agent } from './agent';
import { Connection } from './connection';
import { ClientError, errorCode, errorMessage } from './errors';
import { createLog, type Log } from './log';
import { loadIdentity, saveIdentity, type SigningIdentity } from './secagg/identity';
import { AttackTrainer } from './attacks/attack-trainer';
import { createAttack, type Attack } from './attacks/attacks';
import { EchoTrainer } from './trainers/echo-trainer';
import { readCaFile } from './tls-trust';
import type { LocalTrainer } from './trainers/local-trainer';

async function createTrainer(opts: CliOptions, log: Log, attack: Attack | null): Promise<LocalTrainer> {
  if (opts.echo) {
    log.info('backend', 'backend: none (echo mode, TF.js not loaded)', { backend: Backend.None, requested: opts.backend });
    if (attack) log.warn('attack', `attack mode: this client behaves maliciously (${attack.name}); for the attack benchmark and tests only`, { attack: attack.name });
    return new EchoTrainer({ name: opts.data, numExamples: opts.examples });
  }
  const { selectBackend } = await import('@fl/trainer-tfjs/node');
  const backend = (await selectBackend(opts.backend)) as Backend;
  log.info('backend', `backend: ${backend} (requested ${opts.backend})`, { backend, requested: opts.backend });
  const { TfjsTrainer } = await import('./trainers/tfjs-trainer');
  const honest = await TfjsTrainer.create(opts.data, backend, attack?.prepareData);
  const trainer = attack ? new AttackTrainer(honest, attack) : honest;
  if (attack) log.warn('attack', `attack mode: this client behaves maliciously (${attack.name}); for the attack benchmark and tests only`, { attack: attack.name });
  log.info('data', `data: ${trainer.dataset.name}, ${trainer.dataset.numExamples} training examples, ${honest.testExamples} test examples`, {
    dataset: trainer.dataset.name,
    examples: trainer.dataset.numExamples,
    testExamples: honest.testExamples,
  });
  return trainer;
}

export async function main(argv: string[]): Promise<void> {
  let opts: CliOptions;
  try {
    opts = parseCli(argv, process.env);
  } catch (e) {
    process.stderr.write(`fl-client: ${errorMessage(e)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const log = createLog(opts.json, undefined, undefined, { debug: process.env.FL_CLIENT_DEBUG === '1' });
  let identity: SigningIdentity;
  let ca: string | undefined;
  try {
    ca = opts.ca ? readCaFile(opts.ca) : undefined;
    identity = loadIdentity(opts.identity, log);
  } catch (e) {
    process.stderr.write(`fl-client: ${errorMessage(e)}\n`);
    process.exit(2);
  }
  if (!identity.enrollment && !opts.enrollToken) {
    process.stderr.write(`fl-client: ENROLLMENT: the identity ${opts.identity} is not enrolled yet: start this client once with --enroll-token TOKEN (or FL_ENROLL_TOKEN); an admin creates one with POST /api/enrollment-tokens\n`);
    process.exit(2);
  }
  const fingerprint = Buffer.from(identity.publicKey).toString('base64url');
  log.info('identity', `signing key ${fingerprint.slice(0, 16)}… from ${identity.file}${identity.enrollment ? `, enrolled as ${identity.enrollment.clientId}` : ', not enrolled yet'}`, {
    signingKey: fingerprint,
    file: identity.file,
    clientId: identity.enrollment?.clientId ?? null,
  });
  const attack = opts.attack ? createAttack(opts.attack, opts.colluders) : null;
  const trainer = await createTrainer(opts, log, attack);
  let agent: Agent | null = null;
  let exiting = false;
  const shutdown = async (code: number, why: string) => {
    if (exiting) process.exit(code);
    exiting = true;
    log.info('shutdown', `shutting down (${why})`, { reason: why });
    await agent?.stop(2000);
    connection.close();
    trainer.dispose();
    process.exit(code);
  };
  const connection = new Connection({
    url: opts.coordinator,
    ca,
    registration: { name: opts.name, dataset: trainer.dataset, backend: trainer.backend },
    identity,
    enrollToken: opts.enrollToken,
    onEnrolled: () => {
      try {
        saveIdentity(identity);
      } catch (e) {
        log.warn('identity', `enrolled, but the identity could not be saved: ${errorMessage(e)}`);
      }
    },
    log,
    onFatal: (err: ClientError) => void shutdown(1, err.message),
  });
  const onSecureStageSent =
    opts.fault === 'exit-after-share-keys'
      ? (stage: string, taskId: string) => {
          if (stage !== 'share-keys') return;
          log.info('fault', `fault injection: killing this client after share-keys of task ${taskId}`, { fault: opts.fault, taskId });
          process.kill(process.pid, 'SIGKILL');
        }
      : undefined;
  agent = new Agent({ connection, trainer, log, echo: opts.echo, identity, onSecureStageSent, allowSemiHonest: opts.allowSemiHonest, secureWords: attack?.secureWords, privacyPolicy: opts.privacyPolicy });
  process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
  process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));
  log.info('connecting', `connecting to ${opts.coordinator} as "${opts.name}"`, { coordinator: opts.coordinator, name: opts.name });
  connection.start();
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`fl-client: ${errorCode(e)}: ${errorMessage(e)}\n`);
    process.exit(2);
  });
}
