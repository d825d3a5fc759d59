import type { TensorSpec } from '@fl/protocol';
import { deserializeWeights } from './deserialize';
import { PREAMBLE_BYTES, serializedSize } from './format';
import { serializeWeights } from './serialize';
import { WeightsError } from '../errors/weights-error';

const layout: TensorSpec[] = [
  { name: 'dense/kernel', shape: [2, 3] },
  { name: 'dense/bias', shape: [3] },
  { name: 'empty', shape: [0, 4] },
  { name: 'scalar', shape: [] },
];
const data = Float32Array.from([1, -2, 3.5, 1e-30, -0, 7, 0.1, 0.2, 0.3, 42]);

describe(serializeWeights.name, () => {
  it('round-trips layout and values bit for bit', () => {
    const bytes = serializeWeights({ layout, data });
    const back = deserializeWeights(bytes, layout);
    expect(back.layout).toEqual(layout);
    expect(new Uint8Array(back.data.buffer, back.data.byteOffset, back.data.byteLength)).toEqual(new Uint8Array(data.buffer));
    expect(Object.is(back.data[4], -0)).toBe(true);
  });

  it('writes magic, header length, zero padding and 4-byte aligned float32 LE data', () => {
    const bytes = serializeWeights({ layout: [{ name: 'w', shape: [1] }], data: Float32Array.of(1) });
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('FLW1');
    const headerLength = new DataView(bytes.buffer).getUint32(4, true);
    const header = new TextDecoder().decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength));
    expect(JSON.parse(header)).toEqual({ layout: [{ name: 'w', shape: [1] }] });
    const offset = bytes.length - 4;
    expect(offset % 4).toBe(0);
    expect([...bytes.subarray(PREAMBLE_BYTES + headerLength, offset)].every((b) => b === 0)).toBe(true);
    expect([...bytes.subarray(offset)]).toEqual([0x00, 0x00, 0x80, 0x3f]); // 1.0f little-endian
  });

  it('matches serializedSize exactly', () => {
    expect(serializeWeights({ layout, data }).length).toBe(serializedSize(layout));
  });

  it('drops extra keys from layout entries so the header stays canonical', () => {
    const extra = [{ name: 'w', shape: [1], dtype: 'float32' }] as unknown as TensorSpec[];
    const bytes = serializeWeights({ layout: extra, data: Float32Array.of(1) });
    expect(deserializeWeights(bytes).layout).toEqual([{ name: 'w', shape: [1] }]);
  });

  it.each([
    ['a data length that differs from the layout', { layout, data: new Float32Array(3) }, 'WRONG_SHAPE'],
    ['NaN', { layout: [{ name: 'w', shape: [2] }], data: Float32Array.of(1, NaN) }, 'NON_FINITE'],
    ['Infinity', { layout: [{ name: 'w', shape: [1] }], data: Float32Array.of(-Infinity) }, 'NON_FINITE'],
    ['duplicate tensor names', { layout: [{ name: 'w', shape: [1] }, { name: 'w', shape: [1] }], data: new Float32Array(2) }, 'BAD_PAYLOAD'],
    ['a fractional dim', { layout: [{ name: 'w', shape: [1.5] }], data: new Float32Array(1) }, 'BAD_PAYLOAD'],
    ['data that is not a Float32Array', { layout: [{ name: 'w', shape: [1] }], data: [1] as unknown as Float32Array }, 'BAD_PAYLOAD'],
  ])('refuses %s', (_, w, code) => {
    expect(() => serializeWeights(w)).toThrow(expect.objectContaining({ code }));
    expect(() => serializeWeights(w)).toThrow(WeightsError);
  });
});
