/**
 * @module proc/run-main
 * Entry-point wrapper shared by `demo` and `bench`: runs `main`, exits 0 on
 * success, and on failure prints `<tool>: <code>: <message>` (plus the usage
 * text for a USAGE error) to stderr and exits 1.
 */
export function runMain(tool: string, usage: () => string, main: (argv: string[]) => Promise<void>): void {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e: unknown) => {
      const code = (e as { code?: string })?.code ?? 'ERROR';
      process.stderr.write(`${tool}: ${code}: ${(e as Error)?.message ?? String(e)}\n`);
      if (code === 'USAGE') process.stderr.write('\n' + usage() + '\n');
      process.exit(1);
    },
  );
}
