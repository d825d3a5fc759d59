import { weightsErrorCode } from '../errors/weights-error.fixture';
import { MAX_MODEL_BYTES } from '@fl/protocol';
import { ChunkAssembler, splitChunks } from './chunks';

const blob = Uint8Array.from({ length: 10 }, (_, i) => i + 1);


describe(splitChunks.name, () => {
  it('cuts into chunkBytes-long views, the last one shorter', () => {
    const chunks = splitChunks(blob, 4);
    expect(chunks.map((c) => Array.from(c))).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]]);
    expect(chunks.every((c) => c.buffer === blob.buffer)).toBe(true); // views, not copies
  });

  it('gives one chunk for an exact multiple boundary and none for empty input', () => {
    expect(splitChunks(blob, 5)).toHaveLength(2);
    expect(splitChunks(blob, 100)).toHaveLength(1);
    expect(splitChunks(new Uint8Array(0), 4)).toHaveLength(0);
  });

  it('refuses a non-positive chunk size', () => {
    expect(() => splitChunks(blob, 0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe(ChunkAssembler.name, () => {
  it('reassembles in-order chunks into the original bytes', () => {
    const a = new ChunkAssembler(10, 4);
    const chunks = splitChunks(blob, 4);
    chunks.forEach((c, i) => {
      expect(a.complete).toBe(false);
      a.add(i, chunks.length, Buffer.from(c)); // Buffers are accepted
    });
    expect(a.complete).toBe(true);
    expect(a.total).toBe(3);
    expect(Array.from(a.bytes())).toEqual(Array.from(blob));
  });

  it('refuses bytes() before completion', () => {
    const a = new ChunkAssembler(10, 4);
    a.add(0, 3, blob.subarray(0, 4));
    expect(weightsErrorCode(() => a.bytes())).toBe('BAD_PAYLOAD');
  });

  it('refuses an out-of-order chunk', () => {
    const a = new ChunkAssembler(10, 4);
    expect(weightsErrorCode(() => a.add(1, 3, blob.subarray(4, 8)))).toBe('BAD_PAYLOAD');
  });

  it('refuses a duplicate chunk', () => {
    const a = new ChunkAssembler(10, 4);
    a.add(0, 3, blob.subarray(0, 4));
    expect(weightsErrorCode(() => a.add(0, 3, blob.subarray(0, 4)))).toBe('BAD_PAYLOAD');
    expect(a.received).toBe(1);
  });

  it('refuses chunks after completion and indexes out of range', () => {
    const a = new ChunkAssembler(4, 4);
    expect(weightsErrorCode(() => a.add(-1, 1, blob.subarray(0, 4)))).toBe('BAD_PAYLOAD');
    a.add(0, 1, blob.subarray(0, 4));
    expect(weightsErrorCode(() => a.add(1, 1, blob.subarray(0, 4)))).toBe('BAD_PAYLOAD');
  });

  it('refuses a wrong or changing total', () => {
    const a = new ChunkAssembler(10, 4);
    expect(weightsErrorCode(() => a.add(0, 2, blob.subarray(0, 4)))).toBe('BAD_PAYLOAD');
    a.add(0, 3, blob.subarray(0, 4));
    expect(weightsErrorCode(() => a.add(1, 4, blob.subarray(4, 8)))).toBe('BAD_PAYLOAD');
  });

  it('refuses a short middle chunk and a long or short last chunk', () => {
    const a = new ChunkAssembler(10, 4);
    expect(weightsErrorCode(() => a.add(0, 3, blob.subarray(0, 3)))).toBe('BAD_PAYLOAD');
    expect(weightsErrorCode(() => a.add(0, 3, new Uint8Array(5)))).toBe('OVERSIZED');
    a.add(0, 3, blob.subarray(0, 4));
    a.add(1, 3, blob.subarray(4, 8));
    expect(weightsErrorCode(() => a.add(2, 3, new Uint8Array(4)))).toBe('OVERSIZED');
    expect(weightsErrorCode(() => a.add(2, 3, new Uint8Array(1)))).toBe('BAD_PAYLOAD');
    a.add(2, 3, blob.subarray(8));
    expect(a.complete).toBe(true);
  });

  it('refuses non-binary chunk data', () => {
    const a = new ChunkAssembler(4, 4);
    expect(weightsErrorCode(() => a.add(0, 1, [1, 2, 3, 4] as unknown as Uint8Array))).toBe('BAD_PAYLOAD');
  });

  it('refuses a total size above the cap or MAX_MODEL_BYTES before allocating', () => {
    expect(weightsErrorCode(() => new ChunkAssembler(101, 10, 100))).toBe('OVERSIZED');
    expect(weightsErrorCode(() => new ChunkAssembler(MAX_MODEL_BYTES + 1, 1024, Number.MAX_SAFE_INTEGER))).toBe('OVERSIZED');
    expect(new ChunkAssembler(100, 10, 100).total).toBe(10);
  });

  it('refuses non-positive or fractional sizes', () => {
    expect(weightsErrorCode(() => new ChunkAssembler(0, 4))).toBe('BAD_PAYLOAD');
    expect(weightsErrorCode(() => new ChunkAssembler(10.5, 4))).toBe('BAD_PAYLOAD');
    expect(weightsErrorCode(() => new ChunkAssembler(10, 0))).toBe('BAD_PAYLOAD');
  });

  it('assembles into a caller-supplied target, re-reading its view on every write', () => {
    // A target whose view changes between calls, like wasm memory after a grow.
    let store = new Uint8Array(10);
    let views = 0;
    const target = {
      byteLength: 10,
      bytes: () => {
        views++;
        const moved = new Uint8Array(10);
        moved.set(store);
        return (store = moved);
      },
    };
    const a = new ChunkAssembler(10, 4, 10, target);
    splitChunks(blob, 4).forEach((c, i) => a.add(i, 3, c));
    expect(Array.from(a.bytes())).toEqual(Array.from(blob));
    expect(views).toBe(4);
    expect(() => new ChunkAssembler(10, 4, 10, { byteLength: 9, bytes: () => new Uint8Array(9) })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
