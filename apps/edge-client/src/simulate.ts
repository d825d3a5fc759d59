#!/usr/bin/env node
/**
 * @module simulate
 * `npm run simulate`: many virtual clients in one process tree
 * (docs/simulation.md). Starts the training threads while it loads the
 * data template once (shared memory), builds one `VirtualClient` per index (its own
 * identity, connection, agent, data share) and brings them online a few at a
 * time. Prints the connected count as it changes, then one line when all are
 * online with the memory each idle client added, and on SIGINT / SIGTERM a
 * final JSON summary. Exit codes: 0 after a signal, 2 for a usage, data or
 * identity error, 1 when every client was refused.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ClientError, errorCode, errorMessage } from './errors';
import { createLog, type Log } from './log';
import { ephemeralIdentity, loadIdentity, type SigningIdentity } from './secagg/identity';
import { readCaFile } from './tls-trust';
import { clientLog } from './simulation/client-log';
import { Fleet } from './simulation/fleet';
import { memorySample, perClientKB } from './simulation/memory';
import { PooledTrainer } from './simulation/pooled-trainer';
import { loadSharedData } from './simulation/shared-data';
import { parseSimulateCli, SIMULATE_USAGE, type SimulateOptions } from './simulation/simulate-args';
import { TrainPool } from './simulation/train-pool';
import { VirtualClient } from './simulation/virtual-client';

const WORKER_FILE = join(__dirname, 'simulation', 'train-worker.js');

function identities(opts: SimulateOptions, names: string[], log: Log): SigningIdentity[] {
  const all = names.map((n) => (opts.identityDir ? loadIdentity(join(opts.identityDir, `identity-${n}.json`), log) : ephemeralIdentity()));
  const missing = all.filter((i) => !i.enrollment).length;
  if (missing > 0 && !opts.enrollToken)
    throw new ClientError('ENROLLMENT', `${missing} virtual client(s) are not enrolled yet: give --enroll-token (or FL_ENROLL_TOKEN) with at least ${missing} uses; an admin creates one with POST /api/enrollment-tokens { "maxUses": ${missing} }`);
  return all;
}

export async function main(argv: string[]): Promise<void> {
  let opts: SimulateOptions;
  try {
    opts = parseSimulateCli(argv, process.env);
  } catch (e) {
    process.stderr.write(`simulate: ${errorMessage(e)}\n\n${SIMULATE_USAGE}\n`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(SIMULATE_USAGE + '\n');
    return;
  }
  const started = Date.now();
  const log = createLog(opts.json);
  const say = (event: string, text: string, fields: object) => (opts.json ? process.stdout.write(JSON.stringify({ event, ...fields }) + '\n') : process.stdout.write(`[simulate] ${text}\n`));
  let ca: string | undefined;
  let shared: Awaited<ReturnType<typeof loadSharedData>>;
  let ids: SigningIdentity[];
  const names = Array.from({ length: opts.clients }, (_, k) => `${opts.namePrefix}-${k}`);
  // The threads load TF.js while this thread loads the data.
  const starting = TrainPool.start({ size: opts.workers, spawn: () => new Worker(WORKER_FILE), init: { backend: opts.backend } });
  starting.catch(() => undefined);
  try {
    ca = opts.ca ? readCaFile(opts.ca) : undefined;
    shared = await loadSharedData(opts.data, opts.clients);
    ids = identities(opts, names, log);
  } catch (e) {
    process.stderr.write(`simulate: ${errorCode(e)}: ${errorMessage(e)}\n`);
    process.exit(2);
  }
  const pool = await starting;
  const examples = shared.clients.reduce((s, c) => s + c.dataset.numExamples, 0);
  say('ready', `${opts.clients} virtual clients of ${shared.message.name} (${examples} training examples in all); ${opts.workers} training thread(s) on ${pool.backend}`, {
    clients: opts.clients,
    dataset: shared.message.name,
    examples,
    workers: opts.workers,
    backend: pool.backend,
  });

  const before = memorySample();
  let fleet: Fleet | null = null;
  const clients = names.map((name, k) => {
    const c: VirtualClient = new VirtualClient({
      name,
      url: opts.coordinator,
      ca,
      trainer: new PooledTrainer(pool, k, shared.clients[k].spec, shared.clients[k].dataset, shared.message),
      identity: ids[k],
      enrollToken: opts.enrollToken,
      log: clientLog(log, name, opts.verbose),
      allowSemiHonest: opts.allowSemiHonest,
      onFatal: (err) => fleet?.refused(c, err),
    });
    if (opts.verbose) log.info('identity', `${name}: signing key ${Buffer.from(ids[k].publicKey).toString('base64url')}`, { client: name, signingKey: Buffer.from(ids[k].publicKey).toString('base64url') });
    return c;
  });
  fleet = new Fleet(clients, opts.connectConcurrency);
  const f = fleet;

  const tasks = () => clients.reduce((t, c) => ({ ok: t.ok + c.tasks.ok, failed: t.failed + c.tasks.failed }), { ok: 0, failed: 0 });
  let shown = '';
  const progress = () => {
    const { connected, refused } = f.counts;
    const t = tasks();
    const key = `${connected}/${refused}/${t.ok}/${t.failed}`;
    if (key === shown) return;
    shown = key;
    const seconds = (Date.now() - started) / 1000;
    say('progress', `${connected}/${opts.clients} connected${refused ? `, ${refused} refused` : ''}; tasks ${t.ok} done, ${t.failed} failed (${seconds.toFixed(1)} s)`, { connected, clients: opts.clients, refused, tasks: t, seconds });
  };
  const ticker = setInterval(progress, 1000);

  let idle: ReturnType<typeof perClientKB> | null = null;
  let connectSeconds: number | null = null;
  let exiting = false;
  const shutdown = async (why: string) => {
    if (exiting) process.exit(0);
    exiting = true;
    clearInterval(ticker);
    const { connected, refused } = f.counts;
    log.info('shutdown', `stopping ${opts.clients} virtual clients (${why})`, { reason: why });
    await f.stop();
    const stats = pool.stats;
    await pool.close();
    process.stdout.write(
      JSON.stringify({ clients: opts.clients, connected, refused, connectSeconds, ...(idle ?? { rssPerIdleClientKB: null, heapPerIdleClientKB: null }), workers: opts.workers, backend: pool.backend, tasks: tasks(), peakQueuedTasks: stats.peakQueued, seconds: (Date.now() - started) / 1000 }) + '\n',
    );
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const t0 = Date.now();
  await f.connect();
  connectSeconds = (Date.now() - t0) / 1000;
  progress();
  const { connected, refused } = f.counts;
  if (connected === 0 && refused === opts.clients) {
    process.stderr.write(`simulate: the coordinator refused every virtual client (see the warnings above)\n`);
    await pool.close();
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 1000)); // let the last registrations' replies settle
  idle = perClientKB(before, memorySample(), opts.clients);
  say('connected', `${connected}/${opts.clients} connected in ${connectSeconds.toFixed(1)} s; per idle client: ${idle.rssPerIdleClientKB} KiB RSS, ${idle.heapPerIdleClientKB} KiB heap`, {
    clients: opts.clients,
    connected,
    refused,
    connectSeconds,
    ...idle,
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`simulate: ${errorCode(e)}: ${errorMessage(e)}\n`);
    process.exit(2);
  });
}
