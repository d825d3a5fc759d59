/**
 * Client enrollment and authentication over real sockets (docs/enrollment.md):
 * every attack is refused with its code and never reaches round logic,
 * while honest clients in the same test keep completing rounds.
 */
import { request } from 'node:http';
import nacl from 'tweetnacl';
import { BULK_CLIENT_HEADER, ErrorCode, Events, bulkModelPath, type Ack, type ClientView, type EnrollmentTokenView, type JobView } from '@fl/protocol';
import { EnrollmentTokensService } from '../../apps/coordinator/src/enrollment/enrollment-tokens.service';
import { scriptedSuite, startHarness, until, type Harness } from './support/harness';
import { PLAIN } from './support/plain';
import { ScriptedClient, enrollmentToken } from './support/scripted-client';

const codeOf = (a: Ack) => (a.ok ? undefined : a.error.code);

/** A GET on the bulk port; resolves with the status and the error code, if any. */
function bulkGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; code?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        let code: string | undefined;
        try {
          code = (JSON.parse(Buffer.concat(parts).toString('utf8')) as { error?: { code?: string } }).error?.code;
        } catch {
          /* the model bytes */
        }
        resolve({ status: res.statusCode ?? 0, code });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('client enrollment and authentication', () => {
  let h: Harness;
  const { enrol, connect } = scriptedSuite((x) => (h = x), { closeClients: 'each' });

  /** Two honest clients run a 2-round job on their own dataset while `attack` runs; only they take part. */
  async function whileHonestTrain(dataset: string, attack: () => Promise<void>): Promise<JobView> {
    const honest = [await enrol({ dataset, perturbation: 0.5 }), await enrol({ dataset, perturbation: 1.5 })];
    const job = await h.createJob({ model: { builtin: 'synthetic', params: 64 }, dataset, rounds: 2, clientsPerRound: 2, minClients: 2, overSelection: 0, roundDeadlineSeconds: 20, evaluate: false, secureAggregation: PLAIN });
    await h.startJob(job.id);
    await attack();
    const done = await h.waitJob(job.id, (j) => j.status !== 'running', 30_000);
    expect(done.status).toBe('completed');
    for (const r of done.rounds) {
      expect([...r.participants].sort()).toEqual(honest.map((c) => c.clientId).sort());
      expect(r.failures).toEqual([]);
    }
    return done;
  }

  /** Asserts the socket never got past the door: round logic refuses it as NOT_REGISTERED. */
  async function notAuthenticated(c: ScriptedClient): Promise<void> {
    if (c.disconnected) return;
    expect(codeOf(await c.emit(Events.ModelFetch, { hash: 'f'.repeat(64), index: 0 }))).toBe(ErrorCode.NotRegistered);
  }

  it('refuses an unenrolled client: no challenge, unknown id, unknown or malformed token, malformed software version', async () => {
    await whileHonestTrain('enr-unenrolled', async () => {
      const c = await connect({ dataset: 'enr-unenrolled-x' });
      const madeUp = { challenge: Buffer.alloc(32, 1), coordinatorId: 'co_guess', issuedAt: Date.now() };
      const noChallenge = await c.send(await c.signedRequest({ enrollmentToken: await enrollmentToken(h) }, madeUp));
      expect(codeOf(noChallenge)).toBe(ErrorCode.BadChallenge);
      c.clientId = '00000000-0000-4000-8000-000000000000';
      expect(codeOf(await c.register())).toBe(ErrorCode.NotRegistered);
      c.clientId = '';
      expect(codeOf(await c.register({ enrollmentToken: `et_${'0'.repeat(32)}.${'A'.repeat(43)}` }))).toBe(ErrorCode.EnrollmentRefused);
      const real = await enrollmentToken(h);
      expect(codeOf(await c.register({ enrollmentToken: real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A') }))).toBe(ErrorCode.EnrollmentRefused);
      expect(codeOf(await c.register({ enrollmentToken: 'let-me-in' }))).toBe(ErrorCode.BadPayload);
      // a malformed software version is refused before the (valid) token is looked at
      expect(codeOf(await c.register({ enrollmentToken: real, clientVersion: `1.0.0-${'a'.repeat(60)}` }))).toBe(ErrorCode.BadPayload);
      expect(codeOf(await c.register({ enrollmentToken: real, clientVersion: 'latest' }))).toBe(ErrorCode.BadPayload);
      await notAuthenticated(c);
    });
  });

  it('refuses an expired token and a single-use token used twice, also by concurrent enrollments', async () => {
    await whileHonestTrain('enr-tokens', async () => {
      // used twice
      const once = await enrollmentToken(h);
      const first = await connect({ dataset: 'enr-tokens-x' });
      expect(codeOf(await first.register({ enrollmentToken: once }))).toBeUndefined();
      const second = await connect({ dataset: 'enr-tokens-x' });
      expect(codeOf(await second.register({ enrollmentToken: once }))).toBe(ErrorCode.TokenUsed);
      await notAuthenticated(second);

      // concurrently: exactly one of eight sockets wins
      const shared = await enrollmentToken(h);
      const racers = await Promise.all(Array.from({ length: 8 }, () => connect({ dataset: 'enr-race' })));
      const challenges = await Promise.all(racers.map((r) => r.hello()));
      const requests = await Promise.all(racers.map((r, i) => r.signedRequest({ enrollmentToken: shared }, challenges[i])));
      const replies = await Promise.all(racers.map((r, i) => r.send(requests[i])));
      expect(replies.filter((r) => r.ok)).toHaveLength(1);
      expect(replies.filter((r) => !r.ok).map(codeOf)).toEqual(Array(7).fill(ErrorCode.TokenUsed));
      for (const [i, r] of racers.entries()) if (!replies[i].ok) await notAuthenticated(r);
      const listed = (await h.rest<EnrollmentTokenView[]>('GET', '/enrollment-tokens')).body.find((t) => shared.startsWith(t.id));
      expect(listed).toMatchObject({ uses: 1, maxUses: 1 });

      // expired: the coordinator's clock moves past the token's expiry
      const soon = await enrollmentToken(h, { expiresInSeconds: 60 });
      const tokens = h.app.get(EnrollmentTokensService);
      const realNow = tokens.now;
      tokens.now = () => new Date(Date.now() + 61_000);
      try {
        const late = await connect({ dataset: 'enr-tokens-x' });
        expect(codeOf(await late.register({ enrollmentToken: soon }))).toBe(ErrorCode.TokenExpired);
        await notAuthenticated(late);
      } finally {
        tokens.now = realNow;
      }
    });
  });

  it('a repeated enrollment with the same key and token (its reply was lost) gets the same identity and takes no use; another key is refused', async () => {
    const once = await enrollmentToken(h);
    const first = await connect({ dataset: 'enr-again' });
    expect(codeOf(await first.register({ enrollmentToken: once }))).toBeUndefined();
    const id = first.clientId;
    first.close(); // as if the coordinator stopped before the client stored its id
    const retry = await connect({ dataset: 'enr-again' });
    retry.keys = first.keys;
    expect(codeOf(await retry.register({ enrollmentToken: once }))).toBeUndefined();
    expect(retry.clientId).toBe(id);
    const tokens = (await h.rest<EnrollmentTokenView[]>('GET', '/enrollment-tokens')).body.find((t) => once.startsWith(t.id));
    expect(tokens).toMatchObject({ uses: 1, maxUses: 1 });
    // The spent token with another key, or the same key with a wrong secret of that token id, is refused.
    const stranger = await connect({ dataset: 'enr-again' });
    expect(codeOf(await stranger.register({ enrollmentToken: once }))).toBe(ErrorCode.TokenUsed);
    await notAuthenticated(stranger);
    const guess = await connect({ dataset: 'enr-again' });
    guess.keys = first.keys;
    const [tokenId] = once.split('.');
    expect(codeOf(await guess.register({ enrollmentToken: `${tokenId}.${'A'.repeat(once.length - tokenId.length - 1)}` }))).toBe(ErrorCode.EnrollmentRefused);
    await notAuthenticated(guess);
    const clients = (await h.rest<Array<{ id: string; name: string }>>('GET', '/clients')).body.filter((c) => c.id === id);
    expect(clients).toHaveLength(1);
  });

  it('refuses a revoked token and a token bound to another dataset or name', async () => {
    const bound = await enrollmentToken(h, { dataset: 'only-this', clientName: 'site-x' });
    const c = await connect({ dataset: 'other', name: 'site-x' });
    const r = await c.register({ enrollmentToken: bound });
    expect(r).toEqual({ ok: false, error: { code: ErrorCode.EnrollmentRefused, message: expect.stringContaining('dataset') } });
    const created = await h.rest<{ id: string; secret: string }>('POST', '/enrollment-tokens', {});
    expect((await h.rest<EnrollmentTokenView>('DELETE', `/enrollment-tokens/${created.body.id}`)).body.revokedAt).toEqual(expect.any(String));
    expect(codeOf(await c.register({ enrollmentToken: created.body.secret }))).toBe(ErrorCode.EnrollmentRefused);
    await notAuthenticated(c);
  });

  it('refuses a forged signature (without spending the token) and a captured register payload replayed on a new socket', async () => {
    await whileHonestTrain('enr-forged', async () => {
      // forged: the signature is not over this challenge by this key
      const token = await enrollmentToken(h);
      const c = await connect({ dataset: 'enr-forged-x' });
      const forged = await c.signedRequest({ enrollmentToken: token }, undefined, nacl.sign.keyPair().secretKey);
      expect(codeOf(await c.send(forged))).toBe(ErrorCode.ForgedIdentity);
      await notAuthenticated(c);
      expect(codeOf(await c.register({ enrollmentToken: token }))).toBeUndefined();

      // replay: a payload captured from c's socket, sent again there and from a new socket
      const captured = await c.signedRequest();
      expect(codeOf(await c.send(captured))).toBeUndefined();
      expect(codeOf(await c.send(captured))).toBe(ErrorCode.BadChallenge);
      const mallory = await connect({ dataset: 'enr-forged-x' });
      expect(codeOf(await mallory.send(captured))).toBe(ErrorCode.BadChallenge);
      await mallory.hello();
      expect(codeOf(await mallory.send(captured))).toBe(ErrorCode.ForgedIdentity);
      await notAuthenticated(mallory);
      expect(c.disconnected).toBe(false);
    });
  });

  it('refuses a stolen old session token with the public key, and a bulk credential used by or after another connection', async () => {
    await whileHonestTrain('enr-stolen', async () => {
      const victim = await enrol({ dataset: 'enr-stolen-v', auto: false });
      const port = (await h.rest<{ bulk: { port: number } }>('GET', '/health')).body.bulk.port;
      const thief = await connect({ dataset: 'enr-stolen-v' });
      thief.clientId = victim.clientId;
      // protocol 1's replayable bearer: id + session token + the victim's public key (every cohort peer has it)
      const old = await thief.signedRequest({ signingKey: Buffer.from(victim.keys.publicKey), sessionToken: 'f'.repeat(64) } as never);
      expect(codeOf(await thief.send(old))).toBe(ErrorCode.BadPayload);
      const withKey = await thief.signedRequest({ signingKey: Buffer.from(victim.keys.publicKey) });
      expect(codeOf(await thief.send(withKey))).toBe(ErrorCode.ForgedIdentity);
      await notAuthenticated(thief);

      // bulk: the victim's credential works for the victim only, only while its connection lives
      const path = bulkModelPath('ab'.repeat(32), 0);
      const as = (id: string, cred: string) => ({ [BULK_CLIENT_HEADER]: id, authorization: `Bearer ${cred}` });
      expect(await bulkGet(port, path, as(victim.clientId, victim.bulkCredential))).toMatchObject({ status: 404, code: ErrorCode.UnknownModel });
      const other = await enrol({ dataset: 'enr-stolen-o', auto: false });
      expect(await bulkGet(port, path, as(other.clientId, victim.bulkCredential))).toMatchObject({ status: 401, code: ErrorCode.ForgedIdentity });
      const stolen = victim.bulkCredential;
      expect(codeOf(await victim.register())).toBeUndefined(); // re-authentication issues a new credential
      expect(await bulkGet(port, path, as(victim.clientId, stolen))).toMatchObject({ status: 401, code: ErrorCode.ForgedIdentity });
      const current = victim.bulkCredential;
      victim.close();
      await until(() => victim.disconnected);
      await new Promise((r) => setTimeout(r, 100));
      expect(await bulkGet(port, path, as(victim.clientId, current))).toMatchObject({ status: 401, code: ErrorCode.NotRegistered });
    });
  });

  it('suspends and resumes a client; revokes one for good: sockets closed at once, reconnects refused', async () => {
    await whileHonestTrain('enr-status', async () => {
      const s = await enrol({ dataset: 'enr-status-s', auto: false });
      const suspended = await h.rest<ClientView>('POST', `/clients/${s.clientId}/suspend`);
      expect(suspended.body).toMatchObject({ id: s.clientId, status: 'suspended', connected: false });
      await until(() => s.disconnected, 5000, 'suspended socket closed');
      expect(s.errors.map((e) => e.code)).toContain(ErrorCode.ClientSuspended);
      const back = await connect({ dataset: 'enr-status-s' });
      back.keys = s.keys;
      back.clientId = s.clientId;
      expect(codeOf(await back.register())).toBe(ErrorCode.ClientSuspended);
      await notAuthenticated(back);
      expect((await h.rest<ClientView>('POST', `/clients/${s.clientId}/resume`)).body.status).toBe('active');
      expect(codeOf(await back.register())).toBeUndefined();

      expect((await h.rest<ClientView>('POST', `/clients/${s.clientId}/revoke`)).body.status).toBe('revoked');
      await until(() => back.disconnected, 5000, 'revoked socket closed');
      const again = await connect({ dataset: 'enr-status-s' });
      again.keys = s.keys;
      again.clientId = s.clientId;
      expect(codeOf(await again.register())).toBe(ErrorCode.ClientRevoked);
      expect((await h.rest('POST', `/clients/${s.clientId}/resume`)).status).toBe(409);
      expect((await h.rest('POST', '/clients/nobody/revoke')).status).toBe(404);
      const listed = (await h.rest<ClientView[]>('GET', '/clients')).body.find((c) => c.id === s.clientId);
      expect(listed).toMatchObject({ status: 'revoked', connected: false, maxExamples: 100000, enrollmentTokenId: expect.stringMatching(/^et_/) });
    });
  });

  it('revoking a cohort member mid-round closes its socket at once, counts it as dropped, and refuses its reconnect', async () => {
    const stay = [await enrol({ dataset: 'enr-mid' }), await enrol({ dataset: 'enr-mid' })];
    const rogue = await enrol({ dataset: 'enr-mid', auto: false });
    const job = await h.createJob({ model: { builtin: 'synthetic', params: 50 }, dataset: 'enr-mid', rounds: 1, clientsPerRound: 3, minClients: 2, overSelection: 0, roundDeadlineSeconds: 30, evaluate: false, secureAggregation: PLAIN });
    await h.startJob(job.id);
    await rogue.nextTask(0);
    expect((await h.rest('POST', `/clients/${rogue.clientId}/revoke`)).status).toBe(200);
    await until(() => rogue.disconnected, 2000, 'revoked socket closed');
    const done = await h.waitJob(job.id, (j) => j.status !== 'running', 15_000);
    expect(done.status).toBe('completed');
    expect(done.rounds[0].seconds!).toBeLessThan(15); // did not wait for the 30 s deadline
    expect([...done.rounds[0].participants].sort()).toEqual(stay.map((c) => c.clientId).sort());
    expect(done.rounds[0].failures).toEqual([{ clientId: rogue.clientId, code: 'DISCONNECTED', reason: expect.any(String) }]);
    const back = await connect({ dataset: 'enr-mid' });
    back.keys = rogue.keys;
    back.clientId = rogue.clientId;
    expect(codeOf(await back.register())).toBe(ErrorCode.ClientRevoked);
  });

  it('caps the example count at the token’s maxExamples: at enrollment, later, and in commits', async () => {
    const greedy = await enrol({ dataset: 'enr-cap', numExamples: 1e12, maxExamples: 50, perturbation: 1 });
    await enrol({ dataset: 'enr-cap', numExamples: 50, maxExamples: 50, perturbation: -1 });
    const listed = (await h.rest<ClientView[]>('GET', '/clients')).body.find((c) => c.id === greedy.clientId);
    expect(listed).toMatchObject({ numExamples: 50, maxExamples: 50 });
    greedy.script.numExamples = Number.MAX_SAFE_INTEGER;
    const again = await greedy.register();
    expect(again).toMatchObject({ ok: true, numExamples: 50 });
    const job = await h.createJob({ model: { builtin: 'synthetic', params: 32 }, dataset: 'enr-cap', rounds: 1, clientsPerRound: 2, minClients: 2, overSelection: 0, roundDeadlineSeconds: 20, evaluate: false, secureAggregation: PLAIN });
    const x0 = await h.weights(job.modelHash);
    await h.startJob(job.id);
    const done = await h.waitJob(job.id, (j) => j.status !== 'running', 20_000);
    expect(done.status).toBe('completed');
    expect(done.rounds[0].participants).toHaveLength(2);
    const x1 = await h.weights(done.modelHash);
    // equal weights (50 and 50): the +1 and −1 perturbations cancel; an uncapped claim would pull towards +1
    for (let i = 0; i < x0.length; i++) expect(x1[i] - x0[i]).toBeCloseTo(0, 5);
  });

  it('manages enrollment tokens over REST: defaults, list without secrets, validation, revoke', async () => {
    const created = await h.rest<EnrollmentTokenView & { secret: string }>('POST', '/enrollment-tokens', { label: 'site-a', maxUses: 3, dataset: 'mnist' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ label: 'site-a', maxUses: 3, uses: 0, dataset: 'mnist', clientName: null, maxExamples: 100000, revokedAt: null });
    expect(Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)).toBe(86_400_000);
    const list = await h.rest<EnrollmentTokenView[]>('GET', '/enrollment-tokens');
    expect(list.body.map((t) => t.id)).toContain(created.body.id);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret.split('.')[1]);
    for (const bad of [{ maxUses: 0 }, { expiresInSeconds: 5 }, { maxExamples: -1 }, { dataset: '' }, { surprise: true }])
      expect((await h.rest('POST', '/enrollment-tokens', bad)).status).toBe(400);
    expect((await h.rest('DELETE', '/enrollment-tokens/et_nope')).status).toBe(404);
  });
});

describe('client authentication limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ authPerMinute: 3, authTimeoutMs: 400 });
  });
  afterAll(() => h.close());

  it('rate-limits authentication attempts per source address with RATE_LIMITED', async () => {
    const c = await ScriptedClient.connect(h.url);
    try {
      for (let i = 0; i < 3; i++) await c.hello();
      await expect(c.hello()).rejects.toMatchObject({ code: ErrorCode.RateLimited });
    } finally {
      c.close();
    }
  });

  it('closes a socket that does not authenticate in time, telling it AUTH_TIMEOUT', async () => {
    const c = await ScriptedClient.connect(h.url);
    await until(() => c.disconnected, 5000, 'unauthenticated socket closed');
    expect(c.errors.map((e) => e.code)).toEqual([ErrorCode.AuthTimeout]);
  });
});
