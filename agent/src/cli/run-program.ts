import type { Command } from 'commander';
import { isOutpostError } from '@outpost/shared';

/**
 * Runs a commander program to its exit code: 0, the code a command set, commander's own for
 * usage errors (it already printed them), or 1 with `error: ...` on stderr for a failure
 * (an OutpostError described with its location and hint). Shared by `outpost` and
 * `outpost-agent`.
 */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) return e.exitCode ?? 2;
    const text = isOutpostError(err)
      ? err.describe()
      : err instanceof Error
        ? (err.stack ?? err.message)
        : String(err);
    process.stderr.write(`error: ${text}\n`);
    return 1;
  }
}
