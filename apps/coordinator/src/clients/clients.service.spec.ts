import { ErrorCode, PROTOCOL_VERSION, type RegisterRequest } from '@fl/protocol';
import { ClientsService } from './clients.service';
import { InMemoryClientsRepository } from '../persistence/in-memory-clients.repository';

const req = (over: Partial<RegisterRequest> = {}): RegisterRequest => ({ protocolVersion: PROTOCOL_VERSION, name: 'site', dataset: { name: 'mnist', numExamples: 10 }, backend: 'cpu', ...over });

describe(ClientsService.name, () => {
  let s: ClientsService;
  beforeEach(() => (s = new ClientsService()));

  it('enrols a new client with a random id and a 32-byte hex session token', () => {
    const first = s.register('sock-1', req());
    const second = s.register('sock-2', req());
    const record = first.record;
    expect(first.sessionToken).toMatch(/^[0-9a-f]{64}$/);
    expect(record.id).not.toBe(second.record.id);
    expect(first.sessionToken).not.toBe(second.sessionToken);
    expect(record.tokenHash).not.toContain(first.sessionToken);
    expect(s.require('sock-1')).toBe(record);
  });

  it('authenticates a connected client by id and session token (the bulk channel), refusing forged, unknown and offline ones', () => {
    const { record, sessionToken } = s.register('sock-1', req());
    const refuse = (f: () => unknown, code: string) => expect(f).toThrow(expect.objectContaining({ code }));
    expect(s.authenticate(record.id, sessionToken)).toBe(record);
    refuse(() => s.authenticate(record.id, 'f'.repeat(64)), ErrorCode.ForgedIdentity);
    refuse(() => s.authenticate(record.id, ''), ErrorCode.ForgedIdentity);
    refuse(() => s.authenticate('nobody', sessionToken), ErrorCode.NotRegistered);
    s.disconnected('sock-1');
    refuse(() => s.authenticate(record.id, sessionToken), ErrorCode.NotRegistered);
  });

  it('keeps the identity on reconnect with id and token, closing the old socket', () => {
    const { record: first, sessionToken } = s.register('sock-1', req());
    const changes: string[] = [];
    s.changes$.subscribe((c) => changes.push(`${c.kind}:${c.clientId}`));
    const again = s.register('sock-2', req({ clientId: first.id, sessionToken, dataset: { name: 'mnist', numExamples: 20 } }));
    expect(again.record.id).toBe(first.id);
    expect(again.replaced).toBe('sock-1');
    expect(again.record.numExamples).toBe(20);
    expect(changes).toEqual([`disconnected:${first.id}`, `registered:${first.id}`]);
    expect(() => s.require('sock-1')).toThrow(expect.objectContaining({ code: ErrorCode.NotRegistered }));
  });

  it('recognises a client enrolled before a restart from the stored token hash and pinned key', async () => {
    // Prepare: enrol on one coordinator, store it
    const repo = new InMemoryClientsRepository();
    const before = new ClientsService(repo);
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    const { record, sessionToken } = before.register('sock-1', req({ signingKey: key }));
    await before.persisted(record.id);
    expect(JSON.stringify(await repo.list())).not.toContain(sessionToken);
    // Execute: a new coordinator on the same storage
    const after = new ClientsService(repo);
    await after.onModuleInit();
    const again = after.register('sock-9', req({ clientId: record.id, sessionToken, signingKey: key }));
    // Assert
    expect(again.record.id).toBe(record.id);
    expect(again.sessionToken).toBe(sessionToken);
    expect(() => after.register('sock-8', req({ clientId: record.id, sessionToken: 'b'.repeat(64), signingKey: key }))).toThrow(expect.objectContaining({ code: ErrorCode.ForgedIdentity }));
  });

  it("refuses someone else's id with a wrong token as FORGED_IDENTITY", () => {
    const victim = s.register('sock-1', req()).record;
    expect(() => s.register('sock-2', req({ clientId: victim.id, sessionToken: 'f'.repeat(64) }))).toThrow(expect.objectContaining({ code: ErrorCode.ForgedIdentity }));
    expect(s.require('sock-1')).toBe(victim);
    expect(() => s.require('sock-2')).toThrow(expect.objectContaining({ code: ErrorCode.NotRegistered }));
  });

  it('enrols an unknown id afresh (e.g. after a coordinator restart)', () => {
    const { record } = s.register('sock-1', req({ clientId: 'gone', sessionToken: 'a'.repeat(64) }));
    expect(record.id).not.toBe('gone');
  });

  it('refuses another protocol version', () => {
    expect(() => s.register('sock-1', req({ protocolVersion: PROTOCOL_VERSION + 1 }))).toThrow(expect.objectContaining({ code: ErrorCode.ProtocolVersion }));
  });

  it('refuses unregistered sockets with NOT_REGISTERED', () => {
    expect(() => s.require('nobody')).toThrow(expect.objectContaining({ code: ErrorCode.NotRegistered }));
  });

  it('lists only connected, idle clients with examples of the dataset as eligible', () => {
    const a = s.register('1', req()).record;
    const b = s.register('2', req()).record;
    s.register('3', req({ dataset: { name: 'cifar', numExamples: 5 } }));
    s.register('4', req({ dataset: { name: 'mnist', numExamples: 0 } }));
    const d = s.register('5', req()).record;
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
