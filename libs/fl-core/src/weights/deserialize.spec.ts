import { weightsErrorCode } from '../errors/weights-error.fixture';
import { MAX_MODEL_BYTES, type TensorSpec } from '@fl/protocol';
import { deserializeWeights } from './deserialize';
import { MAX_HEADER_BYTES } from './format';
import { serializeWeights } from './serialize';

const layout: TensorSpec[] = [
  { name: 'kernel', shape: [2, 2] },
  { name: 'bias', shape: [2] },
];
const good = serializeWeights({ layout, data: Float32Array.from([1, 2, 3, 4, 5, 6]) });

/** Builds a payload by hand: magic, header length, header text, padding, raw data bytes. */
function craft(header: string, dataBytes: Uint8Array, opts: { magic?: string; headerLength?: number; pad?: number } = {}): Uint8Array {
  const h = new TextEncoder().encode(header);
  const pad = opts.pad ?? (4 - ((8 + h.length) % 4)) % 4;
  const out = new Uint8Array(8 + h.length + pad + dataBytes.length);
  out.set(new TextEncoder().encode(opts.magic ?? 'FLW1'), 0);
  new DataView(out.buffer).setUint32(4, opts.headerLength ?? h.length, true);
  out.set(h, 8);
  out.set(dataBytes, 8 + h.length + pad);
  return out;
}
const f32 = (...v: number[]) => new Uint8Array(Float32Array.from(v).buffer);
const header = (l: unknown) => JSON.stringify({ layout: l });


describe(deserializeWeights.name, () => {
  it('returns a zero-copy view for a 4-byte aligned input', () => {
    const w = deserializeWeights(good, layout);
    expect(w.data.buffer).toBe(good.buffer);
    expect(Array.from(w.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('copies an unaligned input and still decodes it', () => {
    const shifted = new Uint8Array(good.length + 1);
    shifted.set(good, 1);
    const view = shifted.subarray(1);
    const w = deserializeWeights(view, layout);
    expect(w.data.buffer).not.toBe(shifted.buffer);
    expect(Array.from(w.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('accepts a Node Buffer (a Uint8Array subclass)', () => {
    const buf = Buffer.from(good);
    expect(Array.from(deserializeWeights(buf).data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('decodes a hand-built payload (format is as documented)', () => {
    const w = deserializeWeights(craft(header([{ name: 'w', shape: [2] }]), f32(0.5, -1)));
    expect(w).toEqual({ layout: [{ name: 'w', shape: [2] }], data: Float32Array.of(0.5, -1) });
  });

  describe('refusals', () => {
    it.each<[string, () => unknown, string]>([
      ['a non-binary input', () => deserializeWeights([1, 2] as unknown as Uint8Array), 'BAD_PAYLOAD'],
      ['an input shorter than the preamble', () => deserializeWeights(good.subarray(0, 7)), 'BAD_PAYLOAD'],
      ['a wrong magic', () => deserializeWeights(craft(header([]), new Uint8Array(), { magic: 'FLW2' })), 'BAD_PAYLOAD'],
      ['a header length of 0', () => deserializeWeights(craft(header([]), new Uint8Array(), { headerLength: 0 })), 'BAD_PAYLOAD'],
      ['a header length above the maximum', () => deserializeWeights(craft(header([]), new Uint8Array(), { headerLength: MAX_HEADER_BYTES + 1 })), 'BAD_PAYLOAD'],
      ['a header length past the end', () => deserializeWeights(craft(header([]), new Uint8Array(), { headerLength: 1000 })), 'BAD_PAYLOAD'],
      ['a header that is not JSON', () => deserializeWeights(craft('{layout:[]}', new Uint8Array())), 'BAD_PAYLOAD'],
      ['a header that is not UTF-8', () => deserializeWeights(craft('{"layout":[]}', new Uint8Array()).map((b, i) => (i === 9 ? 0xff : b))), 'BAD_PAYLOAD'],
      ['a header that is an array', () => deserializeWeights(craft('[]', new Uint8Array())), 'BAD_PAYLOAD'],
      ['a header with extra keys', () => deserializeWeights(craft(JSON.stringify({ layout: [], v: 2 }), new Uint8Array())), 'BAD_PAYLOAD'],
      ['a layout that is not an array', () => deserializeWeights(craft(header({}), new Uint8Array())), 'BAD_PAYLOAD'],
      ['a tensor entry with extra keys', () => deserializeWeights(craft(header([{ name: 'w', shape: [1], dtype: 'f32' }]), f32(1))), 'BAD_PAYLOAD'],
      ['a tensor without a name', () => deserializeWeights(craft(header([{ name: '', shape: [1] }]), f32(1))), 'BAD_PAYLOAD'],
      ['duplicate tensor names', () => deserializeWeights(craft(header([{ name: 'w', shape: [1] }, { name: 'w', shape: [1] }]), f32(1, 2))), 'BAD_PAYLOAD'],
      ['a negative dim', () => deserializeWeights(craft(header([{ name: 'w', shape: [-1] }]), new Uint8Array())), 'BAD_PAYLOAD'],
      ['a fractional dim', () => deserializeWeights(craft(header([{ name: 'w', shape: [0.5] }]), new Uint8Array())), 'BAD_PAYLOAD'],
      ['a string dim', () => deserializeWeights(craft(header([{ name: 'w', shape: ['1'] }]), f32(1))), 'BAD_PAYLOAD'],
      ['a payload ending inside the padding', () => deserializeWeights(craft('{"layout":[]}', new Uint8Array(), { pad: 0 })), 'BAD_PAYLOAD'],
      ['truncated data', () => deserializeWeights(good.subarray(0, good.length - 4)), 'BAD_PAYLOAD'],
      ['trailing bytes', () => deserializeWeights(craft(header([{ name: 'w', shape: [1] }]), f32(1, 2))), 'BAD_PAYLOAD'],
      ['a layout other than expected (shape)', () => deserializeWeights(good, [{ name: 'kernel', shape: [4] }, { name: 'bias', shape: [2] }]), 'WRONG_SHAPE'],
      ['a layout other than expected (name)', () => deserializeWeights(good, [{ name: 'kernel', shape: [2, 2] }, { name: 'b', shape: [2] }]), 'WRONG_SHAPE'],
      ['a layout other than expected (order)', () => deserializeWeights(good, [layout[1], layout[0]]), 'WRONG_SHAPE'],
      ['a NaN', () => deserializeWeights(craft(header([{ name: 'w', shape: [3] }]), f32(1, NaN, 2))), 'NON_FINITE'],
      ['an Infinity', () => deserializeWeights(craft(header([{ name: 'w', shape: [2] }]), f32(Infinity, 2))), 'NON_FINITE'],
      ['a -Infinity', () => deserializeWeights(craft(header([{ name: 'w', shape: [2] }]), f32(1, -Infinity))), 'NON_FINITE'],
      ['a layout needing more than MAX_MODEL_BYTES', () => deserializeWeights(craft(header([{ name: 'w', shape: [MAX_MODEL_BYTES / 4 + 1] }]), f32(1))), 'OVERSIZED'],
      ['a layout whose dim product overflows', () => deserializeWeights(craft(header([{ name: 'w', shape: [2 ** 40, 2 ** 40] }]), f32(1))), 'OVERSIZED'],
    ])('refuses %s', (_, fn, code) => {
      expect(weightsErrorCode(fn)).toBe(code);
    });

    it('refuses non-zero header padding', () => {
      const bytes = serializeWeights({ layout: [{ name: 'ab', shape: [1] }], data: Float32Array.of(1) });
      const headerEnd = 8 + new DataView(bytes.buffer).getUint32(4, true);
      expect(headerEnd % 4).not.toBe(0); // there is padding to corrupt
      expect(deserializeWeights(bytes).data[0]).toBe(1);
      bytes[headerEnd] = 7;
      expect(weightsErrorCode(() => deserializeWeights(bytes))).toBe('BAD_PAYLOAD');
    });

    it('refuses an input larger than MAX_MODEL_BYTES as OVERSIZED before reading it', () => {
      const big = new Uint8Array(MAX_MODEL_BYTES + 4); // zero-filled, lazily committed
      expect(weightsErrorCode(() => deserializeWeights(big))).toBe('OVERSIZED');
    });
  });
});
