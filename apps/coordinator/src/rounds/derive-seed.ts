/**
 * @module rounds/derive-seed
 * Derives independent 32-bit seeds from a job seed and context values
 * (round, attempt, client id), so cohort sampling and client shuffling are
 * reproducible per (job seed, round, attempt) yet differ between them.
 * FNV-1a over the parts, finished with a murmur3 avalanche. Not cryptographic.
 */
export function deriveSeed(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u001f');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
