/**
 * @module testing/until
 * Test helper: polls `fn` every 5 ms until it returns a truthy value, which it
 * resolves with; rejects after `ms`.
 */
export function until<T>(fn: () => T | undefined | null | false, ms = 5000): Promise<T> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const v = fn();
      if (v) return resolve(v);
      if (Date.now() - t0 > ms) return reject(new Error('condition not met in time'));
      setTimeout(tick, 5);
    };
    tick();
  });
}
