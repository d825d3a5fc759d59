/**
 * Keystream throughput of the mask PRGs (run after `npx tsc -b libs/secagg`):
 *   node libs/secagg/bench/keystream.js [words=1048576] [masks=7]
 * - raw: keystream generation only (node:crypto update of 64 KiB zero chunks);
 * - addMask: one mask generated and added into a Uint32Array accumulator;
 * - addMasks: `masks` masks fused (a client with k = masks − 1 neighbours).
 * GB/s counts keystream bytes.
 */
const { nodeChaCha20Prg, nobleChaCha20Prg, naclXSalsa20Prg } = require('@fl/secagg/node');
const { randomBytes, createCipheriv } = require('node:crypto');

const words = Number(process.argv[2] ?? 1 << 20);
const m = Number(process.argv[3] ?? 7);
const acc = new Uint32Array(words);
const gbps = (bytes, s) => (bytes / s / 1e9).toFixed(2);

function time(f, reps) {
  f();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) f();
  return Number(process.hrtime.bigint() - t0) / 1e9 / reps;
}

const zeros = Buffer.alloc(65536);
const raw = time(() => {
  const c = createCipheriv('chacha20', randomBytes(32), Buffer.alloc(16));
  for (let off = 0; off < words * 4; off += 65536) c.update(zeros);
}, 16);
console.log(`node:crypto chacha20 raw keystream          ${gbps(words * 4, raw)} GB/s`);
for (const [prg, reps] of [[nodeChaCha20Prg, 8], [nobleChaCha20Prg, 2], [naclXSalsa20Prg, 2]]) {
  const one = time(() => prg.addMask(acc, randomBytes(32), 1), reps);
  const masks = () => Array.from({ length: m }, (_, i) => ({ key: randomBytes(32), sign: i % 2 ? -1 : 1 }));
  const fused = time(() => prg.addMasks(acc, masks()), Math.max(1, reps >> 1));
  console.log(`${prg.impl.padEnd(36)} addMask ${gbps(words * 4, one)} GB/s, addMasks×${m} ${gbps(words * 4 * m, fused)} GB/s (${(fused * 1e3).toFixed(0)} ms for ${m} × ${(words * 4) / 2 ** 20} MiB)`);
}
