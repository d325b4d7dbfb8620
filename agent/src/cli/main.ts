#!/usr/bin/env node
/**
 * `outpost-agent`: the agent alone, the program the DaemonSet runs (bundled into
 * `agent/dist/outpost-agent.cjs` by scripts/build-agent.mjs). The same flags as
 * `outpost agent`, without the hub's code, so the spoke loads only what the agent needs.
 */
import { Command } from 'commander';
import { VERSION } from '@outpost/shared';
import { configureAgentCommand } from './agent-command.ts';
import { runProgram } from './run-program.ts';

const program = configureAgentCommand(new Command('outpost-agent'))
  .version(VERSION, '-v, --version', 'print the version')
  .showHelpAfterError();

// No top-level await: the bundle is CommonJS (see scripts/build-agent.mjs).
void runProgram(program, process.argv).then((code) => {
  process.exitCode = code;
});
