/**
 * The main port's connection caps (common/connection-limit), on the real
 * coordinator: an address that already holds `maxConnectionsPerAddress`
 * connections (raw TCP, never authenticating) gets its next one closed at
 * once, without a byte read; the coordinator keeps serving, and the address
 * is admitted again as soon as it lets go of one.
 */
import type { Socket } from 'node:net';
import { startHarness, type Harness } from './support/harness';
import { closedWithin, dial } from '../../apps/coordinator/src/common/testing/tcp-dial';

const CAP = 3;

describe('main port connection caps (e2e)', () => {
  let h: Harness;
  const held: Socket[] = [];
  beforeAll(async () => {
    h = await startHarness({ maxConnectionsPerAddress: CAP });
  });
  afterAll(async () => {
    for (const s of held) s.destroy();
    await h.close();
  });

  it('closes the connection over the per-address cap at once and keeps serving once a place frees', async () => {
    const port = Number(new URL(h.url).port);
    const idle = await Promise.all(Array.from({ length: CAP }, () => dial(port)));
    held.push(...idle.map((c) => c.socket));
    const over = await dial(port).then(
      (c) => (held.push(c.socket), closedWithin(c, 2000)),
      () => true,
    );
    expect(over).toBe(true);
    // The held ones are still open: nothing was read from them, nothing closed them early.
    expect(await Promise.all(idle.map((c) => closedWithin(c, 50)))).toEqual(Array(CAP).fill(false));
    for (const c of idle) c.socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const health = await fetch(`${h.url}/api/health`, { headers: { connection: 'close' } });
    expect(health.status).toBe(200);
  });
});
