/**
 * The admin dashboard in a real browser (Debian's Chromium driven by
 * playwright-core) against a real coordinator and 3 real fl-client
 * processes (echo trainers claiming `mnist`, so rounds are fast; their
 * reported metrics are zeros, which still plot one point per round):
 * log in with the first admin token; create an enrollment token in the UI
 * and enroll the third client with it; create and start a 2-round secure job
 * from the UI and watch it complete (waiting on DOM state, never on sleeps);
 * the accuracy chart has 2 points, the timeline shows every member's
 * model download and secure-aggregation stages in both rounds, the Clients
 * page each client's software version, and the job's `evalData` gives a
 * centralized-accuracy series with a point per round (pushed by
 * `admin:evaluation` as the coordinator records it); promote the final
 * model; import its TF.js files through the Models page's form (a missing
 * file is refused in words first); a viewer sees no
 * start/stop/promote/import/token controls and a forced API call is
 * refused; across a coordinator restart the open page says it is
 * reconnecting and comes back live by itself. Screenshots of the overview, job, models and clients pages go to
 * `test-artifacts/dashboard/`; with `UPDATE_DOCS_SCREENSHOTS=1` they also
 * replace the README's pictures in `docs/` (so a plain `npm test` never
 * modifies tracked files).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ApiClient, Children, REPO_ROOT, scratchDir, startClients, startCoordinator, withEnrollment } from '../edge/support/edge-fixture';

jest.setTimeout(240_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts/dashboard');
/** Generous: the machine may be shared and loaded (about 25 s for the whole test when it is not). */
const UI_MS = 60_000;
const JOB_MS = 150_000;

async function shot(page: Page, name: string): Promise<void> {
  const file = join(ARTIFACTS, `dashboard-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') copyFileSync(file, join(REPO_ROOT, 'docs', `dashboard-${name}.png`));
}

async function logIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(url);
  await page.fill('input[name=token]', token);
  await page.click('form[aria-label="log in"] button[type=submit]');
  await page.waitForSelector('[data-connection=live]', { timeout: UI_MS });
}

describe('admin dashboard in Chromium (e2e)', () => {
  const children = new Children();
  let browser: Browser | null = null;
  afterAll(async () => {
    await browser?.close();
    await children.stopAll();
  });

  it('enrolls a client, runs a 2-round secure job, promotes its model, and hides controls from a viewer', async () => {
    // Prepare
    mkdirSync(ARTIFACTS, { recursive: true });
    const dir = scratchDir('dashboard');
    const coordinator = await startCoordinator(children, { dataDir: join(dir, 'data'), logFile: join(dir, 'coordinator.log') });
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });
    const echo = (name: string) => ({ name, data: 'mnist', echo: true, examples: 100 });
    startClients(children, coordinator.url, await withEnrollment(api, [echo('edge-a'), echo('edge-b')], dir), dir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();

    // Execute / Assert: log in with the first admin token (before it, /api/auth/me answers 401)
    await logIn(admin, coordinator.url, coordinator.adminToken!);
    const problems: string[] = []; // from now on, no console error (CSP, script errors, refused requests)
    admin.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    admin.on('pageerror', (e) => problems.push(e.message));
    expect(await admin.textContent('[data-role]')).toContain('admin');

    // an enrollment token made in the UI enrolls the third client
    await admin.click('nav a[href="/clients"]');
    await admin.fill('form[aria-label="new enrollment token"] input[name=label]', 'site-c');
    await admin.fill('form[aria-label="new enrollment token"] input[name=clientName]', 'edge-c');
    await admin.click('form[aria-label="new enrollment token"] button[type=submit]');
    const secret = (await (await admin.waitForSelector('[data-secret]', { timeout: UI_MS })).textContent())!;
    expect(secret).toMatch(/^et_[0-9a-f]{32}\./);
    startClients(children, coordinator.url, [{ ...echo('edge-c'), enrollToken: secret, identity: join(dir, 'identity-edge-c.json') }], dir);
    for (const name of ['edge-a', 'edge-b', 'edge-c']) await admin.waitForSelector(`tr[data-client="${name}"] .b-online`, { timeout: UI_MS });

    // a 2-round secure job, created and started from the UI
    await admin.click('nav a[href="/"]');
    await admin.waitForSelector('[data-connected]:text-is("3")', { timeout: UI_MS });
    const form = 'form[aria-label="new job"]';
    await admin.fill(`${form} input[name=name]`, 'e2e-dashboard');
    await admin.selectOption(`${form} select[name=model]`, 'mnist-mlp');
    await admin.fill(`${form} input[name=rounds]`, '2');
    await admin.fill(`${form} input[name=clientsPerRound]`, '3');
    await admin.fill(`${form} input[name=minClients]`, '3');
    await admin.fill(`${form} input[name=evalData]`, 'mnist?tail=200');
    expect(await admin.isChecked(`${form} input[name=secure]`)).toBe(true);
    await admin.click(`${form} button[type=submit]`);
    await admin.waitForURL(/\/jobs\/[^/]+$/, { timeout: UI_MS });
    const jobId = decodeURIComponent(admin.url().split('/').pop()!);
    await admin.waitForSelector('h2 .b-completed', { timeout: JOB_MS }).catch(async (e: Error) => {
      // say why: what the coordinator has versus what the page shows
      const job = await api.jobs.get(jobId).catch((err: Error) => ({ error: err.message }));
      const facts = 'error' in job ? job.error : `${job.status}, ${job.completedRounds}/${job.config.rounds} rounds, attempts ${job.rounds.map((r) => `${r.round}.${r.attempt}:${r.phase}`).join(' ')}`;
      throw new Error(`${e.message}\nthe API says job ${jobId} is ${facts}; the page's heading reads "${await admin.textContent('h2').catch(() => '?')}"`);
    });

    // the accuracy chart has a point per round; every member went through every stage, in both rounds
    expect(await admin.locator('[data-chart=accuracy] [data-series="train accuracy"] circle.point').count()).toBe(2);
    expect(await admin.locator('[data-chart=duration] circle.point').count()).toBe(2);
    expect(await admin.locator('[data-chart=finish-times] [data-series=slowest] circle.point').count()).toBe(2);
    // centralized evaluation runs after each round, in the background: the page follows it live
    const central = '[data-chart=eval-accuracy] [data-series="centralized accuracy"] circle.point';
    await admin.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, central, { timeout: UI_MS });
    for (const pick of ['1.1', '2.1']) {
      await admin.click(`[data-pick="${pick}"]`);
      await admin.waitForSelector(`.timeline[data-round="${pick[0]}"]`);
      const stages = await admin.locator('.survivors tr[data-stage]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-stage')).join(' '));
      expect(stages).toBe('advertise-keys share-keys masked-input consistency-check unmask');
      const members = await admin.locator('tr[data-member]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-member'), r.getAttribute('data-stages'), r.getAttribute('data-state')]));
      expect(members.sort()).toEqual(['edge-a', 'edge-b', 'edge-c'].map((n) => [n, stages, 'aggregated']));
      expect(await admin.locator('tr[data-member] .st-downloading').count()).toBe(3); // each fetched the round's new global model
    }
    await shot(admin, 'job');

    // promote the final model
    await admin.click('nav a[href="/models"]');
    const finalRow = `tr[data-round="2"]`;
    await admin.click(`${finalRow} [data-action=promote]`);
    await admin.waitForSelector(`${finalRow} .b-serving`, { timeout: UI_MS });
    const serving = await api.models.get('serving');
    expect(serving.round).toBe(2);
    // import its TF.js files through the form; without them it says what is missing
    const importForm = 'form[aria-label="import model"]';
    await admin.click(`${importForm} button[type=submit]`);
    expect(await (await admin.waitForSelector(`${importForm} [role=alert]`, { timeout: UI_MS })).textContent()).toMatch(/Choose the model\.json/);
    const files = await api.models.tfjs(serving.id);
    writeFileSync(join(dir, 'model.json'), JSON.stringify(files.modelJson));
    writeFileSync(join(dir, 'model.weights.bin'), files.weights);
    await admin.setInputFiles(`${importForm} input[name="model.json"]`, join(dir, 'model.json'));
    await admin.setInputFiles(`${importForm} input[name="model.weights.bin"]`, join(dir, 'model.weights.bin'));
    await admin.fill(`${importForm} input[name=name]`, 'e2e-imported');
    await admin.click(`${importForm} button[type=submit]`);
    const importedId = await (await admin.waitForSelector('[data-imported]', { timeout: UI_MS })).getAttribute('data-imported');
    expect(await api.models.get(importedId!)).toMatchObject({ jobId: null, round: 0, name: 'e2e-imported', parameterCount: serving.parameterCount });
    await admin.waitForSelector(`tr[data-version="${importedId}"]`, { timeout: UI_MS });
    await shot(admin, 'models');
    await admin.click('nav a[href="/"]');
    await admin.waitForSelector('[data-stat=serving] a', { timeout: UI_MS });
    await shot(admin, 'overview');
    await admin.click('nav a[href="/clients"]'); // the secret shown once is gone after leaving the page
    await admin.waitForFunction(() => document.querySelectorAll('tr[data-token] .b-used').length === 3, undefined, { timeout: UI_MS }); // site-c's token too
    expect(await admin.locator('[data-secret]').count()).toBe(0);
    // every client in both rounds (the cells appear once the jobs' histories are read)
    await admin.waitForFunction(() => document.querySelectorAll('tr[data-client] [data-rounds]').length === 3, undefined, { timeout: UI_MS });
    expect(await admin.locator('tr[data-client] [data-rounds]').allTextContents()).toEqual(['2', '2', '2']);
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'apps/edge-client/package.json'), 'utf8')) as { version: string };
    expect(await admin.locator('tr[data-client] [data-client-version]').allTextContents()).toEqual([version, version, version]);
    await shot(admin, 'clients');
    expect(problems).toEqual([]);

    // a viewer sees no controls, and the API refuses the call anyway
    const viewerToken = (await api.tokens.create({ name: 'e2e-viewer', role: 'viewer' })).secret;
    const viewer = await (await browser.newContext()).newPage();
    await logIn(viewer, `${coordinator.url}/jobs/${encodeURIComponent(jobId)}`, viewerToken);
    await viewer.waitForSelector('h2 .b-completed', { timeout: UI_MS });
    expect(await viewer.textContent('[data-role]')).toContain('viewer');
    const controls = async () => viewer.locator('[data-action=start], [data-action=stop], [data-action=promote], form[aria-label="new job"], form[aria-label="import model"], form[aria-label="new enrollment token"], nav a[href="/tokens"], button:text("Suspend")').count();
    expect(await controls()).toBe(0);
    await viewer.click('nav a[href="/models"]');
    await viewer.waitForSelector(`tr[data-round="2"] .b-serving`, { timeout: UI_MS });
    expect(await controls()).toBe(0);
    await viewer.click('nav a[href="/"]');
    await viewer.waitForSelector('table.jobs', { timeout: UI_MS });
    expect(await controls()).toBe(0);
    const forced = await viewer.evaluate(async (id) => {
      const res = await fetch(`/api/jobs/${encodeURIComponent(id)}/stop`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { status: res.status, body: await res.json() };
    }, jobId);
    expect(forced.status).toBe(403);
    expect(forced.body.code).toBe('FORBIDDEN');

    // a coordinator restart: the open page says it is reconnecting, then is live again by itself
    await children.stop(coordinator.child);
    await viewer.waitForSelector('[data-connection=reconnecting]', { timeout: UI_MS });
    expect(await viewer.textContent('[role=status]')).toMatch(/reconnecting/);
    await startCoordinator(children, { port: coordinator.port, adminToken: coordinator.adminToken, dataDir: join(dir, 'data'), logFile: join(dir, 'coordinator-2.log') });
    await viewer.waitForSelector('[data-connection=live]', { timeout: UI_MS });
    await viewer.waitForSelector('table.jobs tr[data-job]', { timeout: UI_MS });
  });
});
