import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closedLoop, mnistBody, openLoop } from './serve-load';

/** A real HTTP server that records body lengths: 200 for a JSON body with `inputs`, 400 otherwise. */
function server(): Promise<{ url: string; bodies: number[]; close(): Promise<void> }> {
  const bodies: number[] = [];
  const s: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      bodies.push(text.length);
      let ok = false;
      try {
        ok = Array.isArray((JSON.parse(text) as { inputs: unknown }).inputs);
      } catch {
        ok = false;
      }
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { ok: true } : { message: 'bad body' }));
    });
  });
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/predict`, bodies, close: () => new Promise<void>((r) => s.close(() => r())) }),
    ),
  );
}

describe('serve load generators', () => {
  it('open loop sends at the requested rate and records every answer', async () => {
    const srv = await server();
    try {
      const load = openLoop(srv.url, mnistBody(1), 200);
      await new Promise((r) => setTimeout(r, 600));
      const r = await load.stop();
      // 200/s for ~0.6 s: the pump catches up after a late wake-up, so the count tracks the clock.
      expect(r.requests).toBeGreaterThanOrEqual(90);
      expect(r.requests).toBeLessThanOrEqual(Math.ceil(r.seconds * 200) + 1);
      expect(r.failures).toBe(0);
      expect(r.latenciesMs).toHaveLength(r.requests);
      expect(new Set(srv.bodies)).toEqual(new Set([mnistBody(1).length]));
    } finally {
      await srv.close();
    }
  });

  it('closed loop keeps C requests in flight and counts refusals as failures', async () => {
    const srv = await server();
    try {
      const ok = await closedLoop(srv.url, mnistBody(2), 4, 0.3);
      expect(ok.requests).toBeGreaterThan(4);
      expect(ok.failures).toBe(0);
      const bad = await closedLoop(srv.url, 'not json', 2, 0.1);
      expect(bad.failures).toBe(bad.requests);
      expect(bad.latenciesMs).toHaveLength(0);
      expect(bad.firstFailure).toMatch(/^400 .*bad body/);
    } finally {
      await srv.close();
    }
  });

  it('counts an unreachable server as failures, not as answers', async () => {
    const srv = await server();
    const url = srv.url;
    await srv.close();
    const r = await closedLoop(url, mnistBody(1), 1, 0.05);
    expect(r.requests).toBeGreaterThanOrEqual(1);
    expect(r.failures).toBe(r.requests);
    expect(r.firstFailure).toMatch(/ECONNREFUSED/);
  });
});
