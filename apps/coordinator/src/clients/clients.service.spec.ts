import nacl from 'tweetnacl';
import { ErrorCode, PROTOCOL_VERSION, authTranscript, enrollmentTokenId, type RegisterRequest } from '@fl/protocol';
import { ClientsService } from './clients.service';
import { Challenges } from './challenges';
import { InMemoryClientsRepository } from '../persistence/in-memory-clients.repository';
import { InMemoryEnrollmentTokensRepository } from '../persistence/in-memory-enrollment-tokens.repository';
import { EnrollmentTokensService } from '../enrollment/enrollment-tokens.service';

const COORD = 'co_test';

/** A client with its own key, signing challenges the way the edge client does. */
class Signer {
  readonly keys = nacl.sign.keyPair();
  clientId?: string;
  constructor(readonly challenges: Challenges) {}

  request(socketId: string, over: Partial<RegisterRequest> & { token?: string } = {}, coordinatorId = COORD): { req: RegisterRequest; issued: ReturnType<Challenges['issue']> } {
    const issued = this.challenges.issue(socketId);
    const { token, ...rest } = over;
    const base: RegisterRequest = { protocolVersion: PROTOCOL_VERSION, name: 'site', dataset: { name: 'mnist', numExamples: 10 }, backend: 'cpu', signingKey: this.keys.publicKey, signature: new Uint8Array(64) };
    const req = { ...base, ...(this.clientId ? { clientId: this.clientId } : { enrollmentToken: token }), ...rest } as RegisterRequest;
    const t = authTranscript({ challenge: issued.challenge, coordinatorId, issuedAt: issued.issuedAt, socketId, clientId: req.clientId, signingKey: req.signingKey, enrollmentTokenId: req.enrollmentToken ? (enrollmentTokenId(req.enrollmentToken) ?? '') : undefined });
    req.signature = nacl.sign.detached(t, this.keys.secretKey);
    return { req, issued: this.challenges.take(socketId) };
  }
}

describe(ClientsService.name, () => {
  let repo: InMemoryClientsRepository;
  let tokens: EnrollmentTokensService;
  let s: ClientsService;
  const challenges = new Challenges();
  const refuse = async (p: Promise<unknown> | (() => unknown), code: string) => {
    if (typeof p === 'function') expect(p).toThrow(expect.objectContaining({ code }));
    else await expect(p).rejects.toMatchObject({ code });
  };
  const secret = async (over = {}) => (await tokens.create({ maxUses: 1, ...over })).secret;
  const enrol = async (socketId: string, over: Partial<RegisterRequest> = {}, signer = new Signer(challenges)) => {
    const { req, issued } = signer.request(socketId, { token: await secret(), ...over });
    const r = await s.register(socketId, req, issued);
    s.announce(r.record.id);
    signer.clientId = r.record.id;
    return { ...r, signer };
  };

  beforeEach(() => {
    repo = new InMemoryClientsRepository();
    tokens = new EnrollmentTokensService(new InMemoryEnrollmentTokensRepository(), { maxExamplesPerClient: 1000 });
    s = new ClientsService(repo, tokens, COORD, { maxExamplesPerClient: 1000 });
  });

  it('enrols with a token and a signed challenge: a random id, the key pinned, the token cap', async () => {
    const a = await enrol('sock-1');
    const b = await enrol('sock-2');
    expect(a.record.id).not.toBe(b.record.id);
    expect(Buffer.from(a.record.signingKey!).equals(Buffer.from(a.signer.keys.publicKey))).toBe(true);
    expect(a.record.maxExamples).toBe(1000);
    expect(a.bulkCredential).toMatch(/^[\w-]{43}$/);
    expect(s.require('sock-1')).toBe(a.record);
    await s.persisted(a.record.id);
    expect(JSON.stringify(await repo.list())).not.toContain(a.bulkCredential);
  });

  it('re-authenticates by signature and refuses a wrong key, a forged signature, an unknown id, another coordinator', async () => {
    const { record, signer } = await enrol('sock-1');
    const again = signer.request('sock-2');
    const r = await s.register('sock-2', again.req, again.issued);
    expect(r.record).toBe(record);
    expect(r.replaced).toBe('sock-1');
    const thief = new Signer(challenges);
    thief.clientId = record.id;
    const stolenKey = thief.request('sock-3', { signingKey: signer.keys.publicKey });
    await refuse(s.register('sock-3', stolenKey.req, stolenKey.issued), ErrorCode.ForgedIdentity);
    const ownKey = thief.request('sock-3');
    await refuse(s.register('sock-3', ownKey.req, ownKey.issued), ErrorCode.ForgedIdentity);
    const elsewhere = signer.request('sock-4', {}, 'co_other');
    await refuse(s.register('sock-4', elsewhere.req, elsewhere.issued), ErrorCode.ForgedIdentity);
    const unknown = signer.request('sock-5', { clientId: 'nobody' });
    await refuse(s.register('sock-5', unknown.req, unknown.issued), ErrorCode.NotRegistered);
    expect(s.require('sock-2')).toBe(record);
  });

  it('refuses a signature made for another socket (a captured payload replayed elsewhere)', async () => {
    const { signer } = await enrol('sock-1');
    const captured = signer.request('sock-1');
    await refuse(s.register('sock-9', captured.req, challenges.issue('sock-9')), ErrorCode.ForgedIdentity);
  });

  it('refuses an enrollment whose signature does not verify before spending the token', async () => {
    const token = await secret();
    const signer = new Signer(challenges);
    const { req, issued } = signer.request('sock-1', { token });
    req.signature = Uint8Array.from(req.signature, (b, i) => (i === 0 ? b ^ 1 : b));
    await refuse(s.register('sock-1', req, issued), ErrorCode.ForgedIdentity);
    const ok = signer.request('sock-1', { token });
    expect((await s.register('sock-1', ok.req, ok.issued)).record.enrollmentTokenId).toBe(enrollmentTokenId(token));
  });

  it('clamps the declared example count to the enrollment cap, also when it is raised later', async () => {
    const { signer, record } = await enrol('sock-1', { dataset: { name: 'mnist', numExamples: 5000 } });
    expect(record.numExamples).toBe(1000);
    const again = signer.request('sock-1', { dataset: { name: 'mnist', numExamples: Number.MAX_SAFE_INTEGER } });
    await s.register('sock-1', again.req, again.issued);
    expect(s.numExamplesOf(record.id)).toBe(1000);
    expect(s.capExamples('sock-1', 10 ** 9)).toBe(1000);
    expect(s.capExamples('sock-1', 7)).toBe(7);
    expect(s.capExamples('sock-1', 5000, true)).toBe(1000);
  });

  it('authenticates the bulk channel only with the live connection’s credential', async () => {
    const { record, bulkCredential, signer } = await enrol('sock-1');
    expect(s.authenticate(record.id, bulkCredential)).toBe(record);
    await refuse(() => s.authenticate(record.id, 'x'.repeat(43)), ErrorCode.ForgedIdentity);
    await refuse(() => s.authenticate('nobody', bulkCredential), ErrorCode.NotRegistered);
    await refuse(() => s.authenticate(record.id, bulkCredential, Date.now() + 2 * 3600_000), ErrorCode.NotRegistered);
    const again = signer.request('sock-2');
    const r = await s.register('sock-2', again.req, again.issued);
    await refuse(() => s.authenticate(record.id, bulkCredential), ErrorCode.ForgedIdentity);
    expect(s.authenticate(record.id, r.bulkCredential)).toBe(record);
    s.disconnected('sock-2');
    await refuse(() => s.authenticate(record.id, r.bulkCredential), ErrorCode.NotRegistered);
  });

  it('refuses suspended and revoked clients; revoked is final', async () => {
    const { record, signer } = await enrol('sock-1');
    expect((await s.setStatus(record.id, 'suspended')).close).toBe('sock-1');
    s.disconnected('sock-1');
    let r = signer.request('sock-2');
    await refuse(s.register('sock-2', r.req, r.issued), ErrorCode.ClientSuspended);
    await s.setStatus(record.id, 'active');
    r = signer.request('sock-2');
    await s.register('sock-2', r.req, r.issued);
    expect(s.eligible('mnist')).toEqual([]); // not before its register reply goes out
    s.announce(record.id);
    expect(s.eligible('mnist')).toEqual([record.id]);
    await s.setStatus(record.id, 'revoked');
    expect(s.eligible('mnist')).toEqual([]);
    s.disconnected('sock-2');
    r = signer.request('sock-3');
    await refuse(s.register('sock-3', r.req, r.issued), ErrorCode.ClientRevoked);
    await expect(s.setStatus(record.id, 'active')).rejects.toMatchObject({ status: 409 });
    await expect(s.setStatus('nobody', 'active')).rejects.toMatchObject({ status: 404 });
  });

  it('keeps identity, status and cap across a restart (no secret stored)', async () => {
    const { record, signer } = await enrol('sock-1', { dataset: { name: 'mnist', numExamples: 5 } });
    await s.setStatus(record.id, 'suspended');
    const after = new ClientsService(repo, tokens, COORD, { maxExamplesPerClient: 1000 });
    await after.onModuleInit();
    const r = signer.request('sock-9');
    await refuse(after.register('sock-9', r.req, r.issued), ErrorCode.ClientSuspended);
    expect(after.list()).toEqual([expect.objectContaining({ id: record.id, status: 'suspended', maxExamples: 1000, numExamples: 5, connected: false })]);
  });

  it('refuses another protocol version', async () => {
    const signer = new Signer(challenges);
    const r = signer.request('sock-1', { token: await secret(), protocolVersion: PROTOCOL_VERSION + 1 });
    await refuse(s.register('sock-1', r.req, r.issued), ErrorCode.ProtocolVersion);
  });

  it('refuses unauthenticated sockets with NOT_REGISTERED', () => {
    expect(() => s.require('nobody')).toThrow(expect.objectContaining({ code: ErrorCode.NotRegistered }));
  });

  it('lists only connected, idle, active clients with examples of the dataset as eligible', async () => {
    const a = (await enrol('1')).record;
    const b = (await enrol('2')).record;
    await enrol('3', { dataset: { name: 'cifar', numExamples: 5 } });
    await enrol('4', { dataset: { name: 'mnist', numExamples: 0 } });
    const d = (await enrol('5')).record;
    s.assignTask(b.id, 't1');
    s.disconnected('5');
    expect(s.eligible('mnist')).toEqual([a.id]);
    s.releaseTask(b.id, 'other');
    expect(s.eligible('mnist')).toEqual([a.id]);
    s.releaseTask(b.id, 't1');
    expect(s.eligible('mnist')).toEqual([a.id, b.id].sort());
    expect(s.list().find((c) => c.id === d.id)?.connected).toBe(false);
  });
});
