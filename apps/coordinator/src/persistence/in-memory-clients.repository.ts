/**
 * @module persistence/in-memory-clients.repository
 * {@link ClientsRepository} in a Map (unit tests and `--db memory`).
 */
import type { ClientsRepository, StoredClient } from './clients.repository';

export class InMemoryClientsRepository implements ClientsRepository {
  private readonly clients = new Map<string, StoredClient>();

  async list(): Promise<StoredClient[]> {
    return [...this.clients.values()];
  }

  async save(client: StoredClient): Promise<void> {
    this.clients.set(client.id, { ...client });
  }
}
