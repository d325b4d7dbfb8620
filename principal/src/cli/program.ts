import { Command } from 'commander';
import { VERSION } from '@outpost/shared';

/**
 * A command module adds itself to the program. Handlers return data and hand it to the
 * printer; only `main` writes to stdout and sets the exit code.
 */
export type CommandModule = (program: Command) => void;

export function buildProgram(modules: readonly CommandModule[]): Command {
  const program = new Command('outpost')
    .description('Outpost: pull-based GitOps for fleets of Kubernetes clusters at the edge')
    .version(VERSION, '-v, --version', 'print the version')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });
  for (const add of modules) add(program);
  return program;
}
