import { agentCommand } from '@outpost/agent';
import { appsetCommand } from './appset-command.ts';
import { appsetStoreCommand } from './appset-store-command.ts';
import { clusterCommand } from './cluster-command.ts';
import { demoCommand } from './demo-command.ts';
import { principalCommand } from './principal-command.ts';
import type { CommandModule } from './program.ts';
import { statusCommand } from './status-command.ts';

/** Every command of the `outpost` CLI, one module each. */
export const commandModules: readonly CommandModule[] = [
  principalCommand,
  appsetCommand,
  // after appsetCommand: adds apply|list|get|delete to its `appset` command
  appsetStoreCommand,
  agentCommand,
  clusterCommand,
  statusCommand,
  demoCommand,
];
