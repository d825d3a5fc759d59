/**
 * @module strategies/option-ranges
 * The valid range of every strategy option, in one place: the config
 * validator (`validateStrategyConfig`) and each strategy's constructor check
 * against it.
 */
import type { StrategyConfig } from '@fl/protocol';

export type StrategyOption = Exclude<keyof StrategyConfig, 'name'>;

/** [min, max, min included, max included]. */
type Range = readonly [number, number, boolean, boolean];

export const OPTION_RANGES: Readonly<Record<StrategyOption, Range>> = {
  serverLearningRate: [0, Infinity, false, false],
  proximalMu: [0, Infinity, true, false],
  momentum: [0, 1, true, false],
  beta1: [0, 1, true, false],
  beta2: [0, 1, true, false],
  tau: [0, Infinity, false, false],
  beta: [0, 0.5, true, false],
  f: [0, 1_000_000, true, true],
  m: [1, 1_000_000, true, true],
};

/** Options that must be integers. */
const INTEGER_OPTIONS: ReadonlySet<StrategyOption> = new Set<StrategyOption>(['f', 'm']);

function rangeText([lo, hi, loIn, hiIn]: Range): string {
  return `${loIn ? '[' : '('}${lo}, ${hi === Infinity ? '∞' : hi}${hiIn ? ']' : ')'}`;
}

/** The problem with `value` for option `key`, or null when it is in range. */
export function optionProblem(key: StrategyOption, value: unknown): string | null {
  const r = OPTION_RANGES[key];
  const [lo, hi, loIn, hiIn] = r;
  const integer = INTEGER_OPTIONS.has(key);
  const ok =
    typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value)) && (loIn ? value >= lo : value > lo) && (hiIn ? value <= hi : value < hi);
  return ok ? null : `${key} must be ${integer ? 'an integer' : 'a finite number'} in ${rangeText(r)} (got ${JSON.stringify(value)})`;
}

/** Problems with every option present in `options`. */
export function optionProblems(options: Partial<Record<StrategyOption, unknown>>): string[] {
  return (Object.keys(options) as StrategyOption[]).flatMap((k) => optionProblem(k, options[k]) ?? []);
}
