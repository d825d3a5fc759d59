import type { RoundTask } from '@fl/protocol';
import { decodeDdgSum, l2Norm, paddedDim } from '@fl/privacy';
import { createAttack } from './attacks';
import { unclippedDdgWords } from './ddg-attacks';

const P = 50;
const d = paddedDim(P);
const S = 0.5;
const scale = (4 * Math.sqrt(d)) / S;
const seed = 'ab'.repeat(32);
const task = (localVariance: number) =>
  ({
    model: { layout: [{ name: 'w', shape: [10, 4] }, { name: 'b', shape: [10] }] },
    privacy: { clip: S, ddg: { seed, dim: d, scale, beta: Math.exp(-0.5), localVariance, bits: 24 } },
    secure: { threatModel: 'active' },
  }) as unknown as RoundTask;

describe('unclipped (a DP secure member that skips clipping)', () => {
  it('masks the DDG encoding of an update of norm 100·S along (1, …, 1)/√P: it decodes to that update (no noise)', () => {
    const words = unclippedDdgWords(task(0))!;
    expect(words).toHaveLength(d);
    const decoded = decodeDdgSum(words, { scale, bits: 24, seed: Buffer.from(seed, 'hex') }, P);
    expect(l2Norm(decoded)).toBeCloseTo(100 * S, 1);
    for (const v of decoded) expect(v).toBeCloseTo((100 * S) / Math.sqrt(P), 1);
  });

  it('adds its own noise like an honest client, and leaves other tasks alone', () => {
    const a = unclippedDdgWords(task(400))!;
    const b = unclippedDdgWords(task(400))!;
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(unclippedDdgWords({ ...task(0), privacy: undefined } as RoundTask)).toBeNull();
    const attack = createAttack('unclipped');
    expect(attack).toMatchObject({ name: 'unclipped', trains: false });
    const honest = new Uint32Array([1, 2, 3]);
    expect(attack.secureWords!(honest, { ...task(0), privacy: undefined } as RoundTask)).toBe(honest);
    expect(attack.secureWords!(honest, task(0))).toHaveLength(d);
  });
});
