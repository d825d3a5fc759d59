import { ErrorCode, enrollmentTokenId } from '@fl/protocol';
import { EnrollmentTokensService } from './enrollment-tokens.service';
import { InMemoryEnrollmentTokensRepository } from '../persistence/in-memory-enrollment-tokens.repository';
import { hashSecret } from './token-secret';

describe(EnrollmentTokensService.name, () => {
  let repo: InMemoryEnrollmentTokensRepository;
  let s: EnrollmentTokensService;
  let now: number;
  const who = { name: 'site-a', dataset: 'mnist' };
  beforeEach(() => {
    repo = new InMemoryEnrollmentTokensRepository();
    s = new EnrollmentTokensService(repo, { maxExamplesPerClient: 500 });
    now = Date.parse('2026-01-01T00:00:00Z');
    s.now = () => new Date(now);
  });

  it('creates a token with documented defaults, shows the secret once and stores only its hash', async () => {
    const t = await s.create({});
    expect(t).toMatchObject({ maxUses: 1, uses: 0, maxExamples: 500, dataset: null, clientName: null, revokedAt: null, label: '', expiresAt: '2026-01-02T00:00:00.000Z' });
    expect(enrollmentTokenId(t.secret)).toBe(t.id);
    const stored = await repo.get(t.id);
    expect(stored?.secretHash).toBe(hashSecret(t.secret));
    expect(JSON.stringify(await repo.list())).not.toContain(t.secret.split('.')[1]);
    expect(JSON.stringify(await s.list())).not.toContain(t.secret.split('.')[1]);
  });

  it('redeems a single-use token once: TOKEN_USED after', async () => {
    const t = await s.create({ maxExamples: 42 });
    expect((await s.redeem(t.secret, who)).maxExamples).toBe(42);
    await expect(s.redeem(t.secret, who)).rejects.toMatchObject({ code: ErrorCode.TokenUsed });
  });

  it('lets exactly one of concurrent redeemers of a single-use token win', async () => {
    const t = await s.create({});
    const r = await Promise.allSettled(Array.from({ length: 10 }, () => s.redeem(t.secret, who)));
    expect(r.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(r.filter((x) => x.status === 'rejected').map((x) => (x as PromiseRejectedResult).reason.code)).toEqual(Array(9).fill(ErrorCode.TokenUsed));
  });

  it('refuses wrong secrets, unknown, revoked and expired tokens', async () => {
    const t = await s.create({ maxUses: 5 });
    const wrong = `${t.id}.${'A'.repeat(43)}`;
    await expect(s.redeem(wrong, who)).rejects.toMatchObject({ code: ErrorCode.EnrollmentRefused });
    await expect(s.redeem('garbage', who)).rejects.toMatchObject({ code: ErrorCode.EnrollmentRefused });
    await expect(s.redeem(`et_${'0'.repeat(32)}.${'A'.repeat(43)}`, who)).rejects.toMatchObject({ code: ErrorCode.EnrollmentRefused });
    now += 86_400_000;
    await expect(s.redeem(t.secret, who)).rejects.toMatchObject({ code: ErrorCode.TokenExpired });
    const u = await s.create({});
    expect((await s.revoke(u.id)).revokedAt).not.toBeNull();
    await expect(s.redeem(u.secret, who)).rejects.toMatchObject({ code: ErrorCode.EnrollmentRefused, message: expect.stringContaining('revoked') });
    await expect(s.revoke('et_nope')).rejects.toMatchObject({ status: 404 });
    expect((await repo.get(t.id))?.uses).toBe(0);
  });

  it('enforces dataset and client-name bindings without spending a use', async () => {
    const t = await s.create({ dataset: 'mnist', clientName: 'site-a' });
    await expect(s.redeem(t.secret, { ...who, dataset: 'cifar' })).rejects.toMatchObject({ code: ErrorCode.EnrollmentRefused, message: expect.stringContaining('dataset') });
    await expect(s.redeem(t.secret, { ...who, name: 'site-b' })).rejects.toMatchObject({ code: ErrorCode.EnrollmentRefused, message: expect.stringContaining('client') });
    expect((await s.redeem(t.secret, who)).uses).toBe(1);
  });
});
