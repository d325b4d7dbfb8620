#!/usr/bin/env node
import { isOutpostError } from '@outpost/shared';
import { buildProgram } from './program.ts';
import { commandModules } from './commands.ts';

async function main(argv: string[]): Promise<number> {
  const program = buildProgram(commandModules);
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) return e.exitCode ?? 2;
    if (isOutpostError(err)) {
      process.stderr.write(`error: ${err.describe()}\n`);
      return 1;
    }
    process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
