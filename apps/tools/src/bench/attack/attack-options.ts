/**
 * @module bench/attack/attack-options
 * Command line of `bench attack`: which attacks and defences to run, rounds
 * and local epochs; `--quick` is the small run of `npm test`.
 */
import type { ParseArgsConfig } from 'node:util';
import { intOption, type OptionValues } from '../benchmark';
import { ATTACKS, DEFENCES, QUICK_ROWS, SECURE_ATTACKS, type AttackName, type DefenceName, type RowName } from './attack-jobs';

export interface AttackOptions {
  rounds: number;
  localEpochs: number;
  roundDeadlineSeconds: number;
  /** The attacked runs, in order (the clean run always comes first). */
  rows: RowName[];
  quick: boolean;
}

export const ATTACK_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  quick: { type: 'boolean', default: false },
  rounds: { type: 'string' },
  epochs: { type: 'string' },
  deadline: { type: 'string' },
  attacks: { type: 'string' },
  defences: { type: 'string' },
};

export const ATTACK_USAGE = `  --attacks A,B   of ${[...ATTACKS, ...SECURE_ATTACKS].join(', ')} (default: all)
  --defences D,E  of ${DEFENCES.join(', ')} (default: all; the secure
                  aggregation attacks always run against the default secure job)
  --rounds R      rounds per job (default 10; --quick 3)
  --epochs E      local epochs per round (default 2; --quick 1)
  --deadline S    round deadline in seconds (default 60)
  --quick         3 rounds of 1 epoch, clean run plus ${QUICK_ROWS.map((r) => `${r.attack}/${r.defence}`).join(', ')}`;

function list<T extends string>(raw: string | boolean | undefined, all: readonly T[], key: string): T[] {
  if (raw === undefined) return [...all];
  const names = String(raw).split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !(all as readonly string[]).includes(n));
  if (bad.length || !names.length) throw Object.assign(new Error(`--${key} takes a comma-separated list of ${all.join(', ')} (got "${String(raw)}")`), { code: 'USAGE' });
  return all.filter((n) => names.includes(n));
}

export function parseAttackOptions(values: OptionValues): AttackOptions {
  const quick = values.quick === true;
  const rounds = intOption(values, 'rounds', quick ? 3 : 10, 1, 1000);
  const localEpochs = intOption(values, 'epochs', quick ? 1 : 2, 1, 100);
  const roundDeadlineSeconds = intOption(values, 'deadline', 60, 5, 3600);
  if (quick && (values.attacks !== undefined || values.defences !== undefined)) throw Object.assign(new Error('--quick runs a fixed set of rows: drop --attacks / --defences'), { code: 'USAGE' });
  if (quick) return { rounds, localEpochs, roundDeadlineSeconds, rows: [...QUICK_ROWS], quick };
  const attacks = list<AttackName>(values.attacks, [...ATTACKS, ...SECURE_ATTACKS], 'attacks');
  const defences = list<DefenceName>(values.defences, DEFENCES, 'defences');
  const rows: RowName[] = [];
  for (const attack of attacks) {
    if ((SECURE_ATTACKS as readonly string[]).includes(attack)) rows.push({ attack, defence: 'secure' });
    else for (const defence of defences) rows.push({ attack, defence });
  }
  return { rounds, localEpochs, roundDeadlineSeconds, rows, quick };
}
