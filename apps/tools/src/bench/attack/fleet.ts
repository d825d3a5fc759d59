/**
 * @module bench/attack/fleet
 * The 10 `fl-client` processes of `bench attack`: parties 0–7 are honest and
 * run for the whole bench; parties 8 and 9 are swapped between runs, honest
 * for the clean run, then one pair of `--attack` clients per attack (each with
 * its own name and enrollment; `--colluders 2`: the pair acts together). Every client is enrolled with a cap equal to
 * its shard's size (docs/enrollment.md: the token's `maxExamples`), as an
 * admin who knows the site would. Starting 10 processes once instead of once
 * per job keeps the whole bench within minutes on a small machine.
 */
import type { ApiClient } from '@fl/api-client';
import type { Child, Children } from '../../proc/children';
import { startClients, withEnrollment, type ClientSpec } from '../../proc/edge-clients';
import { clientDataSpec } from '../../demo/job-config';
import { CLIENTS, MALICIOUS, type AttackName } from './attack-jobs';

export class Fleet {
  private swapped: Child[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly children: Children,
    private readonly url: string,
    private readonly logDir: string,
    /** Training examples of each party's shard. */
    private readonly sizes: readonly number[],
    private readonly say: (line: string) => void,
  ) {}

  /** Starts the honest parties 0 … 7. */
  async startHonest(): Promise<void> {
    await this.start(Array.from({ length: CLIENTS - MALICIOUS }, (_, j) => this.spec(j, `party-${j}`)));
  }

  /** Replaces parties 8 and 9 with honest clients (`attack` null) or with attackers, and waits until exactly the 10 wanted clients are connected. */
  async swap(attack: AttackName | null): Promise<string[]> {
    await Promise.all(this.swapped.map((c) => this.children.stop(c)));
    const specs = Array.from({ length: MALICIOUS }, (_, k) => {
      const j = CLIENTS - MALICIOUS + k;
      return attack ? { ...this.spec(j, `attacker-${attack}-${j}`), attack, colluders: MALICIOUS } : this.spec(j, `party-${j}`);
    });
    this.swapped = await this.start(specs);
    const want = new Set([...Array.from({ length: CLIENTS - MALICIOUS }, (_, j) => `party-${j}`), ...specs.map((s) => s.name)]);
    await this.waitFor(want, 180_000);
    return specs.map((s) => s.name);
  }

  private spec(j: number, name: string): ClientSpec {
    return { name, data: clientDataSpec('mnist', j, CLIENTS), maxExamples: this.sizes[j] };
  }

  private async start(specs: ClientSpec[]): Promise<Child[]> {
    const enrolled = await withEnrollment(this.api, specs, this.logDir);
    const started = startClients(this.children, this.url, enrolled, this.logDir);
    for (const c of started) void c.exited.then((code) => code !== 0 && code !== 'SIGTERM' && this.say(`${c.name} exited (${code}); see ${this.logDir}/${c.name}.log`));
    return started;
  }

  /** Polls `GET /api/clients` until the connected mnist clients are exactly `names`. */
  private async waitFor(names: Set<string>, timeoutMs: number): Promise<void> {
    const t0 = Date.now();
    for (;;) {
      const connected = (await this.api.clients.list().catch(() => [])).filter((c) => c.connected && c.dataset === 'mnist').map((c) => c.name);
      if (connected.length === names.size && connected.every((n) => names.has(n))) return;
      if (Date.now() - t0 > timeoutMs) {
        throw Object.assign(new Error(`clients did not settle within ${timeoutMs / 1000} s: connected ${connected.sort().join(', ')}; wanted ${[...names].sort().join(', ')}`), { code: 'CLIENTS_TIMEOUT' });
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
