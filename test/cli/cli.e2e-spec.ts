/**
 * The built `fl` binary against the REAL coordinator (in-process, memory
 * storage) with real scripted edge clients: health, jobs (create from flags
 * and from a file, list, get, start, watch live to the end, stop, delete),
 * models (list, get, promote, download in the TF.js format) and clients.
 * Each command runs as a child process; its exit code, table and `--json`
 * document are checked against the coordinator's own REST answers.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '@fl/api-client';
import type { ClientView, JobView, ModelVersionView } from '@fl/protocol';
import type { Harness } from '../coordinator/support/harness';
import { ScriptedClient } from '../coordinator/support/scripted-client';
import { startWithAdmin } from './support/coordinator';
import { flRunner, json, type Fl } from './support/fl';

const SYNTH = ['--model', 'synthetic', '--params', '100', '--dataset', 'cli-synth', '--plain', '--evaluate', 'false'];

describe('fl against the real coordinator', () => {
  let h: Harness;
  let api: ApiClient;
  let fl: Fl;
  const clients: ScriptedClient[] = [];

  beforeAll(async () => {
    let token: string;
    ({ h, token } = await startWithAdmin());
    api = new ApiClient({ baseUrl: h.url, token });
    fl = flRunner({ FL_URL: h.url, FL_TOKEN: token });
    for (const name of ['cli-a', 'cli-b']) clients.push(await ScriptedClient.enrol(h, { name, dataset: 'cli-synth', numExamples: 5, trainMs: 400 }));
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await h.close();
  });

  it('fl health', async () => {
    const r = await fl(['health']);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/^status:\s+ok$/m);
    expect(r.stdout).toMatch(new RegExp(`^coordinator:\\s+${h.url}$`, 'm'));
    expect(json<{ status: string; clientsConnected: number }>(await fl(['health', '--json']))).toMatchObject({ status: 'ok', clientsConnected: 2 });
  });

  it('fl clients list: both enrolled clients, as a table and as JSON', async () => {
    const r = await fl(['clients', 'list']);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+DATASET\s+EXAMPLES\s+BACKEND\s+CONNECTED/);
    for (const c of clients) expect(r.stdout).toMatch(new RegExp(`^${c.clientId}\\s+cli-[ab]\\s+cli-synth\\s+5\\s`, 'm'));
    const listed = json<ClientView[]>(await fl(['clients', 'list', '--json']));
    expect(listed.map((c) => c.id).sort()).toEqual(clients.map((c) => c.clientId).sort());
  });

  it('fl jobs create (flags, file + flags), list, get', async () => {
    const fromFlags = json<JobView>(await fl(['jobs', 'create', ...SYNTH, '--name', 'cli-flags', '--rounds', '2', '--clients-per-round', '2', '--min-clients', '2', '--json']));
    expect(fromFlags).toMatchObject({ status: 'created', config: { name: 'cli-flags', rounds: 2, dataset: 'cli-synth', model: { builtin: 'synthetic', params: 100 }, secureAggregation: { enabled: false }, evaluate: false } });
    expect(await api.jobs.get(fromFlags.id)).toEqual(fromFlags);

    const file = join(mkdtempSync(join(tmpdir(), 'fl-job-')), 'job.json');
    writeFileSync(file, JSON.stringify({ name: 'cli-file', model: { builtin: 'synthetic', params: 50 }, dataset: 'cli-synth', rounds: 7, strategy: { name: 'fedavgm', serverLearningRate: 0.5 } }));
    const r = await fl(['jobs', 'create', '--file', file, '--rounds', '3', '--strategy', 'fedadam']);
    expect(r).toMatchObject({ code: 0 });
    const id = /^job ([0-9a-f-]{36}): created$/.exec(r.stdout.trim())?.[1];
    expect(id).toBeDefined();
    expect((await api.jobs.get(id!)).config).toMatchObject({ name: 'cli-file', rounds: 3, strategy: { name: 'fedadam', serverLearningRate: 0.5 } });

    const list = await fl(['jobs', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${fromFlags.id}\\s+cli-flags\\s+created\\s+0/2\\s+cli-synth\\s+synthetic\\s+no`, 'm'));
    expect(json<JobView[]>(await fl(['jobs', 'list', '--json'])).map((j) => j.id)).toEqual(expect.arrayContaining([fromFlags.id, id]));

    const get = await fl(['jobs', 'get', id!]);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^status:\s+created$/m);
    expect(get.stdout).toMatch(/^strategy:\s+fedadam$/m);
    await api.jobs.delete(id!);
  });

  it('fl jobs watch follows a job live to completion (exit 0), one line per round', async () => {
    const job = json<JobView>(await fl(['jobs', 'create', ...SYNTH, '--rounds', '3', '--clients-per-round', '2', '--min-clients', '2', '--json']));
    const watch = fl.start(['jobs', 'watch', job.id]);
    // The watcher is connected once it has printed the job's first status line.
    const t0 = Date.now();
    while (!watch.stdout().includes('created') && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 20));
    expect(json<JobView>(await fl(['jobs', 'start', job.id, '--json'])).status).toBe('running');
    // Live: round 1's line is out while the job is still running (each round trains ≥ 0.4 s).
    while (!watch.stdout().includes('round  1/3') && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
    expect((await api.jobs.get(job.id)).status).toBe('running');
    const r = await watch.done;
    expect(r).toMatchObject({ code: 0 });
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual([`job ${job.id}: created`, `job ${job.id}: running`]);
    const rounds = lines.filter((l) => l.startsWith('round '));
    expect(rounds.map((l) => l.slice(0, 10))).toEqual(['round  1/3', 'round  2/3', 'round  3/3']);
    expect(rounds[0]).toMatch(/participants 2\/2 {2}loss/);
    expect(lines[lines.length - 1]).toBe(`job ${job.id} completed after 3/3 rounds`);

    // Watching a finished job prints its rounds and ends at once; --json: JSON lines, the last one the end.
    const again = await fl(['jobs', 'watch', job.id, '--json']);
    expect(again.code).toBe(0);
    const docs = again.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; round?: number; status?: string });
    expect(docs.filter((d) => d.event === 'round').map((d) => d.round)).toEqual([1, 2, 3]);
    expect(docs[docs.length - 1]).toMatchObject({ event: 'end', id: job.id, status: 'completed', completedRounds: 3 });

    // The registry has the initial version plus one per round.
    const versions = json<ModelVersionView[]>(await fl(['models', 'list', '--job', job.id, '--json']));
    expect(versions.map((v) => v.round)).toEqual([0, 1, 2, 3]);
    const table = await fl(['models', 'list', '--job', job.id]);
    expect(table.stdout.trim().split('\n')).toHaveLength(5);
  });

  it('fl jobs watch exits 1 when the job fails', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fl-job-')), 'job.json');
    writeFileSync(file, JSON.stringify({ waitForClientsSeconds: 0.2, maxRoundRetries: 0 }));
    const job = json<JobView>(await fl(['jobs', 'create', '--file', file, ...SYNTH, '--dataset', 'nobody-has-it', '--rounds', '1', '--min-clients', '1', '--clients-per-round', '1', '--json']));
    await fl(['jobs', 'start', job.id]);
    const r = await fl(['jobs', 'watch', job.id]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('round  1/1  FAILED: only 0 eligible client(s)');
    expect(r.stdout.trim().split('\n').pop()).toMatch(new RegExp(`^job ${job.id} failed after 0/1 rounds: round 1 failed 1 time\\(s\\)`));
  });

  it('fl jobs stop, delete; an unknown job is a 404 with its code (exit 1)', async () => {
    const job = json<JobView>(await fl(['jobs', 'create', ...SYNTH, '--json']));
    expect(await fl(['jobs', 'stop', job.id])).toMatchObject({ code: 0, stdout: `job ${job.id}: stopped\n` });
    const del = await fl(['jobs', 'delete', job.id]);
    expect(del).toMatchObject({ code: 0, stdout: `job ${job.id} deleted with 1 model version(s)\n` });
    const gone = await fl(['jobs', 'get', job.id]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^fl: [A-Z_]+: .*\(GET \/api\/jobs\/[0-9a-f-]+ → HTTP 404\)\n$/);
    const j = await fl(['jobs', 'get', job.id, '--json']);
    expect(JSON.parse(j.stderr)).toMatchObject({ error: { code: expect.stringMatching(/^[A-Z_]+$/), status: 404 } });
    expect(j.stdout).toBe('');
  });

  it('fl jobs start of a running job is a 409 with its code (exit 1)', async () => {
    const job = json<JobView>(await fl(['jobs', 'create', ...SYNTH, '--dataset', 'nobody-2', '--json']));
    await api.jobs.start(job.id);
    const r = await fl(['jobs', 'start', job.id]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^fl: [A-Z_]+: .*HTTP 409\)\n$/);
    await api.jobs.stop(job.id);
  });

  it('fl models get, promote, download (TF.js model.json + weights.bin); a layout-only model cannot be downloaded', async () => {
    const job = await api.jobs.create({ model: { builtin: 'mnist-mlp' }, dataset: 'mnist' });
    const vid = job.modelVersionId;
    const get = await fl(['models', 'get', vid]);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(new RegExp(`^parameters:\\s+${job.parameterCount}$`, 'm'));
    expect(get.stdout).toMatch(/^serving:\s+no$/m);

    expect(await fl(['models', 'promote', vid])).toMatchObject({ code: 0, stdout: `model ${vid} is now serving\n` });
    expect(json<ModelVersionView>(await fl(['models', 'get', 'serving', '--json']))).toMatchObject({ id: vid, serving: true });

    const out = join(mkdtempSync(join(tmpdir(), 'fl-model-')), 'nested', 'dir');
    const dl = json<{ modelJson: string; weights: string; weightsBytes: number }>(await fl(['models', 'download', vid, '--out', out, '--json']));
    expect(dl).toEqual({ id: vid, modelJson: join(out, 'model.json'), weights: join(out, 'weights.bin'), weightsBytes: job.parameterCount * 4 });
    const modelJson = JSON.parse(readFileSync(dl.modelJson, 'utf8')) as { format: string; modelTopology: object; weightsManifest: Array<{ paths: string[] }> };
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest.map((m) => m.paths)).toEqual([['weights.bin']]);
    expect(statSync(dl.weights).size).toBe(job.parameterCount * 4);
    expect(Buffer.compare(readFileSync(dl.weights), Buffer.from(await api.models.tfjsWeights(vid)))).toBe(0);

    const synthetic = await api.jobs.create({ model: { builtin: 'synthetic', params: 10 }, dataset: 'x' });
    const refused = await fl(['models', 'download', synthetic.modelVersionId, '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^fl: [A-Z_]+: .*HTTP 409\)\n$/);
  });
});
