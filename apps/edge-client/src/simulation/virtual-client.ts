/**
 * @module simulation/virtual-client
 * One virtual client: the real edge-client parts wired as `fl-client` wires
 * them (`main.ts`), minus the process. Its own signing identity (enrolled
 * with the enrollment token like any client, docs/enrollment.md), its own
 * socket.io `Connection` (which authenticates and reconnects by itself),
 * and the real `Agent` with its own secure-aggregation driver. Its trainer
 * is a `PooledTrainer`; the agent keeps no model blob between tasks
 * (`modelCacheSize: 0`), so an idle client holds no model and no data.
 */
import { Agent, type TaskOutcome } from '../agent';
import { Connection } from '../connection';
import type { ClientError } from '../errors';
import type { Log } from '../log';
import { saveIdentity, type SigningIdentity } from '../secagg/identity';
import type { LocalTrainer } from '../trainers/local-trainer';

export interface VirtualClientOptions {
  name: string;
  url: string;
  ca?: string;
  trainer: LocalTrainer;
  identity: SigningIdentity;
  enrollToken?: string;
  log: Log;
  allowSemiHonest: boolean;
  /** Registration refused for good (revoked, token used up …): the client has stopped. */
  onFatal(err: ClientError): void;
}

export class VirtualClient {
  readonly connection: Connection;
  readonly agent: Agent;
  /** Tasks finished, by outcome. */
  readonly tasks = { ok: 0, failed: 0 };

  constructor(readonly o: VirtualClientOptions) {
    const { identity, log } = o;
    this.connection = new Connection({
      url: o.url,
      ca: o.ca,
      registration: { name: o.name, dataset: o.trainer.dataset, backend: o.trainer.backend },
      identity,
      enrollToken: o.enrollToken,
      onEnrolled: () => {
        try {
          saveIdentity(identity); // a no-op for an in-memory identity
        } catch (e) {
          log.warn('identity', `enrolled, but the identity could not be saved: ${(e as Error).message}`);
        }
      },
      log,
      onFatal: (err) => o.onFatal(err),
    });
    this.agent = new Agent({ connection: this.connection, trainer: o.trainer, log, echo: false, identity, allowSemiHonest: o.allowSemiHonest, modelCacheSize: 0 });
    this.agent.onTaskDone((t: TaskOutcome) => void (t.ok ? this.tasks.ok++ : this.tasks.failed++));
  }

  get name(): string {
    return this.o.name;
  }

  start(): void {
    this.connection.start();
  }

  async stop(): Promise<void> {
    await this.agent.stop(2000);
    this.connection.close();
  }
}
