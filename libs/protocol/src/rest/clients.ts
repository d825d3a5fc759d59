/**
 * @module rest/clients
 * REST shape of an enrolled edge client (`/api/clients`).
 */
import type { Backend } from '../enums';

export interface ClientView {
  id: string;
  name: string;
  dataset: string;
  numExamples: number;
  backend: Backend;
  /** Whether the client enrolled with an Ed25519 signing key (needed for secure jobs, active model). */
  hasSigningKey: boolean;
  connected: boolean;
  /** Task the client is working on, if any. */
  currentTaskId: string | null;
  registeredAt: string;
  lastSeenAt: string;
}
