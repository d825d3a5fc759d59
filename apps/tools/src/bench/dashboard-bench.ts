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
 *   dashboard; with D dashboards open (loaded on the overview before the job
 *   starts, moved to its Job page in the browser once the warm-up round is
 *   done, so page loads are not counted; closed after the job); and with D
 *   bare admin-socket watchers (the dashboard's socket code, no browser
 *   competing for the cores); and a load control: no dashboard, but child
 *   processes burning as much CPU, on the same cores, as the browsers did in
 *   the latest `with` job (`browserLoad`, cores busy on average), which
 *   shows what the competition for the machine alone does to the
 *   coordinator's CPU seconds. The four jobs run `--repeats` times, their
 *   order rotated every repeat. `coordinatorCpuSeconds` per round from /proc
 *   (measure-job); `overhead` = median(with) / median(without) − 1,
 *   `socketsOnlyOverhead` and `loadControlOverhead` likewise,
 *   `overheadOverLoadControl` = median(with) / median(loadControl) − 1 (the
 *   dashboards' cost beyond the load their browsers put on the machine),
 *   `pairedOverhead` per repeat against that repeat's `without`.
 * - `--pin` (Linux, ≥ 2 cores; proc/cpu-pin): the echo cluster (coordinator
 *   and clients) on core 0, this process and Chromium on the others, so the
 *   browsers' rendering takes neither the coordinator's nor the clients'
 *   core (it would stretch the rounds, and with them the coordinator's
 *   time-proportional work) and what is counted is the coordinator's own
 *   work for the dashboards.
 * - `dashboardRequests`: the HTTP requests the open dashboards made during
 *   the measured rounds (per path, ids replaced by `:id`), counted in the
 *   browser: live updates come over the socket, so this should stay small.
 *
 * - `--profile`: the coordinator runs under `--cpu-prof`; per condition, its
 *   main thread's hot spots over the measured rounds and the inclusive time
 *   of the admin gateway's code (`adminGatewayMsPerRound`: building,
 *   encoding and writing the dashboards' events), also as a share of the
 *   main thread's CPU: the dashboards' cost measured directly, not as a
 *   difference between noisy jobs.
 *
 * Chromium is Debian's (`/usr/bin/chromium`, or `CHROMIUM_PATH`), driven by
 * playwright-core. Prints
 * `{"bench":"dashboard","clients","params","dashboards","repeats","pinned","bundleGzipKB","timeToInteractiveMs":{…},"coordinatorCpuSeconds":{"without":[…],"with":[…],"socketsOnly":[…]},"roundSeconds":{…},"overhead","socketsOnlyOverhead","loadControlOverhead","overheadOverLoadControl","browserLoad":[…],"pairedOverhead":{…},"dashboardRequests":{…},"adminEventsPerRound","adminKBPerEvent","jobEvents":{…}}`
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
import { measureJob, type JobMeasurement } from './measure-job';
import { spawn } from 'node:child_process';
import { pin, splitCores } from '../proc/cpu-pin';
import { cpuSeconds } from '../proc/peak-rss';
import { processTree } from '../proc/process-tree';
import { hotSpots, inclusiveMs, type ProfileWindow } from '../proc/cpu-profile';
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
    '  --repeats K       times each of the three jobs runs, interleaved (default 3)',
    '  --pin             coordinator and clients on core 0; this bench and Chromium on the others (taskset)',
    '  --profile         run the coordinator under --cpu-prof; print its hot spots per condition (measured rounds only)',
  ].join('\n'),
  options: { clients: { type: 'string' }, params: { type: 'string' }, rounds: { type: 'string' }, dashboards: { type: 'string' }, loads: { type: 'string' }, repeats: { type: 'string' }, pin: { type: 'boolean' }, profile: { type: 'boolean' } },
  async run(values, ctx) {
    const n = intOption(values, 'clients', 50, 1, 1000);
    const params = intOption(values, 'params', 1_000_000, 1, 64 * 1024 * 1024);
    const rounds = intOption(values, 'rounds', 3, 1, 100);
    const dashboards = intOption(values, 'dashboards', 5, 1, 20);
    const loads = intOption(values, 'loads', 5, 1, 50);
    const repeats = intOption(values, 'repeats', 3, 1, 20);
    const split = values.pin ? splitCores() : null;
    if (values.pin && !split) throw Object.assign(new Error('--pin needs at least 2 cores'), { code: 'USAGE' });
    // Children inherit the affinity: pin this process (and so Chromium) first, then move the cluster to its own core.
    if (split) pin(process.pid, split.others);
    const bundleGzipKB = initialJsGzipKB();
    ctx.say(`initial JavaScript: ${bundleGzipKB} KB gzipped`);
    const cluster = await startEchoCluster(n, 100, ctx.say, { profile: !!values.profile });
    /** Each condition's measured rounds on the monotonic clock (µs), to slice the coordinator's profile. */
    const windows: Record<Condition, ProfileWindow[]> = { without: [], with: [], socketsOnly: [], loadControl: [] };
    const measured: Record<Condition, JobMeasurement[]> = { without: [], with: [], socketsOnly: [], loadControl: [] };
    let report: Record<string, unknown> = {};
    if (split) {
      for (const pid of [cluster.coordinator.child.pid!, ...cluster.clients.map((c) => c.pid)]) pin(pid, split.measured);
      ctx.say(`pinned: coordinator and ${cluster.clients.length} clients on core ${split.measured.join(',')}, this bench and Chromium on ${split.others.join(',')}`);
    }
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
      // The three conditions, each `repeats` times, in an order rotated every repeat (drift on a shared machine hits each alike).
      /** Chromium's CPU (cores busy on average) over each `with` job's measured rounds: what `loadControl` burns. */
      const browserLoad: number[] = [];
      const traffic = { events: 0, chars: 0, jobEvents: 0, jobChars: 0, fullViewChars: 0, historyReads: 0, historyChars: 0, counting: false, rounds: 0 };
      const held = new Map<string, JobView>();
      const requests = { counting: false, rounds: 0, byPath: new Map<string, number>() };
      const countRequest = (href: string) => {
        if (!requests.counting) return;
        const path = new URL(href).pathname.replace(/\/[0-9a-f-]{16,}(?=\/|$)/gi, '/:id');
        requests.byPath.set(path, (requests.byPath.get(path) ?? 0) + 1);
      };
      const count = (v: unknown) => {
        if (!traffic.counting) return;
        traffic.events++;
        traffic.chars += JSON.stringify(v).length;
      };
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
      const runners: Record<Condition, (name: string) => Promise<JobMeasurement>> = {
        without: (name) => measureJob(cluster, { ...job, name }, rounds, ctx),
        with: async (name) => {
          const contexts = await Promise.all(Array.from({ length: dashboards }, () => loggedIn(browser, url, adminToken!)));
          try {
            const pages = await Promise.all(
              contexts.map(async (c) => {
                const p = await c.newPage();
                await p.goto(url);
                return p;
              }),
            );
            await Promise.all(pages.map((p) => p.waitForSelector('[data-connection=live]', { timeout: 60_000 })));
            for (const p of pages) p.on('request', (req) => countRequest(req.url()));
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
            let from = { t: 0, cpu: 0 };
            const m = await measureJob(cluster, { ...job, name }, rounds, ctx, {
              onMeasuring: async () => {
                from = { t: performance.now(), cpu: browserCpuSeconds() };
                requests.counting = true;
                await openJobPages();
              },
            });
            requests.counting = false;
            requests.rounds += rounds;
            browserLoad.push((browserCpuSeconds() - from.cpu) / ((performance.now() - from.t) / 1000));
            return m;
          } finally {
            await Promise.all(contexts.map((c) => c.close()));
          }
        },
        // The same D live connections without the browsers: the dashboard's own socket code (api-client watchAdmin) in this process.
        socketsOnly: async (name) => {
          const first = measured.socketsOnly.length === 0;
          const watchers = Array.from({ length: dashboards }, (_, i) => (i === 0 && first ? cluster.api.watchJobs(countJob, count) : cluster.api.watchJobs(() => undefined, () => undefined)));
          try {
            return await measureJob(cluster, { ...job, name }, rounds, ctx, {
              onMeasuring: async () => {
                traffic.counting = first;
              },
            });
          } finally {
            if (traffic.counting) traffic.rounds = rounds;
            traffic.counting = false;
            for (const close of watchers) close();
          }
        },
        // No dashboard, but the same CPU load as the last `with` job's browsers, on the same cores: what contention alone costs.
        loadControl: async (name) => {
          const burner = startBurner(browserLoad.at(-1) ?? 0);
          try {
            return await measureJob(cluster, { ...job, name }, rounds, ctx);
          } finally {
            burner.stop();
          }
        },
      };
      const label: Record<Condition, string> = { without: 'without dashboards', with: `with ${dashboards} dashboards open on its page`, socketsOnly: `with ${dashboards} admin-socket watchers (no browser)`, loadControl: 'without dashboards, with a CPU load like theirs' };
      // `with` first: `loadControl` copies the load of the latest `with` job.
      const order: Condition[] = ['with', 'loadControl', 'without', 'socketsOnly'];
      for (let r = 0; r < repeats; r++) {
        for (let i = 0; i < order.length; i++) {
          const c = order[(i + r) % order.length];
          ctx.say(`repeat ${r + 1}/${repeats}: job ${label[c]}:`);
          const m = await runners[c](`${job.name}-${c}-${r + 1}`);
          // The measured rounds ended now and took about the sum of their seconds.
          const toUs = monotonicUs();
          windows[c].push({ fromUs: toUs - m.seconds.reduce((a, b) => a + b, 0) * 1e6, toUs });
          measured[c].push(m);
        }
      }
      const cpu = (c: Condition) => measured[c].map((m) => m.cpuPerRound.coordinator);
      const secs = (c: Condition) => measured[c].flatMap((m) => m.seconds);
      const baseline = summarize(cpu('without'), 6).median;
      // Per repeat: each condition against the `without` job of the same repeat.
      const paired = (c: Condition) => measured[c].map((m, r) => round3(m.cpuPerRound.coordinator / measured.without[r].cpuPerRound.coordinator - 1));

      ctx.say(`overview load with ${n} clients connected, ${loads} times:`);
      const tti: number[] = [];
      // Timed with every core allowed, as an admin's browser would be: a browser launched after unpinning this process.
      if (split) pin(process.pid, [...split.measured, ...split.others]);
      const ttiBrowser = split ? await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS }) : browser;
      for (let i = 0; i < loads; i++) {
        const c = await loggedIn(ttiBrowser, url, adminToken!);
        const page = await c.newPage();
        await page.goto(url);
        await page.waitForSelector('table.jobs tbody tr', { timeout: 60_000 });
        tti.push(await page.evaluate(() => performance.now()));
        await c.close();
      }
      if (ttiBrowser !== browser) await ttiBrowser.close();
      report = {
        bench: 'dashboard',
        clients: n,
        params,
        dashboards,
        repeats,
        pinned: split ? { cluster: split.measured, browsers: split.others } : null,
        bundleGzipKB,
        timeToInteractiveMs: summarize(tti, 0),
        coordinatorMainThreadCpuSeconds: Object.fromEntries(order.map((c) => [c, measured[c].map((m) => round3(m.cpuPerRound.coordinatorMainThread))])),
        coordinatorCpuSeconds: { without: cpu('without').map(round3), with: cpu('with').map(round3), socketsOnly: cpu('socketsOnly').map(round3), loadControl: cpu('loadControl').map(round3) },
        roundSeconds: { without: summarize(secs('without')), with: summarize(secs('with')), socketsOnly: summarize(secs('socketsOnly')), loadControl: summarize(secs('loadControl')) },
        overhead: round3(summarize(cpu('with'), 6).median / baseline - 1),
        socketsOnlyOverhead: round3(summarize(cpu('socketsOnly'), 6).median / baseline - 1),
        loadControlOverhead: round3(summarize(cpu('loadControl'), 6).median / baseline - 1),
        overheadOverLoadControl: round3(summarize(cpu('with'), 6).median / summarize(cpu('loadControl'), 6).median - 1),
        browserLoad: browserLoad.map(round3),
        pairedOverhead: { with: paired('with'), socketsOnly: paired('socketsOnly'), loadControl: paired('loadControl') },
        dashboardRequests: {
          perRound: requests.rounds ? round3([...requests.byPath.values()].reduce((a, b) => a + b, 0) / requests.rounds) : null,
          byPath: Object.fromEntries([...requests.byPath].sort((a, b) => b[1] - a[1])),
        },
        adminEventsPerRound: traffic.rounds ? round3(traffic.events / traffic.rounds) : null,
        adminKBPerEvent: traffic.events ? round3(traffic.chars / traffic.events / 1024) : null,
        jobEvents: {
          perRound: traffic.rounds ? round3(traffic.jobEvents / traffic.rounds) : null,
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
    // The coordinator wrote its profile on exit: where its main thread spent each condition's measured rounds.
    if (values.profile) {
      report.profile = Object.fromEntries(
        (Object.keys(windows) as Condition[]).map((c) => {
          const h = hotSpots(cluster.profileDir, 12, windows[c]);
          const roundsMeasured = measured[c].reduce((a, m) => a + m.seconds.length, 0) || 1;
          // Inclusive time of the admin gateway's code (its coalesced sends: building, encoding and writing the events).
          const gatewayMs = inclusiveMs(cluster.profileDir, windows[c], 'gateway/admin.gateway');
          const mainMs = measured[c].reduce((a, m) => a + m.cpuPerRound.coordinatorMainThread * m.seconds.length, 0) * 1000;
          return [c, { adminGatewayMsPerRound: Math.round((gatewayMs / roundsMeasured) * 10) / 10, adminGatewayShareOfMainThreadCpu: mainMs ? round3(gatewayMs / mainMs) : null, busyMsPerRound: Math.round(h.totalMs / roundsMeasured), top: h.spots.map((x) => ({ fn: x.fn, where: x.where, msPerRound: Math.round((x.ms / roundsMeasured) * 10) / 10 })) }];
        }),
      );
    }
    return report;
  },
};

/** Now on the monotonic clock V8's profiler uses (CLOCK_MONOTONIC on Linux), in µs. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

type Condition = 'without' | 'with' | 'socketsOnly' | 'loadControl';

/** CPU seconds of every Chromium process this bench started (its descendants). */
function browserCpuSeconds(): number {
  return processTree(process.pid)
    .filter((p) => /chrom/i.test(p.cmdline))
    .reduce((sum, p) => sum + (cpuSeconds(p.pid) ?? 0), 0);
}

/**
 * Child processes that keep `load` cores busy on average (each alternates a
 * busy spin and a sleep within 20 ms), inheriting this process's cores.
 */
function startBurner(load: number): { stop(): void } {
  const n = Math.ceil(Math.max(0, load));
  const duty = n ? Math.min(1, load / n) : 0;
  const spin = `const d=${duty};for(;;){const t=performance.now();while(performance.now()-t<20*d);const s=20*(1-d);if(s>0)Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,s)}`;
  const procs = Array.from({ length: n }, () => spawn(process.execPath, ['-e', spin], { stdio: 'ignore' }));
  return { stop: () => procs.forEach((p) => p.kill('SIGKILL')) };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
