#!/usr/bin/env node
/**
 * `outpost-agent`: the agent alone, the program the DaemonSet runs (bundled into
 * `agent/dist/outpost-agent.cjs` by scripts/build-agent.mjs). The same flags as
 * `outpost agent`, without the hub's code, so the spoke loads only what the agent needs.
 */
import { Command } from 'commander';
import { VERSION, isOutpostError } from '@outpost/shared';
import { configureAgentCommand } from './agent-command.ts';

async function main(argv: string[]): Promise<number> {
  const program = configureAgentCommand(new Command('outpost-agent'))
    .version(VERSION, '-v, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) return e.exitCode ?? 2;
    process.stderr.write(
      `error: ${isOutpostError(err) ? err.describe() : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 1;
  }
}

// No top-level await: the bundle is CommonJS (see scripts/build-agent.mjs).
void main(process.argv).then((code) => {
  process.exitCode = code;
});
