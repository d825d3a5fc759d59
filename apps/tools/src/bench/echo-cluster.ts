/**
 * @module bench/echo-cluster
 * The fixture every communication benchmark starts from: a coordinator child
 * process plus N `fl-client --echo` processes claiming the `synthetic`
 * dataset, all connected before it returns. `close` stops every process.
 *
 * `faulty` of them run with `--fault exit-after-share-keys` (the dropout
 * benchmark): each kills itself after sharing keys in a secure round and is
 * restarted at once under the same name, as a new enrolment.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '@fl/api-client';
import { waitForClients } from '../api/wait-for-clients';
import { Children, type Child } from '../proc/children';
import { startCoordinator, type CoordinatorProcess } from '../proc/coordinator';
import { startClients, withEnrollment, type ClientSpec, type EnrolledSpec } from '../proc/edge-clients';

export const ECHO_DATASET = 'synthetic';

/** One client's `secagg_round` log line: CPU seconds of its key agreement (all other stages) and of its masked-input stage. */
export interface MaskSample {
  round: number;
  keyAgreement: number;
  masking: number;
}

export interface EchoCluster {
  coordinator: CoordinatorProcess;
  /** The live client processes (restarted ones replace the dead). */
  clients: Child[];
  api: ApiClient;
  logDir: string;
  /** Where coordinator CPU profiles land (after `close`) when profiling. */
  profileDir: string;
  /** Starts collecting mask CPU samples from every client; `take` returns them. */
  maskSeconds(): { take(): MaskSample[] };
  close(): Promise<void>;
}

export interface EchoClusterOptions {
  /** Run the coordinator under `node --cpu-prof`, profiles in `profileDir`. */
  profile?: boolean;
  /** Clients that drop out after share-keys in every secure round (and are restarted). */
  faulty?: number;
}

export async function startEchoCluster(n: number, examples: number, say: (s: string) => void, o: EchoClusterOptions = {}): Promise<EchoCluster> {
  const children = new Children();
  const logDir = mkdtempSync(join(tmpdir(), 'fl-bench-'));
  const profileDir = join(logDir, 'profile');
  let closing = false;
  try {
    const coordinator = await startCoordinator(children, {
      logFile: join(logDir, 'coordinator.log'),
      dataDir: join(logDir, 'data'),
      nodeArgs: o.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : undefined,
    });
    say(`coordinator ${coordinator.url} (pid ${coordinator.child.pid}); logs in ${logDir}`);
    const faulty = o.faulty ?? 0;
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });
    const plain: ClientSpec[] = Array.from({ length: n }, (_, i) => ({ name: `echo-${i}`, data: ECHO_DATASET, echo: true, examples, fault: i < faulty ? 'exit-after-share-keys' : undefined }));
    const specs = await withEnrollment(api, plain, logDir);
    const clients: Child[] = [];
    const sinks: MaskSample[][] = [];
    const watch = (c: Child) =>
      c.onLine((line, stream) => {
        if (stream !== 'stdout' || !line.includes('"secagg_round"')) return;
        try {
          const e = JSON.parse(line) as { event?: string; round?: number; maskCpuSeconds?: number; keyAgreementCpuSeconds?: number };
          if (e.event === 'secagg_round' && typeof e.maskCpuSeconds === 'number')
            for (const s of sinks) s.push({ round: e.round ?? 0, keyAgreement: e.keyAgreementCpuSeconds ?? 0, masking: e.maskCpuSeconds });
        } catch {
          /* not JSON */
        }
      });
    const start = (spec: EnrolledSpec, slot: number) => {
      const [c] = startClients(children, coordinator.url, [spec], logDir);
      clients[slot] = c;
      watch(c);
      if (spec.fault) void c.exited.then(() => !closing && start(spec, slot));
    };
    specs.forEach((s, i) => start(s, i));
    const t0 = Date.now();
    await waitForClients(api, ECHO_DATASET, n, 30_000 + n * 1_000);
    say(`${n} echo clients connected in ${((Date.now() - t0) / 1000).toFixed(1)} s${faulty ? ` (${faulty} drop out after share-keys)` : ''}`);
    return {
      coordinator,
      clients,
      api,
      logDir,
      profileDir,
      maskSeconds() {
        const sink: MaskSample[] = [];
        sinks.push(sink);
        return { take: () => sink.splice(0) };
      },
      close: () => {
        closing = true;
        return children.stopAll(10_000);
      },
    };
  } catch (e) {
    closing = true;
    await children.stopAll();
    throw e;
  }
}
