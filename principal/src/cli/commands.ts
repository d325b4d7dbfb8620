import type { CommandModule } from './program.ts';

/** Every command of the `outpost` CLI, one module each. */
export const commandModules: readonly CommandModule[] = [];
