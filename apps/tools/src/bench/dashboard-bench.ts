/**
 * @module bench/dashboard-bench
 * `bench dashboard`: what the admin dashboard (apps/dashboard) costs.
 *
 * - `bundleGzipKB`: the initial JavaScript of the built app (every script and
 *   module preload `dist/index.html` names), gzipped (zlib level 9).
 * - `timeToInteractiveMs`: with N echo clients connected and the jobs run
 *   below on record, a fresh logged-in Chromium context (empty cache) opens
 *   `/`; measured in the page (`performance.now()`, from navigation start)
 *   until the jobs table has rendered its rows, which Preact does with their
 *   handlers attached. Median, min, max over `--loads` loads.
 * - CPU side by side: the same plain job of R measured rounds (N clients,
 *   P-parameter synthetic model, `bench round`'s setup) runs without any
 *   dashboard, then with D dashboards open (loaded on the overview before
 *   the job starts, moved to its Job page in the browser once the warm-up
 *   round is done, so page loads are not counted), then with D bare
 *   admin-socket watchers (the dashboard's socket code, no browser competing
 *   for the cores), then without again. `coordinatorCpuSeconds` per round
 *   from /proc (measure-job); `overhead` = with / mean(without) − 1, and
 *   `socketsOnlyOverhead` likewise.
 *
 * Chromium is Debian's (`/usr/bin/chromium`, or `CHROMIUM_PATH`), driven by
 * playwright-core. Prints
 * `{"bench":"dashboard","clients","params","dashboards","bundleGzipKB","timeToInteractiveMs":{…},"coordinatorCpuSeconds":{"without":[a,b],"with","socketsOnly"},"roundSeconds":{…},"overhead","socketsOnlyOverhead","adminEventsPerRound","adminKBPerEvent","jobEvents":{…}}`
 * (`adminEventsPerRound`, `adminKBPerEvent`: what one dashboard receives, job
 * and client-list events, JSON size. `jobEvents`: the `admin:job` events
 * alone — `perRound`, `kbPerEvent`, `fullViewKBPerEvent` (the same events
 * as full JobViews, the format before @fl/protocol job-updates: the view
 * the watcher holds after folding each event in) and `historyReads` /
 * `historyKB`, the REST reads of the history a follower makes when an
 * event leaves it behind, as the dashboard's Job page does.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { applyJobUpdate, type AdminJobUpdate, type CreateJobRequest, type JobView } from '@fl/protocol';
import { REPO_ROOT } from '../proc/paths';
import { intOption, type Benchmark } from './benchmark';
import { ECHO_DATASET, startEchoCluster } from './echo-cluster';
import { measureJob } from './measure-job';
import { summarize } from './stats';

const DIST = join(REPO_ROOT, 'apps/dashboard/dist');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** Gzipped KB of the JavaScript index.html loads at once. */
export function initialJsGzipKB(dist = DIST): number {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
  if (files.size === 0) throw new Error(`no script in ${dist}/index.html: build the dashboard first (npm run build)`);
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  return Math.round(bytes / 102.4) / 10;
}

async function loggedIn(browser: Browser, url: string, token: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const res = await context.request.post(`${url}/api/auth/session`, { data: { token }, headers: { origin: url } });
  if (!res.ok()) throw new Error(`dashboard login failed: HTTP ${res.status()} ${await res.text()}`);
  return context;
}

export const dashboardBench: Benchmark = {
  name: 'dashboard',
  summary: 'admin dashboard: initial JS gzipped, overview time to interactive with N clients, coordinator CPU of D open dashboards during rounds',
  usage: [
    '  --clients N       echo clients connected                       (default 50)',
    '  --params P        model parameters (synthetic model)          (default 1000000)',
    '  --rounds R        measured rounds per job, after 1 warm-up     (default 3)',
    '  --dashboards D    dashboards open during the middle job        (default 5)',
    '  --loads L         overview loads timed                         (default 5)',
  ].join('\n'),
  options: { clients: { type: 'string' }, params: { type: 'string' }, rounds: { type: 'string' }, dashboards: { type: 'string' }, loads: { type: 'string' } },
  async run(values, ctx) {
    const n = intOption(values, 'clients', 50, 1, 1000);
    const params = intOption(values, 'params', 1_000_000, 1, 64 * 1024 * 1024);
    const rounds = intOption(values, 'rounds', 3, 1, 100);
    const dashboards = intOption(values, 'dashboards', 5, 1, 20);
    const loads = intOption(values, 'loads', 5, 1, 50);
    const bundleGzipKB = initialJsGzipKB();
    ctx.say(`initial JavaScript: ${bundleGzipKB} KB gzipped`);
    const cluster = await startEchoCluster(n, 100, ctx.say);
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const { url, adminToken } = cluster.coordinator;
      const job: CreateJobRequest = {
        name: `bench-dashboard-${n}x${params}`,
        model: { builtin: 'synthetic', params },
        dataset: ECHO_DATASET,
        clientsPerRound: n,
        minClients: n,
        overSelection: 0,
        evaluate: false,
        strategy: { name: 'fedavg' },
        secureAggregation: { enabled: false },
      };
      ctx.say('job without dashboards:');
      const before = await measureJob(cluster, job, rounds, ctx);

      ctx.say(`job with ${dashboards} dashboards open on its page:`);
      const contexts = await Promise.all(Array.from({ length: dashboards }, () => loggedIn(browser, url, adminToken!)));
      const pages = await Promise.all(
        contexts.map(async (c) => {
          const p = await c.newPage();
          await p.goto(url);
          return p;
        }),
      );
      await Promise.all(pages.map((p) => p.waitForSelector('[data-connection=live]', { timeout: 60_000 })));
      // Client-side navigation (History API, as a click does): the coordinator serves nothing for it.
      const openJobPages = async () => {
        const id = (await cluster.api.jobs.list()).filter((j) => j.status === 'running').map((j) => j.id)[0];
        if (!id) return;
        await Promise.all(
          pages.map(async (p) => {
            await p.evaluate((href) => {
              history.pushState(null, '', href);
              dispatchEvent(new PopStateEvent('popstate'));
            }, `/jobs/${encodeURIComponent(id)}`);
            await p.waitForSelector('.timeline', { timeout: 60_000 });
          }),
        );
      };
      const during = await measureJob(cluster, { ...job, name: `${job.name}-watched` }, rounds, ctx, { onMeasuring: openJobPages });
      await Promise.all(contexts.map((c) => c.close()));

      // The same D live connections without the browsers: the dashboard's own socket code (api-client watchAdmin) in this process.
      ctx.say(`job with ${dashboards} admin-socket watchers (no browser):`);
      const traffic = { events: 0, chars: 0, jobEvents: 0, jobChars: 0, fullViewChars: 0, historyReads: 0, historyChars: 0, counting: false };
      const count = (v: unknown) => {
        if (!traffic.counting) return;
        traffic.events++;
        traffic.chars += JSON.stringify(v).length;
      };
      const held = new Map<string, JobView>();
      const readHistory = (id: string) => {
        traffic.historyReads++;
        cluster.api.jobs.get(id).then((v) => {
          traffic.historyChars += JSON.stringify(v).length;
          held.set(id, v);
        }, () => undefined);
      };
      const countJob = (u: AdminJobUpdate) => {
        count(u);
        if (!traffic.counting) return;
        const folded = applyJobUpdate(held.get(u.job.id), u);
        held.set(u.job.id, folded.view);
        traffic.jobEvents++;
        traffic.jobChars += JSON.stringify(u).length;
        traffic.fullViewChars += JSON.stringify({ job: folded.view }).length;
        if (folded.stale) readHistory(u.job.id);
      };
      const watchers = Array.from({ length: dashboards }, (_, i) => (i === 0 ? cluster.api.watchJobs(countJob, count) : cluster.api.watchJobs(() => undefined, () => undefined)));
      const socketsOnly = await measureJob(cluster, { ...job, name: `${job.name}-sockets` }, rounds, ctx, {
        onMeasuring: async () => {
          traffic.counting = true;
        },
      });
      traffic.counting = false;
      for (const close of watchers) close();
      ctx.say(`one watcher received ${traffic.events} admin events (${Math.round(traffic.chars / 1024)} KB of JSON) over ${rounds} measured rounds`);

      ctx.say('job without dashboards, again:');
      const after = await measureJob(cluster, { ...job, name: `${job.name}-after` }, rounds, ctx);

      ctx.say(`overview load with ${n} clients connected, ${loads} times:`);
      const tti: number[] = [];
      for (let i = 0; i < loads; i++) {
        const c = await loggedIn(browser, url, adminToken!);
        const page = await c.newPage();
        await page.goto(url);
        await page.waitForSelector('table.jobs tbody tr', { timeout: 60_000 });
        tti.push(await page.evaluate(() => performance.now()));
        await c.close();
      }
      const without = [before.cpuPerRound.coordinator, after.cpuPerRound.coordinator];
      const baseline = (without[0] + without[1]) / 2;
      return {
        bench: 'dashboard',
        clients: n,
        params,
        dashboards,
        bundleGzipKB,
        timeToInteractiveMs: summarize(tti, 0),
        coordinatorCpuSeconds: { without: without.map(round3), with: round3(during.cpuPerRound.coordinator), socketsOnly: round3(socketsOnly.cpuPerRound.coordinator) },
        roundSeconds: { without: summarize([...before.seconds, ...after.seconds]), with: summarize(during.seconds), socketsOnly: summarize(socketsOnly.seconds) },
        overhead: round3(during.cpuPerRound.coordinator / baseline - 1),
        socketsOnlyOverhead: round3(socketsOnly.cpuPerRound.coordinator / baseline - 1),
        adminEventsPerRound: round3(traffic.events / rounds),
        adminKBPerEvent: traffic.events ? round3(traffic.chars / traffic.events / 1024) : null,
        jobEvents: {
          perRound: round3(traffic.jobEvents / rounds),
          kbPerEvent: traffic.jobEvents ? round3(traffic.jobChars / traffic.jobEvents / 1024) : null,
          fullViewKBPerEvent: traffic.jobEvents ? round3(traffic.fullViewChars / traffic.jobEvents / 1024) : null,
          historyReads: traffic.historyReads,
          historyKB: round3(traffic.historyChars / 1024),
        },
      };
    } finally {
      await browser.close();
      await cluster.close();
    }
  },
};

const round3 = (x: number) => Math.round(x * 1000) / 1000;
