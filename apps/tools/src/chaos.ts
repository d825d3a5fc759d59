/**
 * @module chaos
 * `npm run chaos -- --kills K [--engine embedded|postgres] [--database-url URL] [--seed S]`:
 * runs a secure-aggregation job with real `fl-client --echo` processes,
 * SIGKILLs the coordinator K times at random phases or SecAgg+ stages (one
 * kill per round, via the coordinator's test fault hook), restarts it each
 * time on the same data, lets the job finish, then runs the same job
 * uninterrupted and compares the final models within the documented bound
 * (see chaos/compare-models). The last line is JSON:
 * `{"kills":K,"completedRounds":r,"lostVersions":0,"doubleCounted":0,"matchesUninterrupted":true}`.
 * With `--engine postgres` and no URL, a scratch database is created on
 * postgres://postgres@127.0.0.1:5432 and dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { KILL_POINTS, runCrashJob } from './chaos/crash-run';
import { compareSecureModels } from './chaos/compare-models';
import { runMain } from './proc/run-main';

const CLIENTS = 3;
const PARAMS = 300;
const CLIP = 1; // the job default (secureAggregation.clip)

function usage(): string {
  return 'Usage: npm run chaos -- --kills K [--engine embedded|postgres] [--database-url URL] [--seed S] [--keep]';
}

async function scratchDatabase(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `fl_chaos_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const run = async (q: string) => {
    const c = new Client({ connectionString: base });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await run(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: { kills: { type: 'string' }, engine: { type: 'string', default: 'embedded' }, 'database-url': { type: 'string' }, seed: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    }));
  } catch (e) {
    throw Object.assign(new Error((e as Error).message), { code: 'USAGE' });
  }
  if (values.help) return void process.stdout.write(usage() + '\n');
  const kills = Number(values.kills);
  const engine = values.engine;
  const seed = Number(values.seed);
  if (!Number.isInteger(kills) || kills < 0 || kills > 1000) throw Object.assign(new Error('--kills must be an integer in [0, 1000]'), { code: 'USAGE' });
  if (engine !== 'embedded' && engine !== 'postgres') throw Object.assign(new Error('--engine must be embedded or postgres'), { code: 'USAGE' });
  if (!Number.isInteger(seed)) throw Object.assign(new Error('--seed must be an integer'), { code: 'USAGE' });
  const say = (s: string) => process.stdout.write(s + '\n');
  const rounds = Math.max(3, kills + 1);
  const plan = Array.from({ length: kills }, (_, i) => ({ point: KILL_POINTS[Math.floor(Math.random() * KILL_POINTS.length)], round: i + 1 }));
  say(`kill plan: ${plan.map((p) => `${p.point}@${p.round}`).join(', ') || 'none'}`);

  const run = async (label: string, k: typeof plan) => {
    const dir = mkdtempSync(join(tmpdir(), `fl-chaos-${label}-`));
    const db = engine === 'postgres' && !values['database-url'] ? await scratchDatabase('postgres://postgres@127.0.0.1:5432/test') : null;
    try {
      say(`${label} run: logs in ${dir}`);
      const t0 = Date.now();
      const r = await runCrashJob({ engine, databaseUrl: db?.url ?? values['database-url'], dataDir: join(dir, 'data'), logDir: dir, clients: CLIENTS, rounds, seed, params: PARAMS, kills: k, say, timeoutMs: 60_000 * (rounds + k.length) });
      say(`${label} run: ${r.final.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${r.restartReasons.length} attempt(s) closed by restarts, ${r.otherFailures.length} other failure(s)${r.otherFailures.length ? `: ${r.otherFailures.join('; ')}` : ''}`);
      return r;
    } finally {
      await db?.drop();
      if (!values.keep) rmSync(dir, { recursive: true, force: true });
    }
  };
  const chaos = await run('chaos', plan);
  const calm = await run('uninterrupted', []);
  const cmp = compareSecureModels(chaos.finalModel, calm.finalModel, { rounds, clip: CLIP, clients: CLIENTS });
  say(`final models: max |diff| ${cmp.maxAbsDiff.toExponential(3)}, worst diff/bound ${cmp.worstRatio.toFixed(3)} (bound per coordinate: rounds × (2·2·clip/(2^bits−1) + ulp32))`);
  const result = {
    kills: chaos.kills,
    completedRounds: chaos.completedRounds,
    lostVersions: chaos.lostVersions,
    doubleCounted: chaos.doubleCounted,
    matchesUninterrupted: cmp.withinBound && chaos.completedRounds === calm.completedRounds,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

runMain('chaos', usage, main);
