import { Backend, type RoundTask } from '@fl/protocol';
import type { ModelWeights } from '@fl/fl-core';
import type { LocalTrainer, TrainOutcome } from '../trainers/local-trainer';
import { AttackTrainer } from './attack-trainer';
import { ATTACK_CHOICES, createAttack } from './attacks';
import { HUGE_CLAIM } from './update-attacks';

const layout = [{ name: 'w', shape: [4] }] as ModelWeights['layout'];
const global: ModelWeights = { layout, data: Float32Array.of(1, 1, 1, 1) };
const task = { seed: 3, hyper: { proximalMu: 0 }, secure: { bits: 28, nMax: 10 } } as unknown as RoundTask;

/** An honest trainer that moves every weight by +0.5 and counts its calls. */
function honest(): LocalTrainer & { calls: number } {
  return {
    calls: 0,
    backend: Backend.Cpu,
    dataset: { name: 'mnist', numExamples: 40 },
    async train(_t, g): Promise<TrainOutcome> {
      this.calls++;
      return { weights: { layout, data: g.data.map((v) => v + 0.5) }, numExamples: 40, metrics: { loss: 1, accuracy: 0.5, examplesProcessed: 40, seconds: 1 }, proximalMu: 0 };
    },
    async evaluate() {
      return { numExamples: 40, loss: 1, accuracy: 0.5 };
    },
    dispose() {},
  };
}

describe(AttackTrainer.name, () => {
  const signal = new AbortController().signal;

  it('sign flip trains honestly and returns x_t − 10·Δ', async () => {
    const inner = honest();
    const out = await new AttackTrainer(inner, createAttack('sign-flip')).train(task, global, signal);
    expect(inner.calls).toBe(1);
    expect(Array.from(out.weights.data)).toEqual([-4, -4, -4, -4]);
    expect(out.numExamples).toBe(40);
    expect(out.serialized).toBeUndefined();
  });

  it('huge skips training, sends 1e30 everywhere and claims 2^53 − 1 examples, also at registration', async () => {
    const inner = honest();
    const t = new AttackTrainer(inner, createAttack('huge'));
    const out = await t.train(task, global, signal);
    expect(inner.calls).toBe(0);
    expect(out.weights.data.every((v) => v === Math.fround(1e30))).toBe(true);
    expect(out.numExamples).toBe(HUGE_CLAIM);
    expect(t.dataset).toEqual({ name: 'mnist', numExamples: HUGE_CLAIM });
  });

  it('noise skips training and sends x_t plus noise', async () => {
    const inner = honest();
    const out = await new AttackTrainer(inner, createAttack('noise')).train(task, global, signal);
    expect(inner.calls).toBe(0);
    expect(Array.from(out.weights.data)).not.toEqual([1, 1, 1, 1]);
  });

  it('label flip and the ring attacks leave the trained update alone; evaluation stays honest', async () => {
    for (const name of ['label-flip', 'weight-wrap', 'coordinate-wrap'] as const) {
      const t = new AttackTrainer(honest(), createAttack(name));
      expect(Array.from((await t.train(task, global, signal)).weights.data)).toEqual([1.5, 1.5, 1.5, 1.5]);
      expect(await t.evaluate(task, global)).toEqual({ numExamples: 40, loss: 1, accuracy: 0.5 });
      expect(t.dataset.numExamples).toBe(40);
    }
  });

  it('each attack changes exactly one thing: data, update or ring words', () => {
    const what = ATTACK_CHOICES.map((n) => {
      const a = createAttack(n);
      return [n, [a.prepareData && 'data', a.poison && 'update', a.secureWords && 'words'].filter(Boolean).join()];
    });
    expect(Object.fromEntries(what)).toEqual({ 'sign-flip': 'update', huge: 'update', noise: 'update', 'label-flip': 'data', 'weight-wrap': 'words', 'coordinate-wrap': 'words', unclipped: 'words' });
    const honestWords = Uint32Array.of(5, 5, 7);
    expect(createAttack('weight-wrap').secureWords!(honestWords, { ...task, secure: undefined } as unknown as RoundTask)).toBe(honestWords); // plain task: nothing to choose
    expect(Array.from(createAttack('weight-wrap').secureWords!(honestWords, task))).not.toEqual([5, 5, 7]);
  });
});
