/**
 * Coalesces reconcile requests: while a pass runs, further requests merge into one pending
 * pass (which repositories moved, or everything), so a burst of commits or cluster changes
 * costs at most one extra pass, and passes never overlap.
 */
export interface ReconcileRequest {
  /** Re-resolve every appset (cluster set or appset inputs changed). */
  all: boolean;
  /** Repositories (as written) that moved. */
  repos: Set<string>;
}

export class ReconcileTrigger {
  private pending: ReconcileRequest | undefined;
  private running: Promise<void> | undefined;
  private readonly pass: (request: ReconcileRequest) => Promise<void>;
  private readonly onError: (err: unknown) => void;

  constructor(pass: (request: ReconcileRequest) => Promise<void>, onError: (err: unknown) => void) {
    this.pass = pass;
    this.onError = onError;
  }

  /** Asks for a pass; resolves when a pass that includes this request finished. */
  request(change: { all?: boolean; repo?: string }): Promise<void> {
    const p = (this.pending ??= { all: false, repos: new Set() });
    if (change.all) p.all = true;
    if (change.repo) p.repos.add(change.repo);
    return this.drain();
  }

  /** Resolves when no pass is running or pending. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private drain(): Promise<void> {
    if (this.running) return this.running.then(() => (this.pending ? this.drain() : undefined));
    const run = (async () => {
      while (this.pending) {
        const req = this.pending;
        this.pending = undefined;
        try {
          await this.pass(req);
        } catch (err) {
          this.onError(err);
        }
      }
    })();
    this.running = run.finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
