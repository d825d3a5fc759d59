/**
 * @module rounds/suspect-screen
 * Which eligible clients an attempt may sample from, given the job's
 * suspects (jobs/suspects; docs/secure-aggregation.md "Screening suspects").
 * Adaptive group testing (Dorfman 1943; Xhemrishi et al., "FedGT", IEEE
 * JSAIT 2024) where each test is a whole secure attempt, so it aims at a
 * cohort that completes rather than at naming anyone:
 *
 * 1. No eligible suspect, or enough trusted clients (never suspected, or
 *    cleared) for a full cohort: only the trusted.
 * 2. Enough trusted for the minimum: the trusted; on a round's first attempt
 *    also half of each suspect group (binary splitting: a completed attempt
 *    clears its half, a refused one narrows the group), so honest suspects
 *    get back in. A retry uses the trusted only and completes unless one of
 *    them cheats.
 * 3. Fewer trusted than the minimum: the trusted, filled up to the minimum
 *    with the least suspicious suspects first: those of groups whose members
 *    were mostly suspected again later (the later refusal explains the
 *    earlier one), then of larger groups (one culprit among more members).
 *
 * The pool never drops below the minimum while enough clients are eligible,
 * so screening never makes a cohort smaller than the job allows; it only
 * changes who is in it.
 */
import { shuffleInPlace, type Rng } from '@fl/fl-core';
import type { Suspicion } from '../jobs/suspects';

export interface ScreenOptions {
  /** The smallest cohort the attempt may run with. */
  need: number;
  /** The cohort the attempt samples (clientsPerRound with over-selection). */
  size: number;
  /** The round's first attempt (tests half of each suspect group). */
  firstAttempt: boolean;
}

export interface Screened {
  /** The clients to sample from, trusted first. */
  pool: string[];
  /** Eligible suspects left out. */
  heldBack: number;
  /** Suspects let in. */
  tested: number;
}

export function screenSuspects(eligible: readonly string[], suspicion: Suspicion, o: ScreenOptions, rng: Rng): Screened {
  const isEligible = new Set(eligible);
  const groups = suspicion.groups.map((g) => ({ ratio: g.live.length / g.blamed, ids: g.live.filter((id) => isEligible.has(id)) })).filter((g) => g.ids.length > 0);
  const suspect = new Set(groups.flatMap((g) => g.ids));
  const trusted = eligible.filter((id) => !suspect.has(id));
  if (suspect.size === 0) return { pool: [...eligible], heldBack: 0, tested: 0 };
  const let_in = (ids: string[]): Screened => ({ pool: [...trusted, ...ids], heldBack: suspect.size - ids.length, tested: ids.length });
  if (trusted.length >= o.size) return let_in([]);
  if (trusted.length >= o.need) {
    if (!o.firstAttempt) return let_in([]);
    return let_in(
      groups.flatMap((g) => {
        const ids = [...g.ids];
        shuffleInPlace(ids, rng);
        return ids.slice(0, Math.floor(ids.length / 2));
      }),
    );
  }
  const ranked = groups.flatMap((g) => g.ids.map((id) => ({ id, ratio: g.ratio, size: g.ids.length })));
  shuffleInPlace(ranked, rng);
  ranked.sort((a, b) => a.ratio - b.ratio || b.size - a.size); // stable: ties stay shuffled
  return let_in(ranked.slice(0, o.need - trusted.length).map((r) => r.id));
}
