/**
 * The mask worker adds exactly what the in-process PRG adds, falls back to
 * the event loop when its file is missing or the thread dies, and copies (not
 * moves) the keys, so the caller can still wipe them.
 */
import { randomBytes } from 'node:crypto';
import { nodeBackend, PrgId, type Mask } from '@fl/secagg/node';
import { sourceWorker } from '../common/testing/source-worker';
import { IN_THREAD_WORDS, MaskWorker } from './mask-worker';

const masksOf = (n: number): Mask[] => Array.from({ length: n }, (_, i) => ({ key: new Uint8Array(randomBytes(32)), sign: i % 3 === 0 ? -1 : 1 }));

function expected(acc: Uint32Array, masks: Mask[]): Uint32Array {
  const out = acc.slice();
  nodeBackend.prg(PrgId.ChaCha20).addMasks(out, masks.map((m) => ({ key: m.key.slice(), sign: m.sign })));
  return out;
}

const same = (a: Uint32Array, b: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe(MaskWorker.name, () => {
  const file = sourceWorker('secure-aggregation/mask.worker.ts');
  const warnings: string[] = [];
  const worker = new MaskWorker(file, (m) => warnings.push(m));
  afterAll(() => worker.close());

  it('runs the worker source in a real worker thread (no build needed, never a stale one)', async () => {
    expect(file).toMatch(/\.js$/);
  });

  it('adds the masks exactly like the PRG does in process, and leaves the keys to the caller', async () => {
    const acc = new Uint32Array(IN_THREAD_WORDS / 4 + 1).map((_, i) => i * 2654435761);
    const masks = masksOf(5);
    const want = expected(acc, masks);
    await worker.add(acc, masks, PrgId.ChaCha20);
    expect(same(acc, want)).toBe(true);
    expect(masks.every((m) => m.key.some((b) => b !== 0))).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('falls back to the event loop when the worker thread dies, and starts a new one next time', async () => {
    const w = new MaskWorker(file, (m) => warnings.push(m));
    const acc = new Uint32Array(IN_THREAD_WORDS / 2);
    const masks = masksOf(2);
    const want = expected(acc, masks);
    const pending = w.add(acc, masks, PrgId.ChaCha20);
    await w.thread!.terminate();
    await pending;
    expect(same(acc, want)).toBe(true);
    expect(warnings.at(-1)).toMatch(/mask worker failed .*unmasking in the event loop/);
    const again = new Uint32Array(IN_THREAD_WORDS / 2);
    await w.add(again, masks, PrgId.ChaCha20);
    expect(same(again, expected(new Uint32Array(IN_THREAD_WORDS / 2), masks))).toBe(true);
    expect(w.thread).not.toBeNull();
    await w.close();
  });

  it('adds small jobs in the event loop without starting the worker', async () => {
    const w = new MaskWorker(file, (m) => warnings.push(m));
    const acc = new Uint32Array(1000);
    const masks = masksOf(3);
    const want = expected(acc, masks);
    await w.add(acc, masks, PrgId.ChaCha20);
    expect(same(acc, want)).toBe(true);
    expect(w.thread).toBeNull();
  });

  it('without a worker file adds in the event loop and says so once', async () => {
    const said: string[] = [];
    const w = new MaskWorker(null, (m) => said.push(m));
    const acc = new Uint32Array(IN_THREAD_WORDS);
    const masks = masksOf(1);
    const want = expected(acc, masks);
    await w.add(acc, masks, PrgId.ChaCha20);
    await w.add(new Uint32Array(IN_THREAD_WORDS), masks, PrgId.ChaCha20);
    expect(same(acc, want)).toBe(true);
    expect(said).toHaveLength(1);
  });
});
