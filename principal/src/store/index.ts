export { StoreConflictError, getJson, putJson } from './store.ts';
export type { Store, StoreBucket, StoreEntry } from './store.ts';
export { FileStore } from './file-store.ts';
export { keyToFileName } from './data-dir.ts';
export type { FileStoreOptions } from './file-store.ts';
export { MemoryStore } from './memory-store.ts';
