/**
 * @module api/wait-for-clients
 * Polls `GET /api/clients` until enough connected clients hold a dataset:
 * the tools start their edge clients, then wait for them before creating a
 * job.
 */
import type { ApiClient } from '@fl/api-client';

/** Polls `GET /api/clients` until `count` connected clients hold `dataset`. */
export async function waitForClients(api: ApiClient, dataset: string, count: number, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const n = (await api.clients.list().catch(() => [])).filter((c) => c.connected && c.dataset === dataset).length;
    if (n >= count) return n;
    if (Date.now() - t0 > timeoutMs) {
      throw Object.assign(new Error(`only ${n} of ${count} clients with dataset "${dataset}" connected within ${timeoutMs / 1000} s`), { code: 'CLIENTS_TIMEOUT' });
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
