import { validateHello, validateRegister, validateRoundTask, validateSecAggRequest, validateSecAggSubmit, validateTaskWithdraw, validateUpdateChunk, validateUpdateCommit } from './validate';
import { PROTOCOL_VERSION } from './version';

describe('validateRegister', () => {
  const token = `et_${'a'.repeat(32)}.${'B'.repeat(43)}`;
  const good = { protocolVersion: PROTOCOL_VERSION, name: 'site-a', dataset: { name: 'mnist', numExamples: 10 }, backend: 'wasm', signingKey: Buffer.alloc(32), signature: Buffer.alloc(64), enrollmentToken: token };
  const errors = (v: unknown) => {
    const r = validateRegister(v);
    return r.ok ? [] : r.errors;
  };

  it('accepts a well-formed enrollment and a well-formed re-authentication', () => {
    expect(validateRegister(good)).toEqual({ ok: true, value: good });
    const { enrollmentToken: _, ...rest } = good;
    expect(validateRegister({ ...rest, clientId: 'c-1' }).ok).toBe(true);
  });

  it('passes another protocol version through with only its version checked (the coordinator refuses it with PROTOCOL_VERSION)', () => {
    const v1 = { protocolVersion: 1, name: 'old', dataset: { name: 'mnist', numExamples: 10 }, backend: 'wasm', clientId: 'c', sessionToken: 'f'.repeat(64) };
    expect(validateRegister(v1)).toEqual({ ok: true, value: v1 });
    expect(errors({ ...good, protocolVersion: 0 })).toEqual(['protocolVersion must be between 1 and 1000']);
  });

  it('lists every problem at once', () => {
    expect(errors({ ...good, protocolVersion: 'x', name: '', dataset: { name: 'm', numExamples: -1 }, backend: 'gpu' })).toHaveLength(4);
  });

  it('accepts an optional semantic clientVersion and refuses a too long or malformed one', () => {
    for (const v of ['0.1.0', '1.2.3-rc.1', '10.0.0+build.7']) expect(validateRegister({ ...good, clientVersion: v }).ok).toBe(true);
    expect(errors({ ...good, clientVersion: `1.0.0-${'a'.repeat(59)}` })).toEqual(['clientVersion must be at most 64 characters']);
    for (const bad of ['1.0', 'v1.0.0', '1.0.0 <script>', '1.0.0-', '']) expect(errors({ ...good, clientVersion: bad })).toHaveLength(1);
    expect(errors({ ...good, clientVersion: 'latest' })).toEqual(['clientVersion must be a semantic version (major.minor.patch, e.g. 0.1.0 or 1.2.3-rc.1)']);
    expect(errors({ ...good, clientVersion: 7 })).toEqual(['clientVersion must be a non-empty string']);
  });

  it('refuses neither or both of clientId and enrollmentToken', () => {
    const { enrollmentToken: _, ...none } = good;
    expect(errors(none)).toEqual(['clientId or enrollmentToken: exactly one must be given']);
    expect(errors({ ...good, clientId: 'c-1' })).toEqual(['clientId or enrollmentToken: exactly one must be given']);
  });

  it('refuses a malformed enrollment token', () => {
    for (const bad of ['', 'et_x.y', `${token}x`, 42, `et_${'A'.repeat(32)}.${'B'.repeat(43)}`]) expect(errors({ ...good, enrollmentToken: bad })[0]).toMatch(/^enrollmentToken must be an enrollment token/);
  });

  it('requires a 32-byte signing key and a 64-byte signature, as binary', () => {
    expect(errors({ ...good, signingKey: Buffer.alloc(31) })).toEqual(['signingKey must be 32 bytes of binary (an Ed25519 public key)']);
    expect(errors({ ...good, signingKey: 'AAAA' })).toEqual(['signingKey must be 32 bytes of binary (an Ed25519 public key)']);
    expect(errors({ ...good, signingKey: undefined })).toEqual(['signingKey must be 32 bytes of binary (an Ed25519 public key)']);
    expect(errors({ ...good, signature: Buffer.alloc(63) })).toEqual(['signature must be 64 bytes of binary (an Ed25519 signature over the challenge transcript)']);
    expect(errors({ ...good, signature: undefined })).toEqual(['signature must be 64 bytes of binary (an Ed25519 signature over the challenge transcript)']);
  });

  it('refuses a protocol-1 session token and an over-long client id', () => {
    expect(errors({ ...good, sessionToken: 'f'.repeat(64) })).toEqual(['sessionToken is no longer accepted (protocol 2 signs a fresh challenge instead)']);
    const { enrollmentToken: _, ...rest } = good;
    expect(errors({ ...rest, clientId: 'x'.repeat(65) })).toEqual(['clientId must be at most 64 characters']);
  });

  it('refuses non-objects', () => {
    expect(validateRegister(null)).toEqual({ ok: false, errors: ['payload must be an object'] });
    expect(validateRegister([1])).toEqual({ ok: false, errors: ['payload must be an object'] });
  });
});

describe('validateHello', () => {
  it('accepts only an empty object', () => {
    expect(validateHello({})).toEqual({ ok: true, value: {} });
    expect(validateHello({ challenge: 'mine' })).toEqual({ ok: false, errors: ['challenge is not allowed (client:hello takes an empty object)'] });
    expect(validateHello('x')).toEqual({ ok: false, errors: ['payload must be an object'] });
  });
});

describe('validateUpdateChunk', () => {
  it('refuses JSON number arrays in place of binary', () => {
    const r = validateUpdateChunk({ taskId: 't', index: 0, total: 1, totalBytes: 8, data: [1, 2] });
    expect(r).toEqual({ ok: false, errors: ['data must be binary (Buffer / Uint8Array)'] });
  });

  it('refuses chunks above the limit and indexes past the total', () => {
    const r = validateUpdateChunk({ taskId: 't', index: 2, total: 2, totalBytes: 8, data: new Uint8Array(16) }, 8);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join()).toMatch(/index must be below total.*data must be at most 8 bytes/);
  });
});

describe('validateUpdateCommit', () => {
  it('refuses NaN metrics and zero examples', () => {
    const r = validateUpdateCommit({
      taskId: 't', jobId: 'j', round: 1, attempt: 1, numExamples: 0, proximalMu: 0,
      metrics: { loss: NaN, accuracy: 0.5, examplesProcessed: 1, seconds: 1 },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(['numExamples must be between 1 and 9007199254740991', 'loss must be a finite number']);
  });

  const commit = { taskId: 't', jobId: 'j', round: 1, attempt: 1, numExamples: 5, proximalMu: 0, metrics: { loss: 1, accuracy: 0.5, examplesProcessed: 5, seconds: 1 } };

  it('accepts an update carried in the commit, up to maxChunkBytes', () => {
    expect(validateUpdateCommit({ ...commit, data: new Uint8Array(8) }, 8).ok).toBe(true);
    expect(validateUpdateCommit(commit, 8).ok).toBe(true);
  });

  it('refuses carried data that is not binary or larger than maxChunkBytes', () => {
    expect(validateUpdateCommit({ ...commit, data: [1, 2] })).toEqual({ ok: false, errors: ['data must be binary (Buffer / Uint8Array)'] });
    expect(validateUpdateCommit({ ...commit, data: new Uint8Array(9) }, 8)).toEqual({ ok: false, errors: ['data must be at most 8 bytes (got 9)'] });
  });

  it("carries a DP client's adaptive-clipping bit only as a boolean", () => {
    expect(validateUpdateCommit({ ...commit, unclipped: true }).ok).toBe(true);
    expect(validateUpdateCommit({ ...commit, unclipped: 1 })).toEqual({ ok: false, errors: ['unclipped must be a boolean'] });
  });
});

describe('validateRoundTask: privacy (adaptive clipping)', () => {
  const task = {
    taskId: 't1', kind: 'train', jobId: 'j', dataset: 'mnist', round: 1, attempt: 1, seed: 7, deadline: 1_700_000_000_000,
    model: { hash: 'a'.repeat(64), bytes: 16, chunkBytes: 16, chunks: 1, layout: [{ name: 'w', shape: [4] }], topology: null },
    hyper: { localEpochs: 1, batchSize: 32, learningRate: 0.1, proximalMu: 0 },
    secure: { threatModel: 'semi-honest', clip: 1, bits: 16, nMax: 3, weightCap: 10, vectorLength: 9 },
  };
  const privacy = { mode: 'distributed-ddg', clip: 0.1, noiseMultiplier: 1, epsilon: 2, delta: 1e-5, samplingRate: 0.1, cohort: 3, minContributors: 3, ddg: { seed: 'b'.repeat(64), dim: 8, scale: 10, beta: 0.5, localVariance: 4, bits: 16, countAmplitude: 3 } };
  it("accepts the round's clip norm and the count word's amplitude; refuses a clip above the limit and a bad amplitude", () => {
    expect(validateRoundTask({ ...task, privacy }).ok).toBe(true);
    const r = validateRoundTask({ ...task, privacy: { ...privacy, clip: 2e6, ddg: { ...privacy.ddg, countAmplitude: 0.5 } } });
    expect(r.ok).toBe(false);
    const errors = (r as { errors: string[] }).errors.join('; ');
    expect(errors).toMatch(/clip must be between 5e-324 and 1000000/);
    expect(errors).toMatch(/countAmplitude must be an integer/);
  });
});

describe('validateRoundTask', () => {
  const good = {
    taskId: 't1', kind: 'train', jobId: 'j', dataset: 'mnist', round: 1, attempt: 1, seed: 7, deadline: 1_700_000_000_000,
    model: { hash: 'a'.repeat(64), bytes: 40, chunkBytes: 40, chunks: 1, layout: [{ name: 'w', shape: [2, 3] }], topology: null },
    hyper: { localEpochs: 1, batchSize: 32, learningRate: 0.1, proximalMu: 0 },
  };

  it('accepts a well-formed task', () => {
    expect(validateRoundTask(good)).toEqual({ ok: true, value: good });
  });

  it('lists every problem of a malformed task', () => {
    const r = validateRoundTask({ ...good, kind: 'mine', round: 0, model: { ...good.model, hash: 'xyz', layout: [{ name: 'w' }] }, hyper: { ...good.hyper, learningRate: NaN } });
    expect(r).toEqual({
      ok: false,
      errors: [
        'kind must be one of train, evaluate',
        'round must be between 1 and 9007199254740991',
        'model.hash must be 64 lower-case hex digits',
        'model.layout must be a list of { name, shape }',
        'learningRate must be a finite number',
      ],
    });
  });
});

describe('validateRoundTask: optional optimiser settings', () => {
  const base = {
    taskId: 't1', kind: 'train', jobId: 'j', dataset: 'mnist', round: 1, attempt: 1, seed: 7, deadline: 1,
    model: { hash: 'a'.repeat(64), bytes: 40, chunkBytes: 40, chunks: 1, layout: [{ name: 'w', shape: [2, 3] }], topology: null },
    hyper: { localEpochs: 1, batchSize: 32, learningRate: 0.1, proximalMu: 0 },
  };

  it('accepts momentum in [0, 1) and a weight decay >= 0, or neither', () => {
    expect(validateRoundTask({ ...base, hyper: { ...base.hyper, momentum: 0.9, weightDecay: 1e-5 } }).ok).toBe(true);
    expect(validateRoundTask(base).ok).toBe(true);
  });

  it.each([
    [{ momentum: 1 }, /momentum must be/],
    [{ momentum: -0.5 }, /momentum must be/],
    [{ weightDecay: -1 }, /weightDecay must be/],
    [{ weightDecay: 'x' }, /weightDecay must be/],
  ])('refuses %j', (bad, message) => {
    const r = validateRoundTask({ ...base, hyper: { ...base.hyper, ...bad } });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors).toEqual([expect.stringMatching(message)]);
  });
});

describe('validateRoundTask: secure params', () => {
  const base = {
    taskId: 't1', kind: 'train', jobId: 'j', dataset: 'mnist', round: 1, attempt: 1, seed: 7, deadline: 1,
    model: { hash: 'a'.repeat(64), bytes: 40, chunkBytes: 40, chunks: 1, layout: [{ name: 'w', shape: [2, 3] }], topology: null },
    hyper: { localEpochs: 1, batchSize: 32, learningRate: 0.1, proximalMu: 0 },
  };
  const secure = { threatModel: 'active', clip: 1, bits: 28, nMax: 10, weightCap: 600, vectorLength: 7 };

  it('accepts sound quantisation parameters', () => {
    expect(validateRoundTask({ ...base, secure }).ok).toBe(true);
  });

  it('refuses bits that overflow Z_2^32 for the cohort size, a bad clip and a secure evaluate task', () => {
    const r = validateRoundTask({ ...base, kind: 'evaluate', secure: { ...secure, bits: 30, clip: -1 } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain('secure.bits overflow: nMax·(2^bits − 1) must stay below 2^32');
      expect(r.errors.some((e) => e.startsWith('clip '))).toBe(true);
      expect(r.errors).toContain('secure only train tasks are secure');
    }
  });
});

describe('secure aggregation envelopes', () => {
  const metrics = { loss: 0.1, accuracy: 0.5, examplesProcessed: 10, seconds: 1 };
  const message = Buffer.from('SAW1');

  it('accepts a stage message and a masked-input submission with metrics', () => {
    expect(validateSecAggSubmit({ taskId: 't', stage: 'share-keys', message }).ok).toBe(true);
    expect(validateSecAggSubmit({ taskId: 't', stage: 'masked-input', message, numExamples: 3, metrics, clipFraction: 0 }).ok).toBe(true);
    expect(validateSecAggRequest({ taskId: 't', stage: 'unmask', message }).ok).toBe(true);
    // A complaint goes at masked-input without them (the coordinator requires them of a masked input).
    expect(validateSecAggSubmit({ taskId: 't', stage: 'masked-input', message }).ok).toBe(true);
  });

  it('refuses an unknown stage, a non-binary message, missing metrics and metrics outside masked-input', () => {
    const refused = (...errors: string[]) => ({ ok: false, errors });
    expect(validateSecAggSubmit({ taskId: 't', stage: 'steal-keys', message })).toEqual(refused('stage must be one of advertise-keys, share-keys, masked-input, consistency-check, unmask'));
    expect(validateSecAggSubmit({ taskId: 't', stage: 'share-keys', message: { runId: 'r' } })).toEqual(refused('message must be binary (Buffer / Uint8Array)'));
    expect(validateSecAggSubmit({ taskId: 't', stage: 'share-keys', message, numExamples: 3, metrics })).toEqual(refused('numExamples and metrics belong to the masked-input stage only'));
    expect(validateSecAggSubmit({ taskId: 't', stage: 'masked-input', message, clipFraction: 0 })).toEqual(refused('numExamples must be an integer', 'metrics must be an object'));
    expect(validateSecAggSubmit({ taskId: 't', stage: 'masked-input', message, numExamples: 3 })).toEqual(refused('metrics must be an object'));
    expect(validateSecAggSubmit({ taskId: 't', stage: 'masked-input', message, numExamples: 3, metrics, clipFraction: 2 })).toEqual(refused('clipFraction must be between 0 and 1'));
  });
});

describe('validateTaskWithdraw', () => {
  it('takes a task id, a policy refusal code and a reason; refuses anything else', () => {
    const ok = { taskId: 't1', code: 'POLICY_THRESHOLD_TOO_LOW', reason: 'policy: threshold t = 3; at least 4 required' };
    expect(validateTaskWithdraw(ok)).toEqual({ ok: true, value: ok });
    expect(validateTaskWithdraw({ ...ok, code: 'DECLINED' }).ok).toBe(false);
    expect(validateTaskWithdraw({ ...ok, code: 'SECAGG_MISBEHAVED' }).ok).toBe(false);
    expect(validateTaskWithdraw({ ...ok, taskId: 'x'.repeat(65) }).ok).toBe(false);
    expect(validateTaskWithdraw({ ...ok, reason: 'x'.repeat(501) }).ok).toBe(false);
    expect(validateTaskWithdraw({ taskId: 't1', code: 'POLICY_THRESHOLD_TOO_LOW' }).ok).toBe(false);
    expect(validateTaskWithdraw(null)).toEqual({ ok: false, errors: ['payload must be an object'] });
  });

  it('takes the training failure codes (NON_FINITE, INVALID_DATA, INVALID_MODEL, WRONG_SHAPE), not the client\'s own deadline or cancellation', () => {
    for (const code of ['NON_FINITE', 'INVALID_DATA', 'INVALID_MODEL', 'WRONG_SHAPE']) expect(validateTaskWithdraw({ taskId: 't1', code, reason: 'r' }).ok).toBe(true);
    for (const code of ['DEADLINE_PASSED', 'ABORTED', 'CANCELLED', 'INTERNAL']) {
      const r = validateTaskWithdraw({ taskId: 't1', code, reason: 'r' });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.errors.join(' ')).toMatch(/^code must be one of POLICY_.*NON_FINITE/);
    }
  });
});
