import { InvalidArgumentError } from 'commander';
import { durationArg, intArg, numberArg, oneOf } from './parse';

describe('option parsers', () => {
  it('intArg takes integers in range and refuses the rest', () => {
    expect(intArg(1)('12')).toBe(12);
    expect(() => intArg(1)('0')).toThrow('expected an integer from 1');
    expect(() => intArg(1)('1.5')).toThrow(InvalidArgumentError);
    expect(() => intArg(1)('ten')).toThrow('expected an integer, got "ten"');
  });

  it('numberArg refuses non-finite values', () => {
    expect(numberArg(0)('0.01')).toBe(0.01);
    expect(() => numberArg(0)('Infinity')).toThrow('expected a number');
    expect(() => numberArg(0)('')).toThrow('expected a number');
    expect(() => numberArg(0)('-1')).toThrow('from 0');
  });

  it('oneOf names the choices', () => {
    expect(oneOf(['admin', 'viewer'] as const)('viewer')).toBe('viewer');
    expect(() => oneOf(['admin', 'viewer'] as const)('root')).toThrow('expected one of admin, viewer, got "root"');
  });

  it('durationArg reads seconds and s/m/h/d', () => {
    expect([durationArg('90'), durationArg('90s'), durationArg('15m'), durationArg('12h'), durationArg('30d')]).toEqual([90, 90, 900, 43200, 2592000]);
    expect(() => durationArg('0')).toThrow('out of range');
    expect(() => durationArg('1w')).toThrow('expected a duration');
  });
});
