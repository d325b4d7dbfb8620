export { Hub } from './hub.ts';
export type { HubChange, HubState, HubStatus } from './hub.ts';
export { compileHubOptions } from './hub-options.ts';
export type { CompiledHubOptions, HubOptions } from './hub-options.ts';
export type { AppsetStatus, DesiredApp } from './desired-apps.ts';
export type { PipelineObserver } from './pipeline-observer.ts';
