import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { ZeroMaskWebSocket } from './zero-mask-transport';

describe(ZeroMaskWebSocket.name, () => {
  it('carries binary both ways intact with all-zero frame masks', async () => {
    // Prepare: a real socket.io server that echoes binary, and a raw look at the client's frames.
    const http = createServer();
    const server = new Server(http, { transports: ['websocket'] });
    server.on('connection', (s) => s.on('echo', (data: Buffer, ack: (d: Buffer) => void) => ack(data)));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const masks: Buffer[] = [];
    http.on('connection', (sock) =>
      sock.on('data', (chunk: Buffer) => {
        // Client frames: byte 1 has the MASK bit; the 4 mask bytes follow the length field.
        if (chunk.length > 6 && chunk[0] >> 4 === 0x8 && chunk[1] & 0x80) {
          const len = chunk[1] & 0x7f;
          const at = len === 126 ? 4 : len === 127 ? 10 : 2;
          masks.push(chunk.subarray(at, at + 4));
        }
      }),
    );
    const client = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: [ZeroMaskWebSocket], forceNew: true });
    const payload = Buffer.from(Float32Array.from({ length: 50_000 }, (_, i) => Math.sin(i)).buffer);

    // Execute
    const echoed = await new Promise<Buffer>((r) => client.emit('echo', payload, r));

    // Assert
    expect(Buffer.compare(Buffer.from(echoed), payload)).toBe(0);
    expect(masks.length).toBeGreaterThan(0);
    expect(masks.every((m) => m.equals(Buffer.alloc(4)))).toBe(true);
    client.close();
    server.close();
    http.close();
  });
});
