import { createRng, sampleCohort } from '@fl/fl-core';
import { RoundPhase, type RoundView } from '@fl/protocol';
import { NO_SUSPICION, suspicionOf, type Suspicion } from '../jobs/suspects';
import { newRoundView } from './round-view';
import { screenSuspects } from './suspect-screen';

const ids = (n: number, p = 'c') => Array.from({ length: n }, (_, i) => `${p}${i}`);
const group = (key: string, live: string[], blamed = live.length) => ({ key, round: 1, attempt: 1, code: 'SUM_OUT_OF_RANGE', blamed, live });
const susp = (groups: ReturnType<typeof group>[], cleared: string[] = []): Suspicion => ({ cleared: new Set(cleared), groups });

describe('screenSuspects', () => {
  const rng = () => createRng(7);

  it('no suspects: every eligible client, untouched', () => {
    const e = ids(5);
    expect(screenSuspects(e, NO_SUSPICION, { need: 3, size: 5, firstAttempt: true }, rng())).toEqual({ pool: e, heldBack: 0, tested: 0 });
    // suspects that are not eligible (offline) change nothing
    expect(screenSuspects(e, susp([group('1.1', ['x', 'y'])]), { need: 3, size: 5, firstAttempt: true }, rng()).pool).toEqual(e);
  });

  it('enough trusted clients for a full cohort: suspects are held back', () => {
    const e = [...ids(6), 's0', 's1'];
    const out = screenSuspects(e, susp([group('1.1', ['s0', 's1'])]), { need: 3, size: 6, firstAttempt: true }, rng());
    expect(out).toEqual({ pool: ids(6), heldBack: 2, tested: 0 });
  });

  it('enough trusted for the minimum: a first attempt also tests half of each group, a retry only the trusted', () => {
    const e = [...ids(4), ...ids(5, 'g'), ...ids(3, 'h')];
    const s = susp([group('1.1', ids(5, 'g')), group('1.2', ids(3, 'h'))]);
    const first = screenSuspects(e, s, { need: 3, size: 10, firstAttempt: true }, rng());
    expect(first.pool.slice(0, 4)).toEqual(ids(4));
    const tested = first.pool.slice(4);
    expect(tested.filter((id) => id.startsWith('g'))).toHaveLength(2); // ⌊5/2⌋
    expect(tested.filter((id) => id.startsWith('h'))).toHaveLength(1); // ⌊3/2⌋
    expect(first).toMatchObject({ heldBack: 5, tested: 3 });
    expect(screenSuspects(e, s, { need: 3, size: 10, firstAttempt: false }, rng())).toEqual({ pool: ids(4), heldBack: 8, tested: 0 });
  });

  it('fewer trusted than the minimum: filled to exactly the minimum, the explained group first, then the larger', () => {
    // 1.1 suspected 6, of whom 3 were suspected again in 1.2: 1.1's rest is the least suspicious.
    const s = susp([group('1.1', ['a', 'b', 'c'], 6), group('1.2', ['d', 'e', 'f'], 3)]);
    const out = screenSuspects(['a', 'b', 'c', 'd', 'e', 'f'], s, { need: 3, size: 6, firstAttempt: false }, rng());
    expect([...out.pool].sort()).toEqual(['a', 'b', 'c']);
    const sizes = susp([group('1.1', ['a', 'b']), group('1.2', ['c', 'd', 'e', 'f'])]);
    const out2 = screenSuspects(['t', 'a', 'b', 'c', 'd', 'e', 'f'], sizes, { need: 3, size: 7, firstAttempt: false }, rng());
    expect(out2.pool[0]).toBe('t');
    expect(out2.pool.slice(1).every((id) => 'cdef'.includes(id))).toBe(true);
    expect(out2).toMatchObject({ heldBack: 4, tested: 2 });
  });

  it('never below the minimum while enough clients are eligible, and deterministic for a seed', () => {
    const e = ids(10);
    const s = susp([group('1.1', ids(10))]);
    for (const need of [1, 3, 5, 10]) {
      const out = screenSuspects(e, s, { need, size: 10, firstAttempt: need % 2 === 0 }, rng());
      expect(out.pool).toHaveLength(need);
      expect(new Set(out.pool).size).toBe(need);
    }
    expect(screenSuspects(e, s, { need: 4, size: 10, firstAttempt: false }, createRng(3))).toEqual(screenSuspects(e, s, { need: 4, size: 10, firstAttempt: false }, createRng(3)));
  });
});

/**
 * The whole loop, as a job runs it: attempts recorded as round views, the
 * suspicion derived from them, the pool screened, the cohort sampled. The
 * attackers refuse every sum they are in ("always"), or only sums with an
 * untested member, behaving when among cleared clients ("cunning").
 */
function simulate(n: number, bad: number, seed: number, mode: 'always' | 'cunning', screen = true, rounds = 10, retries = 3) {
  const rng = createRng(seed);
  const all = ids(n);
  const attackers = new Set(sampleCohort(all, bad, rng));
  const history: RoundView[] = [];
  let cohortMin = Infinity;
  for (let round = 1; round <= rounds; round++) {
    let done = false;
    for (let a = 0; a <= retries && !done; a++) {
      const s = suspicionOf(history);
      const { pool } = screenSuspects(all, screen ? s : NO_SUSPICION, { need: 3, size: Math.ceil(10 * 1.3), firstAttempt: a === 0 }, createRng(seed * 1000 + round * 10 + a));
      const cohort = sampleCohort(pool, Math.ceil(10 * 1.3), rng);
      cohortMin = Math.min(cohortMin, cohort.length);
      const cheats = cohort.some((id) => attackers.has(id)) && (mode === 'always' || cohort.some((id) => !s.cleared.has(id)));
      const view = { ...newRoundView(round, a + 1, 0), cohort };
      if (cheats) history.push({ ...view, phase: RoundPhase.Failed, refusedSum: { code: 'SUM_OUT_OF_RANGE', contributors: cohort } });
      else {
        history.push({ ...view, phase: RoundPhase.Done, participants: cohort });
        done = true;
      }
    }
    if (!done) return { completed: false, cohortMin, attackers, history };
  }
  return { completed: true, cohortMin, attackers, history };
}

describe('screening in the round loop (simulated attempts, real suspicion and screen)', () => {
  it.each([
    [6, 1],
    [8, 1],
    [10, 2],
  ])('%i clients, %i always refusing: every job of 200 seeds completes its 10 rounds with 3 retries; cohorts never below 3', (n, bad) => {
    for (let seed = 1; seed <= 200; seed++) {
      const out = simulate(n, bad, seed, 'always');
      expect({ seed, completed: out.completed }).toEqual({ seed, completed: true });
      expect(out.cohortMin).toBeGreaterThanOrEqual(3);
      // No completed attempt ever contained an attacker (it always refuses).
      for (const r of out.history) if (r.phase === RoundPhase.Done) expect(r.participants.some((id) => out.attackers.has(id))).toBe(false);
    }
  });

  it('cunning attackers (behave among cleared clients) cost at most one refused attempt per round once trusted clients exist', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const out = simulate(10, 2, seed, 'cunning');
      expect(out.completed).toBe(true);
      const refusedAfterRound2 = out.history.filter((r) => r.round > 2 && r.phase === RoundPhase.Failed);
      const perRound = new Map<number, number>();
      for (const r of refusedAfterRound2) perRound.set(r.round, (perRound.get(r.round) ?? 0) + 1);
      for (const count of perRound.values()) expect(count).toBeLessThanOrEqual(1);
    }
  });

  it('without screening the same attackers fail every job (the simulation is not vacuous)', () => {
    for (let seed = 1; seed <= 50; seed++) expect(simulate(10, 2, seed, 'always', false).completed).toBe(false);
  });
});
