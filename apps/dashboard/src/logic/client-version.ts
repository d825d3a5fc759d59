/**
 * @module logic/client-version
 * How a client's software and protocol version (`ClientView.clientVersion`,
 * `protocolVersion`: what it registered with, docs/enrollment.md) read in
 * the Clients page's Version column.
 */
import type { ClientView } from '@fl/protocol';

export interface VersionCell {
  /** The cell's text: the software version, `protocol N` without one, `unknown` without either. */
  text: string;
  /** The tooltip, saying where the figures come from. */
  title: string;
}

export function versionCell(c: Pick<ClientView, 'clientVersion' | 'protocolVersion'>): VersionCell {
  const protocol = c.protocolVersion === null ? null : `protocol ${c.protocolVersion}`;
  if (c.clientVersion !== null) return { text: c.clientVersion, title: `software ${c.clientVersion}${protocol ? `, ${protocol}` : ''} (at its last authentication)` };
  if (protocol) return { text: protocol, title: `${protocol}; the client sent no software version` };
  return { text: 'unknown', title: 'not seen since versions were recorded' };
}
