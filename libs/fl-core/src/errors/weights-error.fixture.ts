/**
 * @module errors/weights-error.fixture
 * Test helper (not built): runs `fn`, expects it to throw a WeightsError and
 * returns its code.
 */
import { WeightsError } from './weights-error';

export function weightsErrorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WeightsError);
    return (e as WeightsError).code;
  }
  throw new Error('expected a WeightsError');
}
