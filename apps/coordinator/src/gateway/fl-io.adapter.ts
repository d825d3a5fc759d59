/**
 * @module gateway/fl-io.adapter
 * socket.io server options in one place (transport concerns live in the
 * adapter, so gateways never change):
 * - path `SOCKET_PATH`, websocket transport only, no per-message deflate;
 * - `maxHttpBufferSize = MAX_CHUNK_BYTES + MESSAGE_OVERHEAD_BYTES`: one chunk
 *   plus its envelope; a larger message makes engine.io drop that connection
 *   only (README.md "Limits");
 * - a generous ping timeout (default 60 s) so clients whose event loop is busy
 *   training are not dropped by the heartbeat.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { MAX_CHUNK_BYTES, MESSAGE_OVERHEAD_BYTES, SOCKET_PATH } from '@fl/protocol';
import type { CoordinatorConfig } from '../config/coordinator-config';

export class FlIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: CoordinatorConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const origins = this.config.corsOrigins;
    return super.createIOServer(port, {
      ...options,
      path: SOCKET_PATH,
      transports: ['websocket'],
      perMessageDeflate: false,
      httpCompression: false,
      maxHttpBufferSize: MAX_CHUNK_BYTES + MESSAGE_OVERHEAD_BYTES,
      pingTimeout: this.config.pingTimeoutMs,
      pingInterval: this.config.pingIntervalMs,
      serveClient: false,
      cors: origins.length ? { origin: origins.includes('*') ? true : [...origins] } : undefined,
    });
  }
}
