import { EventEmitter } from 'node:events';
import { SocketTraffic } from './socket-traffic';

class FakeConnection extends EventEmitter {
  bytesRead = 0;
  bytesWritten = 0;
}

describe(SocketTraffic.name, () => {
  it('sums live connections and keeps the final counts of closed ones', () => {
    // Prepare
    const t = new SocketTraffic();
    const a = new FakeConnection();
    const b = new FakeConnection();
    t.track(a);
    t.track(b);
    t.track(a); // twice: counted once
    t.track(undefined);
    // Execute
    a.bytesRead = 10;
    a.bytesWritten = 1000;
    b.bytesRead = 5;
    const live = t.totals();
    a.bytesRead = 12;
    a.emit('close');
    a.bytesRead = 999; // a closed socket no longer counts
    b.bytesWritten = 7;
    // Assert
    expect(live).toEqual({ received: 15, sent: 1000 });
    expect(t.totals()).toEqual({ received: 17, sent: 1007 });
  });
});
