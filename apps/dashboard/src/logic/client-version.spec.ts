import { describe, expect, it } from 'vitest';
import { versionCell } from './client-version';

describe('versionCell', () => {
  it('shows the software version with the protocol in the tooltip', () => {
    expect(versionCell({ clientVersion: '0.1.0', protocolVersion: 4 })).toEqual({ text: '0.1.0', title: 'software 0.1.0, protocol 4 (at its last authentication)' });
  });

  it('falls back to the protocol version, then to unknown', () => {
    expect(versionCell({ clientVersion: null, protocolVersion: 4 }).text).toBe('protocol 4');
    expect(versionCell({ clientVersion: null, protocolVersion: null })).toEqual({ text: 'unknown', title: 'not seen since versions were recorded' });
  });
});
