import { InMemoryApiTokensRepository } from '../persistence/in-memory-api-tokens.repository';
import { InMemoryAuditLogRepository } from '../persistence/in-memory-audit-log.repository';
import type { StoredApiToken } from '../persistence/api-tokens.repository';
import { CredentialsService } from './credentials.service';
import { hashSecret, newSessionId, newTokenSecret } from './token-secret';

describe(CredentialsService.name, () => {
  const setup = async (over: Partial<StoredApiToken> = {}) => {
    const repo = new InMemoryApiTokensRepository(new InMemoryAuditLogRepository());
    const s = newTokenSecret();
    await repo.create({ id: s.id, name: 'ops', role: 'operator', secretHash: s.hash, createdAt: new Date(), expiresAt: null, revokedAt: null, lastUsedAt: null, createdBy: null, ...over });
    return { repo, s, svc: new CredentialsService(repo) };
  };

  it('accepts the right secret and records its use', async () => {
    const { repo, s, svc } = await setup();
    expect(await svc.bearer(s.secret)).toEqual({ tokenId: s.id, name: 'ops', role: 'operator', via: 'bearer' });
    expect((await repo.get(s.id))!.lastUsedAt).not.toBeNull();
  });

  it('refuses a wrong secret under a real id, a malformed one, an expired and a revoked token', async () => {
    const { s, svc } = await setup();
    expect(await svc.bearer(`flt_${s.id}_${'A'.repeat(43)}`)).toBeNull();
    expect(await svc.bearer(s.secret.slice(0, -1))).toBeNull();
    expect(await svc.bearer('')).toBeNull();
    const expired = await setup({ expiresAt: new Date(Date.now() - 1) });
    expect(await expired.svc.bearer(expired.s.secret)).toBeNull();
    const revoked = await setup({ revokedAt: new Date() });
    expect(await revoked.svc.bearer(revoked.s.secret)).toBeNull();
  });

  it('accepts a live session of an active token only', async () => {
    // Prepare
    const { repo, s, svc } = await setup();
    const id = newSessionId();
    const old = newSessionId();
    const now = Date.now();
    await repo.createSession({ idHash: hashSecret(id), tokenId: s.id, createdAt: new Date(now), expiresAt: new Date(now + 60_000) });
    await repo.createSession({ idHash: hashSecret(old), tokenId: s.id, createdAt: new Date(now), expiresAt: new Date(now - 1) });
    // Execute / Assert
    expect(await svc.session(id)).toMatchObject({ tokenId: s.id, via: 'session' });
    expect(await svc.session(old)).toBeNull();
    expect(await svc.session('short')).toBeNull();
    await repo.create({ ...(await repo.get(s.id))!, id: 'admin2', role: 'admin' });
    await repo.revoke(s.id, new Date());
    expect(await svc.session(id)).toBeNull();
  });
});
