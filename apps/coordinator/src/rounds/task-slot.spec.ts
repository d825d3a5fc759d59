import { ErrorCode } from '@fl/protocol';
import { TaskSlot } from './task-slot';

const blob = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);
const chunk = (index: number, total: number, data: Uint8Array, totalBytes = 10) => ({ taskId: 't', index, total, totalBytes, data });

describe(TaskSlot.name, () => {
  it('keeps a single-chunk upload as received (no copy)', () => {
    const s = new TaskSlot('t', 'c', 'train');
    const data = blob(10);
    expect(s.addChunk(chunk(0, 1, data), 10)).toBe(1);
    expect(s.takeUpload()).toBe(data);
  });

  it('assembles a multi-chunk upload with the chunk size of the first chunk', () => {
    const s = new TaskSlot('t', 'c', 'train');
    const all = blob(10);
    s.addChunk(chunk(0, 3, all.subarray(0, 4)), 10);
    s.addChunk(chunk(1, 3, all.subarray(4, 8)), 10);
    expect(s.addChunk(chunk(2, 3, all.subarray(8)), 10)).toBe(3);
    expect(Array.from(s.takeUpload())).toEqual(Array.from(all));
  });

  it('checks a whole upload announced ahead of its bytes (the bulk channel) like a one-chunk upload', () => {
    const refuse = (f: () => unknown, code: string) => expect(f).toThrow(expect.objectContaining({ code }));
    const s = new TaskSlot('t', 'c', 'train');
    expect(() => s.expectWhole(10, 10)).not.toThrow();
    refuse(() => s.expectWhole(11, 10), ErrorCode.Oversized);
    refuse(() => s.expectWhole(9, 10), ErrorCode.BadPayload);
    s.addChunk(chunk(0, 1, blob(10)), 10);
    refuse(() => s.expectWhole(10, 10), ErrorCode.BadPayload); // already has its upload
  });

  it('refuses a wrong announced size, an oversized chunk, and order or count mistakes', () => {
    const refuse = (f: () => unknown, code: string) => expect(f).toThrow(expect.objectContaining({ code }));
    refuse(() => new TaskSlot('t', 'c', 'train').addChunk(chunk(0, 1, blob(12), 12), 10), ErrorCode.Oversized);
    refuse(() => new TaskSlot('t', 'c', 'train').addChunk(chunk(0, 1, blob(11)), 10), ErrorCode.Oversized);
    refuse(() => new TaskSlot('t', 'c', 'train').addChunk(chunk(0, 1, blob(9)), 10), ErrorCode.BadPayload);
    refuse(() => new TaskSlot('t', 'c', 'train').addChunk(chunk(1, 3, blob(4)), 10), ErrorCode.BadPayload);
    refuse(() => new TaskSlot('t', 'c', 'train').addChunk(chunk(0, 2, blob(4)), 10), ErrorCode.BadPayload); // 10 B in 4 B chunks is 3 chunks
    const s = new TaskSlot('t', 'c', 'train');
    s.addChunk(chunk(0, 2, blob(5)), 10);
    refuse(() => s.addChunk(chunk(1, 2, blob(6)), 10), ErrorCode.Oversized);
    refuse(() => new TaskSlot('t', 'c', 'train').takeUpload(), ErrorCode.BadPayload);
  });

  it('takes an update carried in the commit as received, only without chunks and at the exact size', () => {
    const refuse = (f: () => unknown, code: string) => expect(f).toThrow(expect.objectContaining({ code }));
    const data = blob(10);
    expect(new TaskSlot('t', 'c', 'train').takeUpload(data, 10)).toBe(data);
    refuse(() => new TaskSlot('t', 'c', 'train').takeUpload(blob(11), 10), ErrorCode.Oversized);
    refuse(() => new TaskSlot('t', 'c', 'train').takeUpload(blob(9), 10), ErrorCode.BadPayload);
    const s = new TaskSlot('t', 'c', 'train');
    s.addChunk(chunk(0, 1, blob(10)), 10);
    refuse(() => s.takeUpload(data, 10), ErrorCode.BadPayload);
  });

  it('is pending only while offered or accepted, and drops the upload when closed', () => {
    const s = new TaskSlot('t', 'c', 'train');
    expect(s.pending).toBe(true);
    s.state = 'accepted';
    expect(s.pending).toBe(true);
    s.addChunk(chunk(0, 1, blob(10)), 10);
    s.close('failed');
    expect(s.pending).toBe(false);
    expect(() => s.takeUpload()).toThrow();
  });
});
