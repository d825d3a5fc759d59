import { ErrorCode } from '@fl/protocol';
import { ephemeralIdentity } from '../secagg/identity';
import type { Log } from '../log';
import { FAKE_ENROLL_TOKEN, FakeSocketServer, answerAuth, registered } from '../testing/fake-coordinator';
import { until } from '../testing/until';
import { EchoTrainer } from '../trainers/echo-trainer';
import { Fleet } from './fleet';
import { VirtualClient } from './virtual-client';

jest.setTimeout(30_000);

const quiet: Log = { info: () => undefined, warn: () => undefined, round: () => undefined };

describe(Fleet.name, () => {
  let server: FakeSocketServer;
  let fleet: Fleet | null = null;
  afterEach(async () => {
    await fleet?.stop();
    fleet = null;
    await server.close();
  });

  /** N virtual clients of the fake coordinator at `url`, wired to `fleet` as simulate.ts wires them. */
  const clientsFor = (url: string, n: number, onFleet: () => Fleet | null) =>
    Array.from({ length: n }, (_, k) => {
      const c: VirtualClient = new VirtualClient({
        name: `sim-${k}`,
        url,
        trainer: new EchoTrainer({ name: 'synthetic', numExamples: 10 }),
        identity: ephemeralIdentity(),
        enrollToken: FAKE_ENROLL_TOKEN,
        log: quiet,
        allowSemiHonest: false,
        onFatal: (err) => onFleet()?.refused(c, err),
      });
      return c;
    });

  it('authenticates at most `concurrency` clients at once, counts the refused, and sees each reconnect by itself', async () => {
    // Prepare: the fake coordinator refuses sim-7 for good and tracks handshakes in flight
    server = new FakeSocketServer();
    const url = await server.listen();
    let inFlight = 0;
    let maxInFlight = 0;
    const keys = new Set<string>();
    server.io.on('connection', (s) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      answerAuth(s, (req) => {
        inFlight--;
        keys.add(Buffer.from(req.signingKey).toString('hex'));
        return req.name === 'sim-7' ? { ok: false, error: { code: ErrorCode.EnrollmentRefused, message: 'not this one' } } : registered(`c-${req.name}`);
      });
    });
    const clients = clientsFor(url, 12, () => fleet);
    fleet = new Fleet(clients, 3);

    // Execute
    await fleet.connect();

    // Assert
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(fleet.counts).toEqual({ clients: 12, connected: 11, refused: 1 });
    expect(keys.size).toBe(12);

    // the coordinator drops everyone: each client comes back on its own
    server.io.disconnectSockets(true);
    await until(() => fleet!.counts.connected === 0, 5_000);
    await until(() => fleet!.counts.connected === 11, 15_000);
    expect(clients.filter((c) => c.connection.isRegistered).map((c) => c.name)).not.toContain('sim-7');
  });
});
