/**
 * @module bench/echo-cluster
 * The fixture every communication benchmark starts from: a coordinator child
 * process plus N `fl-client --echo` processes claiming the `synthetic`
 * dataset, all connected before it returns. `close` stops every process.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoordinatorApi } from '../api/rest';
import { waitForClients } from '../api/job-watcher';
import { Children, type Child } from '../proc/children';
import { startCoordinator, type CoordinatorProcess } from '../proc/coordinator';
import { startClients } from '../proc/edge-clients';

export const ECHO_DATASET = 'synthetic';

export interface EchoCluster {
  coordinator: CoordinatorProcess;
  clients: Child[];
  api: CoordinatorApi;
  logDir: string;
  /** Where coordinator CPU profiles land (after `close`) when profiling. */
  profileDir: string;
  close(): Promise<void>;
}

export interface EchoClusterOptions {
  /** Run the coordinator under `node --cpu-prof`, profiles in `profileDir`. */
  profile?: boolean;
}

export async function startEchoCluster(n: number, examples: number, say: (s: string) => void, o: EchoClusterOptions = {}): Promise<EchoCluster> {
  const children = new Children();
  const logDir = mkdtempSync(join(tmpdir(), 'fl-bench-'));
  const profileDir = join(logDir, 'profile');
  try {
    const coordinator = await startCoordinator(children, {
      logFile: join(logDir, 'coordinator.log'),
      dataDir: join(logDir, 'data'),
      nodeArgs: o.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : undefined,
    });
    say(`coordinator ${coordinator.url} (pid ${coordinator.child.pid}); logs in ${logDir}`);
    const specs = Array.from({ length: n }, (_, i) => ({ name: `echo-${i}`, data: ECHO_DATASET, echo: true, examples }));
    const clients = startClients(children, coordinator.url, specs, logDir);
    const api = new CoordinatorApi(coordinator.url);
    const t0 = Date.now();
    await waitForClients(api, ECHO_DATASET, n, 30_000 + n * 1_000);
    say(`${n} echo clients connected in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { coordinator, clients, api, logDir, profileDir, close: () => children.stopAll(10_000) };
  } catch (e) {
    await children.stopAll();
    throw e;
  }
}
