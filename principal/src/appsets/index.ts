export type {
  ApplicationSet,
  ApplicationSetSpec,
  ApplicationTemplate,
  GeneratorEntry,
  GeneratorKind,
} from './application-set.ts';
export { GENERATOR_KINDS } from './application-set.ts';
export type {
  Application,
  ApplicationSource,
  ApplicationSpec,
  ClusterInfo,
  ClusterInventory,
  SyncPolicy,
} from './application.ts';
export { parseApplicationSets, validateApplicationSet } from './parse-application-set.ts';
export { resolveApplicationSet } from './resolve-application-set.ts';
export type { GeneratedParams, Resolution, ResolveOptions, ResolvePorts } from './resolve-application-set.ts';
export type { InvalidApplication } from './validate-applications.ts';
export type { GitFileGlobbing } from './generators/generator-context.ts';
export type { ParamSet } from './flatten.ts';
export { sanitizeName } from './sanitize-name.ts';
export { memoryGitSource, staticInventory } from './memory-ports.ts';
export { compileApplicationTemplate, renderApplication, RESOURCES_FINALIZER } from './render-application.ts';
export type { CompiledTemplate } from './render-application.ts';
