/**
 * @module partition/partition-spec
 * The `--partition` strings of the NIID-Bench settings (Li, Diao, Chen, He,
 * "Federated Learning on Non-IID Data Silos: An Experimental Study",
 * ICDE 2022, §IV-A):
 *
 * | spec | NIID-Bench name | split |
 * | --- | --- | --- |
 * | `iid` | homogeneous | a seeded permutation cut into n near-equal parts |
 * | `dir:β` | p_k ~ Dir(β) | label distribution skew, Dirichlet over parties per class |
 * | `labels:K` | #C = K | quantity-based label skew: each party holds K classes |
 * | `quantity:β` | q ~ Dir(β) | quantity skew: IID labels, Dirichlet party sizes |
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error';

export type PartitionSpec =
  | { kind: 'iid' }
  | { kind: 'dir'; beta: number }
  | { kind: 'labels'; k: number }
  | { kind: 'quantity'; beta: number };

export const PARTITION_USAGE = 'iid | dir:<β > 0> | labels:<K ≥ 1> | quantity:<β > 0>';

const NUMBER = /^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses `iid`, `dir:0.5`, `labels:2` or `quantity:0.5`.
 * @throws InvalidArgumentError naming the accepted forms.
 */
export function parsePartitionSpec(text: string): PartitionSpec {
  const s = typeof text === 'string' ? text.trim() : '';
  if (s === 'iid') return { kind: 'iid' };
  const m = /^(dir|labels|quantity):(.+)$/.exec(s);
  const value = m && NUMBER.test(m[2]) ? Number(m[2]) : NaN;
  if (m?.[1] === 'labels' && Number.isInteger(value) && value >= 1 && value <= 100_000) return { kind: 'labels', k: value };
  if ((m?.[1] === 'dir' || m?.[1] === 'quantity') && value > 0 && Number.isFinite(value)) return { kind: m[1], beta: value };
  throw new InvalidArgumentError('partition', [`${JSON.stringify(text)} is not a partition (expected ${PARTITION_USAGE})`]);
}

/** The canonical string of a spec (`parsePartitionSpec(formatPartitionSpec(s))` equals `s`). */
export function formatPartitionSpec(s: PartitionSpec): string {
  switch (s.kind) {
    case 'iid':
      return 'iid';
    case 'labels':
      return `labels:${s.k}`;
    default:
      return `${s.kind}:${s.beta}`;
  }
}
