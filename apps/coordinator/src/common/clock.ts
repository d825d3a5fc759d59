/**
 * @module common/clock
 * Time as an injected dependency: the round engine reads the time and sets
 * its deadlines only through a {@link Clock}, so unit tests drive every
 * deadline with a fake clock (`rounds/testing/fake-clock.ts`).
 */
export const CLOCK = Symbol('CLOCK');

export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
