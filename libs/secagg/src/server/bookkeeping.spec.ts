/**
 * The server's bookkeeping is linear in the messages it receives: no stage
 * scans the whole cohort (or everything received so far) per message or per
 * secret. Checked by counting element reads on the server's cohort-sized
 * arrays and records during a sparse round: the count must stay O(n·k), where
 * per-message or per-owner scans would cost O(n²).
 */
import { nodeBackend } from '../node/backend';
import type { ServerState } from '../server/state';
import { simulate, type SimContext } from '../testing/harness';

interface Counter {
  reads: number;
  /** Counting stops once the server's requests go out (clients read U3 too). */
  on: boolean;
}

/** A view of `target` that counts property reads (array elements, record entries, key listings). */
function counting<T extends object>(target: T, c: Counter): T {
  const count = (n = 1) => {
    if (c.on) c.reads += n;
  };
  return new Proxy(target, {
    get(t, p, r) {
      if (typeof p === 'string') count();
      return Reflect.get(t, p, r);
    },
    has(t, p) {
      count();
      return Reflect.has(t, p);
    },
    getOwnPropertyDescriptor(t, p) {
      count();
      return Reflect.getOwnPropertyDescriptor(t, p);
    },
    ownKeys(t) {
      count(Reflect.ownKeys(t).length);
      return Reflect.ownKeys(t);
    },
  });
}

describe('server bookkeeping', () => {
  it('reads O(n·k) entries per stage, not O(n²) (n = 120, k = 4)', () => {
    const n = 120;
    const k = 4;
    const counts: Record<string, Counter> = {};
    const stopAll = () => Object.values(counts).forEach((c) => (c.on = false));
    const watch = (name: string, server: ServerState, field: 'keys' | 'u1' | 'u3' | 'dropped') => {
      counts[name] = { reads: 0, on: true };
      (server as unknown as Record<string, object>)[field] = counting(server[field] as object, counts[name]);
    };
    const r = simulate({
      n,
      k,
      t: 3,
      P: 1,
      policy: 'unchecked',
      backend: nodeBackend,
      dropAt: { c005: 'masked-input', c050: 'masked-input', c100: 'masked-input' },
      beforeDeliver: (stage, ctx: SimContext) => {
        stopAll();
        if (stage === 'advertise-keys') watch('advertise: keys', ctx.server, 'keys');
        if (stage === 'share-keys') watch('share-keys: U1', ctx.server, 'u1');
      },
      beforeClose: (stage, ctx: SimContext) => {
        if (stage === 'consistency-check') {
          watch('unmask requests: U3', ctx.server, 'u3');
          watch('unmask requests: dropped', ctx.server, 'dropped');
        }
        if (stage === 'unmask') {
          counts['unmask close: cohort'] = { reads: 0, on: true };
          ctx.server.config = { ...ctx.server.config, participants: counting(ctx.server.config.participants, counts['unmask close: cohort']) };
        }
      },
    });
    expect(r.outcome.kind).toBe('done');
    if (r.outcome.kind === 'done') expect(Array.from(r.outcome.result.sum)).toEqual(Array.from(r.expected!));
    const bound = 10 * n * (k + 1);
    for (const [name, c] of Object.entries(counts)) expect({ name, reads: c.reads, ok: c.reads <= bound }).toEqual({ name, reads: c.reads, ok: true });
    expect(Object.keys(counts)).toHaveLength(5);
  });
});
