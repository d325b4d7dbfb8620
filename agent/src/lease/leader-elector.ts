import { sleep } from '@outpost/shared';
import type { Logger } from '@outpost/shared';
import type { KubeObject } from '../state/desired-state.ts';
import type { KubeClient } from '../kube/kube-client.ts';
import { KubeApiError } from '../kube/kube-api-error.ts';

/** Options of {@link LeaderElector}. */
export interface LeaderElectorOptions {
  /** Namespace and name of the `coordination.k8s.io/v1` Lease. */
  namespace: string;
  name: string;
  /** This candidate's identity (the pod name). */
  identity: string;
  /** How long a lease is valid without renewal. Default 15 000 ms; standbys take over after it. */
  leaseDurationMs?: number;
  /** How often to try to acquire or renew. Default leaseDuration / 5. */
  retryPeriodMs?: number;
  /** A leader that could not renew for this long steps down. Default 2/3 of the lease duration. */
  renewDeadlineMs?: number;
}

/** The elector's view, for /readyz and status. */
export interface LeaderStatus {
  role: 'candidate' | 'leader' | 'standby';
  holder: string;
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/**
 * Leader election between the agent pods of one cluster with a Lease, the way client-go
 * does it: the holder renews every retry period; a candidate takes the lease over when it
 * has not changed for a whole lease duration as observed by the candidate's own clock
 * (so clock skew between nodes does not matter); every write carries the resourceVersion
 * it read, so two candidates cannot both win. A leader that fails to renew within the
 * renew deadline stops leading before anyone else may start.
 */
export class LeaderElector {
  private readonly kube: KubeClient;
  private readonly log: Logger;
  private readonly o: Required<LeaderElectorOptions>;
  private observed: { record: string; at: number } | undefined;
  private snapshot: LeaderStatus = { role: 'candidate', holder: '' };

  constructor(kube: KubeClient, options: LeaderElectorOptions, log: Logger) {
    const leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.o = {
      ...options,
      leaseDurationMs,
      retryPeriodMs: options.retryPeriodMs ?? Math.max(100, Math.floor(leaseDurationMs / 5)),
      renewDeadlineMs: options.renewDeadlineMs ?? Math.floor((leaseDurationMs * 2) / 3),
    };
    this.kube = kube;
    this.log = log;
  }

  /** The elector's current view. */
  status(): LeaderStatus {
    return { ...this.snapshot };
  }

  /**
   * Campaigns until `signal` aborts. Each time this candidate wins, `lead(leaderSignal)` runs;
   * `leaderSignal` aborts when leadership is lost. On abort the lease is released so a
   * standby takes over at once.
   */
  async run(signal: AbortSignal, lead: (leaderSignal: AbortSignal) => Promise<void>): Promise<void> {
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew()) {
        this.snapshot = { role: 'leader', holder: this.o.identity };
        this.log.info({ lease: this.o.name }, 'became leader');
        const leadership = new AbortController();
        const onAbort = () => leadership.abort(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        const leading = lead(leadership.signal).catch((err) => {
          this.log.error({ err: (err as Error).message }, 'leader work failed; stepping down');
          leadership.abort(err);
        });
        await this.renewLoop(leadership.signal);
        leadership.abort(new Error('lost leadership'));
        signal.removeEventListener('abort', onAbort);
        await leading;
        if (signal.aborted) await this.release();
        this.snapshot = { role: 'candidate', holder: '' };
        this.log.info({ lease: this.o.name }, 'stopped leading');
      } else {
        await sleep(this.o.retryPeriodMs, signal).catch(() => undefined);
      }
    }
  }

  private async renewLoop(leadership: AbortSignal): Promise<void> {
    let lastRenew = Date.now();
    while (!leadership.aborted) {
      await sleep(this.o.retryPeriodMs, leadership).catch(() => undefined);
      if (leadership.aborted) return;
      if (await this.tryAcquireOrRenew()) lastRenew = Date.now();
      else if (this.snapshot.holder !== this.o.identity || Date.now() - lastRenew > this.o.renewDeadlineMs)
        return;
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    const ref = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      namespace: this.o.namespace,
      name: this.o.name,
    };
    try {
      const lease = await this.kube.get(ref);
      const durationSeconds = Math.max(1, Math.ceil(this.o.leaseDurationMs / 1000));
      if (!lease) {
        await this.kube.create(
          {
            ...ref,
            metadata: { name: this.o.name, namespace: this.o.namespace },
            spec: this.spec(now, durationSeconds, undefined),
          },
          'outpost',
        );
        this.snapshot = { role: 'leader', holder: this.o.identity };
        return true;
      }
      const spec = (lease.spec ?? {}) as LeaseSpec;
      const record = JSON.stringify([spec.holderIdentity, spec.renewTime, spec.leaseTransitions]);
      if (!this.observed || this.observed.record !== record) this.observed = { record, at: Date.now() };
      const holder = spec.holderIdentity ?? '';
      const expired =
        !holder || Date.now() - this.observed.at > (spec.leaseDurationSeconds ?? durationSeconds) * 1000;
      if (holder !== this.o.identity && !expired) {
        this.snapshot = { role: 'standby', holder };
        return false;
      }
      const next: KubeObject = {
        ...lease,
        spec: this.spec(
          now,
          durationSeconds,
          holder === this.o.identity ? spec : { ...spec, holderIdentity: holder },
        ),
      };
      await this.kube.update(next, 'outpost');
      if (holder !== this.o.identity) this.log.info({ previous: holder }, 'took over the lease');
      this.snapshot = { role: 'leader', holder: this.o.identity };
      return true;
    } catch (err) {
      if (!(err instanceof KubeApiError && err.status === 409))
        this.log.warn({ err: (err as Error).message }, 'lease update failed');
      return false;
    }
  }

  private spec(now: Date, durationSeconds: number, previous: LeaseSpec | undefined): LeaseSpec {
    const mine = previous?.holderIdentity === this.o.identity;
    return {
      holderIdentity: this.o.identity,
      leaseDurationSeconds: durationSeconds,
      acquireTime: mine && previous?.acquireTime ? previous.acquireTime : microTime(now),
      renewTime: microTime(now),
      leaseTransitions: (previous?.leaseTransitions ?? 0) + (mine || !previous ? 0 : 1),
    };
  }

  private async release(): Promise<void> {
    const ref = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      namespace: this.o.namespace,
      name: this.o.name,
    };
    try {
      const lease = await this.kube.get(ref);
      const spec = (lease?.spec ?? {}) as LeaseSpec;
      if (!lease || spec.holderIdentity !== this.o.identity) return;
      await this.kube.update(
        { ...lease, spec: { ...spec, holderIdentity: '', leaseDurationSeconds: 1 } },
        'outpost',
      );
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not release the lease');
    }
  }
}

/** Kubernetes MicroTime: RFC 3339 with microseconds. */
function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
