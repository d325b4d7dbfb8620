import { agentCommand } from './agent-command.ts';
import { appsetCommand } from './appset-command.ts';
import { principalCommand } from './principal-command.ts';
import type { CommandModule } from './program.ts';

/** Every command of the `outpost` CLI, one module each. */
export const commandModules: readonly CommandModule[] = [principalCommand, appsetCommand, agentCommand];
