/**
 * Robust Shamir reconstruction, the server's unmask workload (run after
 * `npx tsc -b libs/secagg`):
 *   node libs/secagg/bench/shamir-recover.js [secrets=50] [t=34] [m=49] [runs=21]
 * Times one fresh `ShamirRecoverer` (one per unmask close) rebuilding `secrets`
 * 32-byte secrets from m consistent shares each over the same points, with the
 * random check (default) and without it (`randomCheck: false`: the robust path
 * alone, as before the check), interleaved; prints the medians as one JSON line.
 */
const s = require('@fl/secagg');
const { randomBytes } = require('node:crypto');

const [count, t, m, runs] = [50, 34, 49, 21].map((d, i) => Number(process.argv[2 + i] ?? d));
const xs = Array.from({ length: m }, (_, i) => i + 1);
const secrets = Array.from({ length: count }, () => randomBytes(32));
const shareSets = secrets.map((secret) => s.shamirSplit(secret, t, xs));

function batch(randomCheck) {
  const rec = new s.ShamirRecoverer({ randomCheck });
  const t0 = performance.now();
  const out = shareSets.map((shares) => rec.recover(shares, t, 32));
  const ms = performance.now() - t0;
  out.forEach((r, i) => {
    if (!r.ok || !Buffer.from(r.secret).equals(secrets[i]) || r.rejected.length > 0) throw new Error(`secret ${i} not recovered`);
  });
  return ms;
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const times = { robust: [], check: [] };
for (let i = 0; i < 3; i++) (batch(false), batch(true)); // warm-up
for (let i = 0; i < runs; i++) {
  times.robust.push(batch(false));
  times.check.push(batch(true));
}
const [before, after] = [median(times.robust), median(times.check)];
const r2 = (x) => Math.round(x * 100) / 100;
console.log(JSON.stringify({ bench: 'shamir-recover', secrets: count, t, m, runs, medianMs: { robustOnly: r2(before), randomCheck: r2(after) }, speedup: r2(before / after) }));
