import type { RoundTask } from '@fl/protocol';
import { deserializeWeights, type ModelWeights } from '@fl/fl-core';
import type { Connection } from './connection';
import type { TrainOutcome } from './trainers/local-trainer';
import { upload, uploadUpdate } from './uploader';

const weights = (n: number): ModelWeights => ({ layout: [{ name: 'w', shape: [n] }], data: Float32Array.from({ length: n }, (_, i) => i / 7) });
const task = { taskId: 't1', jobId: 'j1', round: 3, attempt: 1 } as RoundTask;
const outcome = (w: ModelWeights): TrainOutcome => ({ weights: w, numExamples: 9, metrics: { loss: 1, accuracy: 0.5, examplesProcessed: 9, seconds: 0.1 }, proximalMu: 0 });

/** A connection that records every request and acks it. */
function fakeConnection(maxChunkBytes: number, commitWithData: boolean) {
  const sent: Array<{ event: string; payload: Record<string, unknown> }> = [];
  const conn = {
    maxChunkBytes,
    commitWithData,
    request: async (event: string, payload: Record<string, unknown>) => {
      sent.push({ event, payload });
      return { ok: true };
    },
  } as unknown as Connection;
  return { conn, sent };
}

describe('uploadUpdate', () => {
  it('sends an update that fits in one chunk inside the commit when the coordinator accepts that', async () => {
    const w = weights(10);
    const { conn, sent } = fakeConnection(1024, true);
    const n = await uploadUpdate(conn, task, outcome(w), () => 1000);
    expect(sent.map((s) => s.event)).toEqual(['update:commit']);
    const data = sent[0].payload.data as Buffer;
    expect(Buffer.isBuffer(data)).toBe(true);
    expect(data.byteLength).toBe(n);
    expect(Array.from(deserializeWeights(new Uint8Array(data), w.layout).data)).toEqual(Array.from(w.data));
    expect(sent[0].payload).toMatchObject({ taskId: 't1', jobId: 'j1', round: 3, attempt: 1, numExamples: 9, proximalMu: 0 });
    expect(sent[0].payload).not.toHaveProperty('unclipped');
  });

  it("carries a DP client's adaptive-clipping bit (dp-clip's `unclipped`) in the commit", async () => {
    for (const unclipped of [true, false]) {
      const { conn, sent } = fakeConnection(1024, true);
      await uploadUpdate(conn, task, { ...outcome(weights(10)), unclipped }, () => 1000);
      expect(sent[0].payload).toMatchObject({ unclipped });
    }
  });

  it('sends chunks, then a commit without data, to an older coordinator or when the update exceeds a chunk', async () => {
    for (const [max, carry] of [[1024, false], [32, true]] as const) {
      const w = weights(10);
      const { conn, sent } = fakeConnection(max, carry);
      const n = await uploadUpdate(conn, task, outcome(w), () => 1000);
      const chunks = sent.filter((s) => s.event === 'update:chunk').map((s) => s.payload.data as Buffer);
      expect(sent[sent.length - 1].event).toBe('update:commit');
      expect(sent[sent.length - 1].payload.data).toBeUndefined();
      expect(chunks.every((c) => c.byteLength <= max)).toBe(true);
      expect(Buffer.concat(chunks).byteLength).toBe(n);
    }
  });

  it('puts the update over the bulk channel when it takes it, then commits without data; falls back to the socket when it does not', async () => {
    for (const taken of [true, false]) {
      const w = weights(10);
      const { conn, sent } = fakeConnection(1024, true);
      const puts: Array<{ taskId: string; bytes: number }> = [];
      Object.assign(conn, { uploadBulk: async (taskId: string, bytes: Uint8Array) => (puts.push({ taskId, bytes: bytes.byteLength }), taken) });
      const n = await uploadUpdate(conn, task, outcome(w), () => 1000);
      expect(puts).toEqual([{ taskId: 't1', bytes: n }]);
      expect(sent.map((s) => s.event)).toEqual(['update:commit']);
      expect(sent[0].payload.data === undefined).toBe(taken);
    }
  });
});

describe('upload', () => {
  const close = (log: string[]) => ({ inline: async (b: Uint8Array) => void log.push(`inline ${b.byteLength}`), after: async () => void log.push('after') });

  it('uses one rule for every upload: bulk channel, else inline within the headroom, else chunks', async () => {
    const bytes = new Uint8Array(100);
    const cases: Array<{ bulk: boolean; headroom: number; carry: boolean; path: string; log: string[] }> = [
      { bulk: true, headroom: 0, carry: true, path: 'bulk', log: ['after'] },
      { bulk: false, headroom: 0, carry: true, path: 'inline', log: ['inline 100'] },
      // 100 bytes fit a 128-byte chunk, but not with 64 bytes of message around them.
      { bulk: false, headroom: 64, carry: true, path: 'chunks', log: ['after'] },
      { bulk: false, headroom: 0, carry: false, path: 'chunks', log: ['after'] },
    ];
    for (const c of cases) {
      const { conn, sent } = fakeConnection(128, c.carry);
      const puts: number[] = [];
      Object.assign(conn, { uploadBulk: async (_t: string, b: Uint8Array) => (puts.push(b.byteLength), c.bulk) });
      const log: string[] = [];
      const path = await upload(conn, 't1', bytes, { ...close(log), headroom: c.headroom }, () => 1000);
      expect({ path, log, puts }).toEqual({ path: c.path, log: c.log, puts: [100] });
      expect(sent.filter((s) => s.event === 'update:chunk')).toHaveLength(c.path === 'chunks' ? 1 : 0);
    }
  });

  it('stops with CANCELLED before a chunk once cancelled, and sends no closing message', async () => {
    const { conn, sent } = fakeConnection(16, false);
    const log: string[] = [];
    let n = 0;
    const cancelled = () => sent.length >= 2 && ++n > 0;
    await expect(upload(conn, 't1', new Uint8Array(100), close(log), () => 1000, cancelled)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(sent).toHaveLength(2);
    expect(log).toEqual([]);
  });
});
