/**
 * Requests whose content is the same for several users are one shared object
 * (a transport can then encode it once): every advertise-keys request, and on
 * the complete graph the share-keys and unmask requests too. On a sparse
 * graph each user still gets only its own neighbourhood.
 */
import type { ServerMessage } from '../messages';
import type { SecAggStage } from '../stages';
import { nodeBackend } from '../node/backend';
import { simulate } from '../testing/harness';

function requestsOf(o: Parameters<typeof simulate>[0]): Map<SecAggStage, Map<string, ServerMessage>> {
  const seen = new Map<SecAggStage, Map<string, ServerMessage>>();
  const r = simulate({
    backend: nodeBackend,
    ...o,
    tamperRequest: (to, msg) => {
      if (!seen.has(msg.stage)) seen.set(msg.stage, new Map());
      seen.get(msg.stage)!.set(to, msg);
      return msg;
    },
  });
  expect(r.outcome.kind).toBe('done');
  return seen;
}

const distinct = (m: Map<string, ServerMessage> | undefined) => new Set(m!.values()).size;

describe('shared stage requests', () => {
  it('complete graph, no dropout: one advertise, share-keys and unmask request object for everyone', () => {
    const seen = requestsOf({ n: 6, k: 5, t: 4, policy: 'unchecked' });
    expect(distinct(seen.get('advertise-keys'))).toBe(1);
    expect(distinct(seen.get('share-keys'))).toBe(1);
    expect(distinct(seen.get('unmask'))).toBe(1);
    expect(distinct(seen.get('masked-input'))).toBe(6); // each user's own ciphertexts
  });

  it('a dropout after sharing keys still gives identical unmask requests one object', () => {
    const seen = requestsOf({ n: 6, k: 5, t: 4, policy: 'unchecked', dropAt: { c002: 'masked-input' } });
    expect(distinct(seen.get('unmask'))).toBe(1);
    const req = [...seen.get('unmask')!.values()][0] as { sOf: string[] };
    expect(req.sOf).toEqual(['c002']);
  });

  it('sparse graph: share-keys requests list only each closed neighbourhood', () => {
    const seen = requestsOf({ n: 12, k: 4, t: 3, policy: 'unchecked' });
    const sk = seen.get('share-keys')!;
    expect(distinct(sk)).toBe(12);
    for (const [to, msg] of sk) {
      const ids = (msg as { keys: Array<{ id: string }> }).keys.map((k) => k.id);
      expect(ids).toContain(to);
      expect(ids).toHaveLength(5);
    }
  });
});
