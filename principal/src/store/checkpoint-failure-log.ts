/**
 * Tells the operator about checkpoints that failed in the background. A checkpoint started
 * by the interval timer or by a byte limit has no caller to reject; its changes go back to
 * memory and stay in the log, and the next checkpoint retries them. That is safe, but a
 * disk that stays full or read-only would otherwise go unnoticed until memory runs out.
 *
 * While the failures repeat (a timer, or every put past the byte limit, retries at once), a
 * warning is logged at most once per interval, saying how many failures it stands for.
 */
import { LogFields, type Logger } from '@outpost/shared';

/** Field names of the store's log lines, beside the shared {@link LogFields}. */
export const StoreLogFields = {
  /** The store's data directory. */
  dataDir: 'dataDir',
  /** Failures since the previous line that were not logged on their own. */
  suppressed: 'suppressed',
} as const;

/** What the checkpointer reports: background failures, and every checkpoint that succeeds. */
export interface CheckpointOutcomes {
  /** A checkpoint that nobody awaited failed with `err`. */
  failed(err: unknown): void;
  /** A checkpoint (background or awaited) succeeded. */
  succeeded(): void;
}

/** Options of {@link CheckpointFailureLog}. */
export interface CheckpointFailureLogOptions {
  /** Where the lines go (the store's logger). */
  logger: Pick<Logger, 'warn' | 'info'>;
  /** The data directory, named in every line. */
  dataDir: string;
  /** The clock, in ms. Default `Date.now`. */
  now?: () => number;
  /** Least time between two warnings while failures repeat. Default 60 000 ms. */
  intervalMs?: number;
}

/**
 * Logs background checkpoint failures at `warn` (fields `err`, `dataDir`, `suppressed`), at
 * most once per `intervalMs`, and once at `info` when a checkpoint succeeds again.
 */
export class CheckpointFailureLog implements CheckpointOutcomes {
  private readonly logger: Pick<Logger, 'warn' | 'info'>;
  private readonly dataDir: string;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private lastWarnedAt: number | undefined;
  private suppressed = 0;
  private failing = false;

  constructor(options: CheckpointFailureLogOptions) {
    this.logger = options.logger;
    this.dataDir = options.dataDir;
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? 60_000;
  }

  failed(err: unknown): void {
    this.failing = true;
    const now = this.now();
    if (this.lastWarnedAt !== undefined && now - this.lastWarnedAt < this.intervalMs) {
      this.suppressed++;
      return;
    }
    this.logger.warn(
      {
        [LogFields.err]: err,
        [StoreLogFields.dataDir]: this.dataDir,
        [StoreLogFields.suppressed]: this.suppressed,
      },
      'background checkpoint failed; its changes stay in memory and in the log, the next checkpoint retries',
    );
    this.lastWarnedAt = now;
    this.suppressed = 0;
  }

  succeeded(): void {
    if (!this.failing) return;
    this.logger.info(
      { [StoreLogFields.dataDir]: this.dataDir, [StoreLogFields.suppressed]: this.suppressed },
      'checkpoints succeed again',
    );
    this.failing = false;
    this.lastWarnedAt = undefined;
    this.suppressed = 0;
  }
}

/** Outcomes nobody is told of (a store opened without a logger). */
export const ignoredOutcomes: CheckpointOutcomes = {
  failed: () => undefined,
  succeeded: () => undefined,
};
