/**
 * Per-stage cost of one secure round, per client and on the server
 * (run after `npx tsc -b libs/secagg`):
 *   node libs/secagg/bench/client-stages.js [n=10] [P=100000] [reps=7] [lib…]
 * Complete graph (k = n − 1, t from `completeGraphParams(n, 0.1, 0.05)`: n = 10
 * gives k = 9, t = 7), active threat model, node:crypto backend. Every message
 * goes through `packMessage`/`unpackMessage`, as on the wire. The client input
 * is encoded the way the edge client does it: `quantizeWeighted` with the node
 * entry's fast random source when the library has one (`nodeSecureRandom`),
 * else the default CSPRNG source.
 *
 * `lib` is a path to a built node entry (default: this library's `dist/node`).
 * With several, the rounds run round-robin over them in one process, so an old
 * build (e.g. a copy of a previous `dist/`, run with
 * `NODE_PATH=node_modules`) and the current one see the same machine load.
 *
 * Prints one JSON line: per library, the median over `reps` rounds (after one
 * warm-up round) of each stage's wall time (`ms`, performance.now) and process
 * CPU time (`cpuMs`, process.cpuUsage), per client (summed over the n clients
 * and divided by n), for the server's close of each stage (`server:<stage>`)
 * and for all n `serverReceive` calls of a stage (`server:receive:<stage>`).
 * `clientTotal*` sums the client stages (quantize included).
 */
const path = require('node:path');

const n = Number(process.argv[2] ?? 10);
const P = Number(process.argv[3] ?? 100000);
const reps = Math.max(5, Number(process.argv[4] ?? 7));
const libPaths = process.argv.slice(5).length > 0 ? process.argv.slice(5) : [path.join(__dirname, '..', 'dist', 'node')];
const libs = libPaths.map((p) => ({ name: p, s: require(path.resolve(p)) }));

const ids = Array.from({ length: n }, (_, i) => `c${String(i).padStart(3, '0')}`);
const keys = Object.fromEntries(ids.map((id) => [id, libs[0].s.generateSigningKeyPair()]));
const delta = new Float32Array(P);
for (let i = 0; i < P; i++) delta[i] = ((i * 2654435761) % 1000) / 50000 - 0.01;

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** One full round; returns { stage: { ms, cpuMs } } totals (client stages summed over clients). */
function round(s, rep) {
  const p = s.completeGraphParams(n, 0.1, 0.05);
  const config = s.createSecAggConfig({
    runId: `bench-${rep}`,
    round: 1,
    participants: ids,
    vectorLength: P + 1,
    k: p.k,
    t: p.t,
    signingKeys: Object.fromEntries(ids.map((i) => [i, keys[i].publicKey])),
  });
  const random = typeof s.nodeSecureRandom === 'function' ? s.nodeSecureRandom : undefined;
  let server = s.createServer(config);
  const clients = Object.fromEntries(ids.map((id) => [id, s.createClient(id)]));
  const q = s.createQuantizer(1, n);
  const acc = {};
  const add = (k, ms, cpu) => {
    const a = (acc[k] ??= { ms: 0, cpuMs: 0 });
    a.ms += ms;
    a.cpuMs += cpu;
  };
  let out = s.serverBegin(server).output;
  while (out.kind === 'request') {
    for (const [id, req] of Object.entries(out.messages)) {
      let input;
      if (out.stage === 'masked-input') {
        const c0 = cpuNow();
        const t0 = performance.now();
        input = s.quantizeWeighted(delta, 10, 10, q, random).values;
        const ms = performance.now() - t0;
        add('quantize', ms, cpuNow() - c0);
      }
      const msg = s.unpackMessage(s.packMessage(req));
      const c0 = cpuNow();
      const t0 = performance.now();
      const r = s.clientStep(clients[id], msg, { backend: s.nodeBackend, signingSecretKey: keys[id].secretKey, input });
      const packed = s.packMessage(r.output);
      const ms = performance.now() - t0;
      add(out.stage, ms, cpuNow() - c0);
      clients[id] = r.state;
      const inbound = s.unpackMessage(packed);
      const c1 = cpuNow();
      const t1 = performance.now();
      const rr = s.serverReceive(server, inbound, { backend: s.nodeBackend });
      const ms1 = performance.now() - t1;
      add(`server:receive:${out.stage}`, ms1, cpuNow() - c1);
      if (!rr.output.accepted) throw new Error(`server refused ${id}: ${JSON.stringify(rr.output.error)}`);
      server = rr.state;
    }
    const c0 = cpuNow();
    const t0 = performance.now();
    const c = s.serverClose(server, { backend: s.nodeBackend });
    const ms = performance.now() - t0;
    add(`server:${out.stage}`, ms, cpuNow() - c0);
    server = c.state;
    out = c.output;
  }
  if (out.kind !== 'done') throw new Error(`round ended ${out.kind}: ${JSON.stringify(out.failure)}`);
  return acc;
}

const samples = libs.map(() => ({}));
for (let rep = -1; rep < reps; rep++) {
  libs.forEach((lib, li) => {
    const acc = round(lib.s, rep);
    if (rep < 0) return; // warm-up
    for (const [k, v] of Object.entries(acc)) {
      const div = k.startsWith('server:') ? 1 : n;
      const sm = (samples[li][k] ??= { ms: [], cpuMs: [] });
      sm.ms.push(v.ms / div);
      sm.cpuMs.push(v.cpuMs / div);
    }
  });
}

const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
};
const r3 = (x) => Math.round(x * 1000) / 1000;
const result = libs.map((lib, li) => {
  const ms = {};
  const cpuMs = {};
  let clientMs = 0;
  let clientCpuMs = 0;
  for (const [k, v] of Object.entries(samples[li])) {
    ms[k] = r3(median(v.ms));
    cpuMs[k] = r3(median(v.cpuMs));
    if (!k.startsWith('server:')) {
      clientMs += ms[k];
      clientCpuMs += cpuMs[k];
    }
  }
  return { lib: path.relative(process.cwd(), path.resolve(lib.name)) || '.', ms, cpuMs, clientTotalMs: r3(clientMs), clientTotalCpuMs: r3(clientCpuMs) };
});
console.log(JSON.stringify({ n, P, reps, loadavg: require('node:os').loadavg().map((x) => +x.toFixed(1)), results: result }));
