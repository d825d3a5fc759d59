import { real } from './validators';

describe('real', () => {
  it('accepts decimals and exponents within the range', () => {
    const v = real(0, 1, { exclusiveMin: true });
    expect(v('0.5')).toEqual({ ok: true, value: 0.5 });
    expect(v(' 1e-5 ')).toEqual({ ok: true, value: 1e-5 });
    expect(v('.25')).toEqual({ ok: true, value: 0.25 });
    expect(v('1')).toEqual({ ok: true, value: 1 });
  });

  it('refuses text, non-finite values and values outside the range', () => {
    const v = real(0, 1, { exclusiveMin: true });
    expect(v('abc')).toEqual({ ok: false, why: 'must be a number' });
    expect(v('0x10')).toEqual({ ok: false, why: 'must be a number' });
    expect(v('Infinity')).toEqual({ ok: false, why: 'must be a number' });
    expect(v('0')).toEqual({ ok: false, why: 'must be in (0, 1]' });
    expect(v('1.5')).toEqual({ ok: false, why: 'must be in (0, 1]' });
    expect(real(0, 10)('0')).toEqual({ ok: true, value: 0 });
    expect(real(0, 1, { exclusiveMin: true, exclusiveMax: true })('1')).toEqual({ ok: false, why: 'must be in (0, 1)' });
  });
});
