import type { FsClient } from 'isomorphic-git';
import type { CompactionResult } from './pack-compaction.ts';
import type { PackReader } from './pack-reader.ts';
import type { RefSnapshot } from './revision.ts';

/**
 * How a repository's objects reach the local disk: fetched over smart HTTP into a bare
 * cache ({@link HttpMirror}), or read in place ({@link LocalRepo}).
 */
export interface RepoBackend {
  /** The git directory objects are read from. */
  readonly gitdir: string;
  /** The file system port to read it with. */
  readonly fs: FsClient;
  /** Brings the local copy up to date and returns its refs. Throws `GIT_FETCH_FAILED`. */
  sync(cache: object): Promise<RefSnapshot>;
  /**
   * Housekeeping after a sync, for copies this process owns: bounds the number of packs
   * (see `PackCompactor`). Answers what it changed, or undefined. Never called during a sync.
   */
  maintain?(packs: PackReader): Promise<CompactionResult | undefined>;
}
