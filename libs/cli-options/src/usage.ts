/**
 * @module usage
 * Usage rows generated from an option table, so `--help` never drifts from
 * what the parser accepts.
 */
import type { CliOption } from './option-table';

export interface UsageLayout {
  /** Width of the flag column (flag + metavar). */
  flagWidth: number;
  /** Width of the environment-variable column; 0 = name the variable on a line of its own below the help. */
  envWidth: number;
  /** Append `(default: …)` (`none` when empty or absent; booleans never). Default true. */
  showDefault?: boolean;
}

/** One row per option (continuation lines indented to the help column). */
export function usageRows(table: readonly CliOption[], layout: UsageLayout): string[] {
  const indent = ' '.repeat(2 + layout.flagWidth + layout.envWidth);
  return table.map((o) => {
    const flag = o.kind === 'boolean' ? o.flag : `${o.flag} ${o.metavar ?? '<v>'}`;
    const env = layout.envWidth > 0 ? (o.env ?? '').padEnd(layout.envWidth) : '';
    let help = o.help;
    if (layout.envWidth === 0 && o.env) help += `\nenv ${o.env}`;
    if (layout.showDefault !== false && o.kind !== 'boolean') help += ` (default: ${o.default === undefined || o.default === '' ? 'none' : o.default})`;
    const pad = flag.length >= layout.flagWidth ? `${flag} ` : flag.padEnd(layout.flagWidth);
    return `  ${pad}${env}${help.split('\n').join(`\n${indent}`)}`;
  });
}
