/**
 * `serverCloseAsync` gives exactly `serverClose`'s result when the masks are
 * added elsewhere (here: into a separate vector, then folded in, as a worker
 * thread does), with and without dropouts; it wipes the mask keys; and a
 * failing adder fails the close without a result.
 */
import { createSecAggConfig } from '../config';
import { clientStep } from '../client/step';
import { createClient, type ClientState } from '../client/state';
import { addVector, type Mask } from '../crypto/prg';
import { nodeBackend } from '../node/backend';
import { randomInput, plainSum, ids } from '../testing/harness';
import { serverBegin, serverClose, serverCloseAsync, serverReceive, type MaskAdder } from './server';
import { createServer, type ServerStageOutput } from './state';

const env = { backend: nodeBackend, policy: 'unchecked' as const };

/** Runs every stage but the last close; returns the state ready to close unmask and the expected sum. */
function upToUnmaskClose(n: number, P: number, drop: string[]) {
  const participants = ids(n);
  const config = createSecAggConfig({ runId: 'async', round: 1, participants, vectorLength: P, k: n - 1, t: Math.ceil((2 * n) / 3), threatModel: 'semi-honest' });
  let server = createServer(config);
  const clients: Record<string, ClientState> = Object.fromEntries(participants.map((id) => [id, createClient(id)]));
  const inputs = Object.fromEntries(participants.map((id) => [id, randomInput(P)]));
  let out: ServerStageOutput = serverBegin(server).output;
  while (out.kind === 'request') {
    for (const [id, req] of Object.entries(out.messages)) {
      if (out.stage === 'masked-input' && drop.includes(id)) continue;
      const r = clientStep(clients[id], req, { ...env, input: inputs[id] });
      clients[id] = r.state;
      server = serverReceive(server, r.output, env).state;
    }
    if (out.stage === 'unmask') break;
    const c = serverClose(server, env);
    server = c.state;
    out = c.output;
  }
  const expected = plainSum(participants.filter((id) => !drop.includes(id)).map((id) => inputs[id]), P);
  return { server, expected };
}

describe(serverCloseAsync.name, () => {
  const elsewhere: MaskAdder = async (acc, masks, prg) => {
    await new Promise((r) => setTimeout(r, 1));
    const total = new Uint32Array(acc.length);
    nodeBackend.prg(prg).addMasks(total, masks.map((m) => ({ key: m.key.slice(), sign: m.sign })));
    addVector(acc, total);
  };

  it.each([[[]], [['c001']]])('unmasks to the plain sum with the masks added elsewhere (dropped: %j)', async (drop) => {
    const { server, expected } = upToUnmaskClose(6, 1000, drop as string[]);
    const r = await serverCloseAsync(server, env, elsewhere);
    expect(r.output.kind).toBe('done');
    if (r.output.kind !== 'done') return;
    expect(Buffer.from(r.output.result.sum.buffer, r.output.result.sum.byteOffset, 4000).equals(Buffer.from(expected.buffer))).toBe(true);
    expect(r.state.stage).toBe('done');
  });

  it('wipes the mask keys after the adder settles, and a failing adder fails the close', async () => {
    const seen: Mask[] = [];
    const { server } = upToUnmaskClose(5, 64, []);
    const r = await serverCloseAsync(server, env, async (_acc, masks) => {
      seen.push(...masks);
      throw new Error('worker died');
    });
    expect(r.output).toMatchObject({ kind: 'failed', failure: { code: 'BAD_STATE', stage: 'unmask', message: expect.stringContaining('worker died') } });
    expect(r.state.stage).toBe('failed');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((m) => m.key.every((b) => b === 0))).toBe(true);
  });

  it('closes the other stages exactly like serverClose', async () => {
    const participants = ids(4);
    const config = createSecAggConfig({ runId: 'x', round: 1, participants, vectorLength: 8, k: 3, t: 3, threatModel: 'semi-honest' });
    const server = createServer(config);
    serverBegin(server);
    const r = await serverCloseAsync(server, env, elsewhere);
    expect(r.output.kind).toBe('failed'); // nobody advertised keys
  });
});
