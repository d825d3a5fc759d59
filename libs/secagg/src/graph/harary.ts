/**
 * @module graph/harary
 * The SecAgg+ communication graph (Bell et al., CCS 2020, §3): a k-regular
 * Harary graph H_{k,n} — the circulant graph linking each position of a ring
 * to the k/2 positions on either side — laid over a uniformly random
 * permutation of the cohort. k = n − 1 is the complete graph (Bonawitz et al.).
 *
 * The permutation is derived from a 32-byte `graphSeed` the coordinator draws
 * with a CSPRNG once the cohort is fixed: ring order = participants sorted by
 * SHA-512(label ‖ seed ‖ id). Every side recomputes it, so a client can check
 * its neighbourhood. A server that *chooses* neighbourhoods adversarially is
 * outside this construction (see README, threat model).
 */
import { Label } from '../constants';
import { labelledHash, naclSha512, type Sha512 } from '../crypto/kdf';

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Participants in the seed-derived random ring order (`sha512`: any byte-identical SHA-512, e.g. the backend's). */
export function ringOrder(participants: readonly string[], graphSeed: Uint8Array, sha512: Sha512 = naclSha512): string[] {
  const keyed = participants.map((id) => ({ id, h: labelledHash(Label.GraphOrder, [graphSeed, id], sha512) }));
  keyed.sort((a, b) => compareBytes(a.h, b.h) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((e) => e.id);
}

/**
 * Open neighbourhood N(u) of every participant, each list in canonical
 * (participants) order. `k` is even with k < n − 1, or k = n − 1 (complete).
 */
export function neighbourhoods(participants: readonly string[], k: number, graphSeed: Uint8Array, sha512: Sha512 = naclSha512): Record<string, string[]> {
  const n = participants.length;
  const rank = new Map(participants.map((id, i) => [id, i] as const));
  const byRank = (a: string, b: string): number => rank.get(a)! - rank.get(b)!;
  const out: Record<string, string[]> = {};
  if (k === n - 1) {
    for (const u of participants) out[u] = participants.filter((v) => v !== u);
    return out;
  }
  const ring = ringOrder(participants, graphSeed, sha512);
  const half = k / 2;
  ring.forEach((u, i) => {
    const nb: string[] = [];
    for (let j = 1; j <= half; j++) nb.push(ring[(i + j) % n], ring[(i - j + n) % n]);
    out[u] = nb.sort(byRank);
  });
  return out;
}

/** N(u) of one participant (cheaper than all neighbourhoods for a client). */
export function neighbourhoodOf(participants: readonly string[], k: number, graphSeed: Uint8Array, id: string, sha512: Sha512 = naclSha512): string[] {
  const n = participants.length;
  if (k === n - 1) return participants.filter((v) => v !== id);
  const ring = ringOrder(participants, graphSeed, sha512);
  const i = ring.indexOf(id);
  if (i < 0) return [];
  const mine = new Set<string>();
  for (let j = 1; j <= k / 2; j++) mine.add(ring[(i + j) % n]).add(ring[(i - j + n) % n]);
  return participants.filter((v) => mine.has(v));
}

/** 1-based canonical index of each participant: its Shamir evaluation point. */
export function canonicalIndex(participants: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  participants.forEach((id, i) => (out[id] = i + 1));
  return out;
}
