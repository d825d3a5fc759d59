/**
 * Keystream throughput of the mask PRGs (run after `npx tsc -b libs/secagg`):
 *   node libs/secagg/bench/keystream.js [words=1048576] [masks=7] [runs=15]
 * Prints ONE JSON line. Every variant runs once per round, round-robin, for
 * `runs` rounds, so every variant sees the same machine load; each figure is the
 * median and the best over the rounds, in GB/s of keystream, both by wall
 * clock (`wall`) and by this process's CPU time (`cpu`, which descheduling on
 * a shared machine does not inflate).
 * - raw: node:crypto ChaCha20 keystream only (64 KiB updates of one zero buffer);
 * - node.*: `nodeChaCha20Prg` now (chunk-interleaved streams, WebAssembly SIMD adds);
 * - nodeJs.*: the same loop with JS adds (`streamMasks(..., { simd: false })`,
 *   what runs where WebAssembly is unavailable): the baseline of `speedup`;
 * - noble.* / xsalsa.*: the pure-JS PRGs;
 * - addMask: one mask into the accumulator; addMasks: `masks` masks at once
 *   (a client with k = masks − 1 neighbours adds k + 1 masks).
 */
const { nodeChaCha20Prg, nobleChaCha20Prg, naclXSalsa20Prg, streamMasks } = require('@fl/secagg/node');
const { randomBytes, createCipheriv } = require('node:crypto');
const os = require('node:os');

const words = Number(process.argv[2] ?? 1 << 20);
const m = Number(process.argv[3] ?? 7);
const runs = Math.max(5, Number(process.argv[4] ?? 15));
const CHUNK = 64 * 1024;
const ZEROS = Buffer.alloc(CHUNK);
const IV = Buffer.alloc(16);

// ---- variants ----
const acc = new Uint32Array(words);
const maskSet = () => Array.from({ length: m }, (_, i) => ({ key: randomBytes(32), sign: i % 2 ? -1 : 1 }));
const jsOnly = (prg) => (a, masks) => streamMasks(a, masks, (key) => { const c = createCipheriv('chacha20', key, IV); return (bytes) => c.update(bytes === CHUNK ? ZEROS : ZEROS.subarray(0, bytes)); }, { simd: false });
const variants = {
  raw: { bytes: words * 4, run: () => { const c = createCipheriv('chacha20', randomBytes(32), IV); for (let off = 0; off < words * 4; off += CHUNK) c.update(ZEROS); } },
  'node.addMask': { bytes: words * 4, run: () => nodeChaCha20Prg.addMask(acc, randomBytes(32), 1) },
  'node.addMasks': { bytes: words * 4 * m, run: () => nodeChaCha20Prg.addMasks(acc, maskSet()) },
  'nodeJs.addMasks': { bytes: words * 4 * m, run: () => jsOnly()(acc, maskSet()) },
  'noble.addMasks': { bytes: words * 4 * m, run: () => nobleChaCha20Prg.addMasks(acc, maskSet()) },
  'xsalsa.addMasks': { bytes: words * 4 * m, run: () => naclXSalsa20Prg.addMasks(acc, maskSet()) },
};

// correctness guard: the SIMD and the JS adds give the same accumulator
{
  const masks = maskSet();
  const a = new Uint32Array(words), b = new Uint32Array(words);
  jsOnly()(a, masks);
  nodeChaCha20Prg.addMasks(b, masks.map((x) => ({ key: Uint8Array.from(x.key), sign: x.sign })));
  if (!Buffer.from(a.buffer).equals(Buffer.from(b.buffer))) throw new Error('SIMD and JS masks differ');
}

const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, { wall: [], cpu: [] }]));
for (const v of Object.values(variants)) v.run(); // warm-up
for (let r = 0; r < runs; r++) {
  for (const [name, v] of Object.entries(variants)) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    v.run();
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const c = process.cpuUsage(c0);
    samples[name].wall.push(v.bytes / wall / 1e9);
    samples[name].cpu.push(v.bytes / ((c.user + c.system) / 1e6) / 1e9);
  }
}
const summary = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const med = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median: Number(med.toFixed(3)), best: Number(s[s.length - 1].toFixed(3)) };
};
const gbps = Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, { wall: summary(s.wall), cpu: summary(s.cpu) }]));
console.log(
  JSON.stringify({
    bench: 'secagg-keystream',
    unit: 'GB/s of keystream',
    words,
    masks: m,
    runs,
    node: process.version,
    cpus: os.cpus().length,
    loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
    speedup: {
      addMasksWall: Number((gbps['node.addMasks'].wall.median / gbps['nodeJs.addMasks'].wall.median).toFixed(2)),
      addMasksCpu: Number((gbps['node.addMasks'].cpu.median / gbps['nodeJs.addMasks'].cpu.median).toFixed(2)),
    },
    gbps,
  }),
);
