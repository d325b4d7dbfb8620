/**
 * The ApplicationSets the hub keeps in its store (applied through the API or synced from
 * Git), read once per reconcile pass. A failed read must never look like "no appsets": the
 * fleet would then prune every stored appset's apps from every cluster. So the last good
 * read stands in (with the error surfaced), and before any good read the pass is refused.
 */
import { ErrorCodes, LogFields, OutpostError, type Logger } from '@outpost/shared';
import type { StoredAppSet } from '../registry/appset-store.ts';

/** A read of the stored appsets: the set to use, and the error when it is a stand-in. */
export interface StoredAppsetsRead {
  appsets: readonly StoredAppSet[];
  /** Why the store could not be read (the appsets are then those of the last good read). */
  error?: string;
}

export class StoredAppsets {
  private readonly list: () => Promise<StoredAppSet[]>;
  private readonly logger: Logger;
  private lastGood: readonly StoredAppSet[] | undefined;

  constructor(list: () => Promise<StoredAppSet[]>, logger: Logger) {
    this.list = list;
    this.logger = logger;
  }

  /**
   * Reads the stored appsets; when the store fails, returns the last good read with the error.
   * @throws OutpostError STORE_FAILED when the store fails and nothing was ever read: the pass
   * must not go on as if there were no stored appsets.
   */
  async read(): Promise<StoredAppsetsRead> {
    try {
      const appsets = await this.list();
      this.lastGood = appsets;
      return { appsets };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (this.lastGood === undefined) {
        throw new OutpostError(
          ErrorCodes.STORE_FAILED,
          `stored ApplicationSets cannot be read and none were read before, so the fleet is left as it is: ${reason}`,
          { hint: 'check the store (the data dir or NATS); the next pass retries', cause: err },
        );
      }
      const error = `stored ApplicationSets cannot be read; keeping the ${this.lastGood.length} read last: ${reason}`;
      this.logger.error({ [LogFields.err]: err, kept: this.lastGood.length }, error);
      return { appsets: this.lastGood, error };
    }
  }
}
