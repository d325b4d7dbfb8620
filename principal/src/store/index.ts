export { StoreConflictError, getJson, putJson } from './store.ts';
export type { Store, StoreBucket, StoreEntry } from './store.ts';
export { FileStore, keyToFileName } from './file-store.ts';
export type { FileStoreOptions } from './file-store.ts';
export { MemoryStore } from './memory-store.ts';
