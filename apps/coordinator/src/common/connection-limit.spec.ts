import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { limitConnections } from './connection-limit';
import { closedWithin, dial } from './testing/tcp-dial';

describe('limitConnections', () => {
  let server: Server;
  let port: number;
  const held: Socket[] = [];
  const reports: Array<[number, string]> = [];

  beforeEach(async () => {
    reports.length = 0;
    server = createServer(() => undefined);
    limitConnections(server, { total: 5, perAddress: 3 }, { everyMs: 100, report: (n, last) => reports.push([n, last]) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    for (const s of held.splice(0)) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('closes a connection beyond the per-address cap at once, and admits one again when a place frees', async () => {
    const three = await Promise.all([dial(port), dial(port), dial(port)]);
    held.push(...three.map((c) => c.socket));
    expect(await Promise.all(three.map((c) => closedWithin(c, 100)))).toEqual([false, false, false]);
    const fourth = await dial(port);
    held.push(fourth.socket);
    expect(await closedWithin(fourth, 2000)).toBe(true);
    const fifth = await dial(port).catch(() => null);
    if (fifth) held.push(fifth.socket);
    await new Promise((r) => setTimeout(r, 350)); // a few report periods
    // Both refusals are reported, summed per period (one or two lines, as the periods fall); quiet periods say nothing.
    expect(reports.reduce((a, [n]) => a + n, 0)).toBe(2);
    expect(reports.length).toBeLessThanOrEqual(2);
    expect(reports.every(([, address]) => address === '127.0.0.1')).toBe(true);
    three[0].socket.destroy();
    await new Promise((r) => setTimeout(r, 50)); // the server sees the close
    const again = await dial(port);
    held.push(again.socket);
    expect(await closedWithin(again, 100)).toBe(false);
  });

  it('counts each address on its own; the total caps them all', async () => {
    const a = await Promise.all([dial(port), dial(port), dial(port)]);
    const b = await Promise.all([dial(port, '127.0.0.2'), dial(port, '127.0.0.2')]);
    held.push(...a.map((c) => c.socket), ...b.map((c) => c.socket));
    expect(await Promise.all([...a, ...b].map((c) => closedWithin(c, 100)))).toEqual([false, false, false, false, false]);
    // 5 open in all: a third address is over the total (node closes it), not over its own cap.
    const closed = await dial(port, '127.0.0.3').then(
      (c) => (held.push(c.socket), closedWithin(c, 2000)),
      () => true, // closed before the client saw it connect
    );
    expect(closed).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    expect(reports).toEqual([]); // node's total cap is not a per-address refusal
  });
});
