export { buildProgram } from './cli/program.ts';
export { FileStore, MemoryStore, StoreConflictError, getJson, putJson } from './store/index.ts';
export type { FileStoreOptions, Store, StoreBucket, StoreEntry } from './store/index.ts';
export * from './fleet/index.ts';
export * from './server/grpc/index.ts';
export type { Application, ClusterInfo, ClusterInventory } from './appsets/application.ts';
export * from './hub/index.ts';
export * from './registry/index.ts';
