/**
 * Server unmask cost with and without dropouts on a SecAgg+ graph
 * (run after `npx tsc -b libs/secagg`):
 *   node libs/secagg/bench/unmask.js [n=50] [k=6] [t=4] [P=1048576] [dropFraction=0.1]
 * Runs the full protocol in process (semi-honest, node:crypto backend) and
 * times only the server's final close (Shamir reconstruction, key agreement
 * and mask regeneration streamed into one accumulator).
 */
const s = require('@fl/secagg/node');
const { randomBytes } = require('node:crypto');

const [n, k, t, P, rho] = [50, 6, 4, 1 << 20, 0.1].map((d, i) => Number(process.argv[2 + i] ?? d));
// (k, t) = (6, 4) is below the clients' default policy (WEAK_PARAMS): benchmark only.
const env = { backend: s.nodeBackend, policy: 'unchecked' };

function round(dropFraction) {
  const ids = Array.from({ length: n }, (_, i) => `c${String(i).padStart(3, '0')}`);
  const dropped = new Set(ids.filter((_, i) => i % Math.round(1 / dropFraction || Infinity) === 1));
  const config = s.createSecAggConfig({ runId: 'bench', round: 1, participants: ids, vectorLength: P, k, t, threatModel: 'semi-honest' });
  let server = s.createServer(config);
  const clients = Object.fromEntries(ids.map((id) => [id, s.createClient(id)]));
  const input = new Uint32Array(P);
  let out = s.serverBegin(server).output;
  let clientMs = 0;
  let closeMs = 0;
  while (out.kind === 'request') {
    for (const [id, req] of Object.entries(out.messages)) {
      if (out.stage === 'masked-input' && dropped.has(id)) continue;
      const t0 = performance.now();
      const r = s.clientStep(clients[id], req, { ...env, input });
      if (out.stage === 'masked-input') clientMs += performance.now() - t0;
      clients[id] = r.state;
      server = s.serverReceive(server, r.output, env).state;
    }
    const t0 = performance.now();
    const c = s.serverClose(server, env);
    if (out.stage === 'unmask') closeMs = performance.now() - t0;
    server = c.state;
    out = c.output;
  }
  if (out.kind !== 'done') throw new Error(JSON.stringify(out.failure));
  return { closeMs, clientMs: clientMs / (n - dropped.size), dropped: dropped.size };
}

const base = round(0);
const drop = round(rho);
console.log(`n=${n} k=${k} t=${t} P=${P}`);
console.log(`client masked-input (avg): ${base.clientMs.toFixed(0)} ms`);
console.log(`server unmask, no dropout: ${base.closeMs.toFixed(0)} ms`);
console.log(`server unmask, ${drop.dropped} dropped: ${drop.closeMs.toFixed(0)} ms  (${(drop.closeMs / base.closeMs).toFixed(2)}×)`);
