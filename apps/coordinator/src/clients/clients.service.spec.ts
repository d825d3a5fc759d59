import { ErrorCode, PROTOCOL_VERSION, type RegisterRequest } from '@fl/protocol';
import { ClientsService } from './clients.service';

const req = (over: Partial<RegisterRequest> = {}): RegisterRequest => ({ protocolVersion: PROTOCOL_VERSION, name: 'site', dataset: { name: 'mnist', numExamples: 10 }, backend: 'cpu', ...over });

describe(ClientsService.name, () => {
  let s: ClientsService;
  beforeEach(() => (s = new ClientsService()));

  it('enrols a new client with a random id and a 32-byte hex session token', () => {
    const { record } = s.register('sock-1', req());
    const other = s.register('sock-2', req()).record;
    expect(record.sessionToken).toMatch(/^[0-9a-f]{64}$/);
    expect(record.id).not.toBe(other.id);
    expect(record.sessionToken).not.toBe(other.sessionToken);
    expect(s.require('sock-1')).toBe(record);
  });

  it('keeps the identity on reconnect with id and token, closing the old socket', () => {
    const first = s.register('sock-1', req()).record;
    const changes: string[] = [];
    s.changes$.subscribe((c) => changes.push(`${c.kind}:${c.clientId}`));
    const again = s.register('sock-2', req({ clientId: first.id, sessionToken: first.sessionToken, dataset: { name: 'mnist', numExamples: 20 } }));
    expect(again.record.id).toBe(first.id);
    expect(again.replaced).toBe('sock-1');
    expect(again.record.numExamples).toBe(20);
    expect(changes).toEqual([`disconnected:${first.id}`, `registered:${first.id}`]);
    expect(() => s.require('sock-1')).toThrow(expect.objectContaining({ code: ErrorCode.NotRegistered }));
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
