/**
 * @module commands/health
 * `fl health`: liveness and counters of the coordinator (public route).
 */
import type { Command } from 'commander';
import { fields, fixed } from '../output';
import type { Register } from './register';

export const registerHealth: Register = (program: Command, act) => {
  program
    .command('health')
    .description('is the coordinator up: protocol version, uptime, connected clients, event-loop delay')
    .action(
      act(async (ctx) => {
        const api = ctx.api();
        const h = await api.system.health();
        ctx.print(h, (v) =>
          fields([
            ['coordinator', api.baseUrl],
            ['status', v.status],
            ['protocol', v.protocolVersion],
            ['uptime', `${Math.round(v.uptimeSeconds)} s`],
            ['clients connected', v.clientsConnected],
            ['event-loop p99 (ms)', fixed(v.eventLoopDelayMs?.p99, 1)],
            ['bulk port', v.bulk.port],
          ]),
        );
      }),
    );
};
