/**
 * @module demo
 * `npm run demo`: a complete federated run on this machine. Starts the
 * coordinator and N `fl-client` processes (non-IID Dirichlet shards), creates
 * and starts a mnist-cnn FedAvg job over REST, follows it on the admin socket
 * (one line per round; the dashboard at the printed URL shows it live), evaluates the final global model on held-out data
 * with trainer-tfjs, stops every child process and prints, as the LAST line,
 * `{"rounds","clients","accuracy","loss","seconds","backend"}`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobStatus } from '@fl/protocol';
import { ApiClient, followJob, RoundPrinter } from '@fl/api-client';
import { waitForClients } from './api/wait-for-clients';
import { DEMO_USAGE, parseDemoArgs, type DemoOptions } from './demo/demo-args';
import { clientDataSpec, demoJob } from './demo/job-config';
import { checkDatasetInstalled, evaluateGlobalModel } from './demo/held-out';
import { Children } from './proc/children';
import { startCoordinator } from './proc/coordinator';
import { startClients, withEnrollment } from './proc/edge-clients';
import { runMain } from './proc/run-main';

async function run(o: DemoOptions): Promise<object> {
  const say = (message: string, fields: object = {}) =>
    process.stdout.write((o.json ? JSON.stringify({ event: 'info', message, ...fields }) : message) + '\n');
  checkDatasetInstalled(o.dataset);
  const children = new Children();
  const logDir = mkdtempSync(join(tmpdir(), 'fl-demo-'));
  try {
    const coordinator = await startCoordinator(children, { logFile: join(logDir, 'coordinator.log'), dataDir: join(logDir, 'data') });
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });
    say(`coordinator: ${coordinator.url}`, { url: coordinator.url });
    say(`  dashboard:    ${coordinator.url}/  (log in with the admin token ${coordinator.adminToken}; it stays valid while this demo runs)`, { dashboard: `${coordinator.url}/`, adminToken: coordinator.adminToken });
    say(`  REST API:     ${api.restBase}`, { rest: api.restBase });
    say(`  Swagger docs: ${coordinator.docsUrl}`, { docs: coordinator.docsUrl });
    say(`  logs:         ${logDir}`, { logs: logDir });
    const specs = await withEnrollment(api, Array.from({ length: o.clients }, (_, i) => ({ name: `edge-${i}`, data: clientDataSpec(o.dataset, i, o.clients) })), logDir);
    const clients = startClients(children, coordinator.url, specs, logDir);
    for (const c of clients) void c.exited.then((code) => code !== 0 && code !== 'SIGTERM' && say(`${c.name} exited (${code}); see ${logDir}/${c.name}.log`));
    say(`starting ${o.clients} edge clients (${specs[0].data.replace(/shard=0\//, 'shard=<i>/')}) …`);
    const t0 = Date.now();
    await waitForClients(api, o.dataset, o.clients, 60_000 + o.clients * 15_000);
    const backends = [...new Set((await api.clients.list()).filter((c) => c.connected && c.dataset === o.dataset).map((c) => c.backend))];
    say(`${o.clients} clients connected in ${((Date.now() - t0) / 1000).toFixed(1)} s (backend ${backends.join(', ')})`, { backends });

    const job = await api.jobs.create(demoJob(o.dataset, o.clients, o.rounds, o.plain));
    const how = job.config.secureAggregation.enabled ? `secure aggregation (${job.config.secureAggregation.graph} graph, ${job.config.secureAggregation.threatModel} threat model)` : 'plain updates (secure aggregation off)';
    say(`job ${job.id}: ${o.rounds} rounds of FedAvg over ${how}, ${job.parameterCount} parameters — ${api.restBase}/jobs/${job.id}`, { jobId: job.id, secureAggregation: job.config.secureAggregation.enabled });
    const printer = new RoundPrinter(o.json);
    const started = Date.now();
    await api.jobs.start(job.id);
    const final = await followJob(api, job.id, (v) => printer.update(v), { timeoutMs: o.rounds * 600_000 });
    const seconds = (Date.now() - started) / 1000;
    if (final.status !== JobStatus.Completed) {
      throw Object.assign(new Error(`job ended ${final.status}: ${final.statusReason ?? 'no reason given'}`), { code: 'JOB_FAILED' });
    }
    say(`job completed in ${seconds.toFixed(1)} s; evaluating the global model on held-out data …`);
    const model = await api.jobs.model(job.id);
    const weights = await api.models.weights(model.hash);
    const ev = await evaluateGlobalModel(o.dataset, model, weights);
    say(`held-out ${ev.description}: accuracy ${ev.accuracy.toFixed(4)}, loss ${ev.loss.toFixed(4)} (${ev.numExamples} examples, backend ${ev.backend})`);
    return {
      rounds: final.completedRounds,
      clients: o.clients,
      accuracy: round4(ev.accuracy),
      loss: round4(ev.loss),
      seconds: Math.round(seconds * 10) / 10,
      backend: backends.length === 1 ? backends[0] : backends.join(','),
    };
  } finally {
    await children.stopAll();
  }
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

async function main(argv: string[]): Promise<void> {
  const o = parseDemoArgs(argv);
  if (o.help) {
    process.stdout.write(DEMO_USAGE + '\n');
    return;
  }
  const result = await run(o);
  process.stdout.write(JSON.stringify(result) + '\n');
}

runMain('demo', () => DEMO_USAGE, main);
