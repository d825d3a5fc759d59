/**
 * @module version
 * The edge client's software version, from its `package.json` (the same file
 * from `src/` and `dist/`). Sent at registration (`RegisterRequest.clientVersion`,
 * docs/enrollment.md) so admins see which build each client runs; a version
 * the protocol would refuse is not sent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_VERSION_PATTERN, MAX_CLIENT_VERSION_LENGTH } from '@fl/protocol';

function readVersion(): string | undefined {
  const v: unknown = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown }).version;
  return typeof v === 'string' && v.length <= MAX_CLIENT_VERSION_LENGTH && CLIENT_VERSION_PATTERN.test(v) ? v : undefined;
}

export const CLIENT_VERSION: string | undefined = readVersion();
