import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Where the gauges read their values at scrape time. Every source is optional. */
export interface MetricsSources {
  /** Registered clusters. */
  registeredClusters?: () => Promise<number>;
  /** Agents with a live stream. */
  connectedAgents?: () => number;
  /** Apps counted by reported sync and health state. */
  appStates?: () => Array<{ sync: string; health: string }>;
  enrollments?: () => { enrollments: number; renewals: number; refusals: number };
  authFailures?: () => number;
  /** Totals over all streams. */
  streamTotals?: () => { assignmentsSent: number; bytesSent: number };
  /** Pipeline state at scrape time. */
  pipeline?: () => {
    lastReconcileSeconds: number;
    repositories: Array<{ state: string; syncs: number }>;
    renderErrors: number;
    appsetErrors: number;
  };
}

const REPO_STATES = new Set(['new', 'syncing', 'ready', 'failed']);

const SYNC_STATES = new Set(['Synced', 'OutOfSync', 'Unknown']);
const HEALTH_STATES = new Set(['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown']);

/**
 * The hub's Prometheus metrics on their own registry (no process-global default registry).
 * Label sets are bounded: states come from fixed vocabularies (others count as `Unknown`),
 * routes are route names, never paths, clusters or objects. Components observe durations
 * through the `observe*` methods.
 */
export class HubMetrics {
  readonly registry = new Registry();
  readonly #generator: Histogram;
  readonly #render: Histogram;
  readonly #gitFetch: Histogram;
  readonly #gitFailures: Counter;
  readonly #webhooks: Counter;
  readonly #requests: Counter;

  constructor(sources: MetricsSources = {}) {
    const r = this.registry;
    const buckets = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    new Gauge({
      name: 'outpost_clusters_registered',
      help: 'Registered clusters.',
      registers: [r],
      async collect() {
        this.set((await sources.registeredClusters?.()) ?? 0);
      },
    });
    new Gauge({
      name: 'outpost_agents_connected',
      help: 'Agents with a live stream to this hub.',
      registers: [r],
      collect() {
        this.set(sources.connectedAgents?.() ?? 0);
      },
    });
    new Gauge({
      name: 'outpost_apps',
      help: 'Applications by reported sync and health state.',
      labelNames: ['sync', 'health'],
      registers: [r],
      collect() {
        this.reset();
        for (const a of sources.appStates?.() ?? []) {
          const sync = SYNC_STATES.has(a.sync) ? a.sync : 'Unknown';
          const health = HEALTH_STATES.has(a.health) ? a.health : 'Unknown';
          this.inc({ sync, health });
        }
      },
    });
    const fromSource = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers: [r],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    fromSource(
      'outpost_enrollments_total',
      'Successful agent enrollments.',
      () => sources.enrollments?.().enrollments ?? 0,
    );
    fromSource(
      'outpost_certificate_renewals_total',
      'Agent certificate renewals.',
      () => sources.enrollments?.().renewals ?? 0,
    );
    fromSource(
      'outpost_enrollments_refused_total',
      'Refused enrollments (bad, spent or expired tokens).',
      () => sources.enrollments?.().refusals ?? 0,
    );
    fromSource(
      'outpost_auth_failures_total',
      'Agent calls refused by authentication.',
      () => sources.authFailures?.() ?? 0,
    );
    fromSource(
      'outpost_assignments_sent_total',
      'Assignment generations sent to agents.',
      () => sources.streamTotals?.().assignmentsSent ?? 0,
    );
    fromSource(
      'outpost_bytes_sent_total',
      'Bytes sent to agents on the stream.',
      () => sources.streamTotals?.().bytesSent ?? 0,
    );
    new Gauge({
      name: 'outpost_last_reconcile_duration_seconds',
      help: 'Duration of the last reconcile pass (generators, render, fleet).',
      registers: [r],
      collect() {
        this.set(sources.pipeline?.().lastReconcileSeconds ?? 0);
      },
    });
    new Gauge({
      name: 'outpost_git_repositories',
      help: 'Tracked Git repositories by state.',
      labelNames: ['state'],
      registers: [r],
      collect() {
        this.reset();
        for (const repo of sources.pipeline?.().repositories ?? []) {
          this.inc({ state: REPO_STATES.has(repo.state) ? repo.state : 'failed' });
        }
      },
    });
    fromSource('outpost_git_syncs_total', 'Git fetches of tracked repositories.', () =>
      (sources.pipeline?.().repositories ?? []).reduce((n, repo) => n + repo.syncs, 0),
    );
    new Gauge({
      name: 'outpost_render_errors',
      help: 'Applications that currently fail to render (they keep their last good objects).',
      registers: [r],
      collect() {
        this.set(sources.pipeline?.().renderErrors ?? 0);
      },
    });
    new Gauge({
      name: 'outpost_applicationset_errors',
      help: 'Errors of the last ApplicationSet resolution, over all ApplicationSets.',
      registers: [r],
      collect() {
        this.set(sources.pipeline?.().appsetErrors ?? 0);
      },
    });
    this.#generator = new Histogram({
      name: 'outpost_generator_duration_seconds',
      help: 'ApplicationSet generator resolution time.',
      buckets,
      registers: [r],
    });
    this.#render = new Histogram({
      name: 'outpost_render_duration_seconds',
      help: 'Application render time.',
      buckets,
      registers: [r],
    });
    this.#gitFetch = new Histogram({
      name: 'outpost_git_fetch_duration_seconds',
      help: 'Git fetch time.',
      buckets,
      registers: [r],
    });
    this.#gitFailures = new Counter({
      name: 'outpost_git_fetch_failures_total',
      help: 'Failed Git fetches.',
      registers: [r],
    });
    this.#webhooks = new Counter({
      name: 'outpost_webhooks_total',
      help: 'Git webhooks received, by provider and result.',
      labelNames: ['provider', 'result'],
      registers: [r],
    });
    this.#requests = new Counter({
      name: 'outpost_http_requests_total',
      help: 'HTTP API requests by route name and status code.',
      labelNames: ['route', 'code'],
      registers: [r],
    });
  }

  observeGenerator(seconds: number): void {
    this.#generator.observe(seconds);
  }
  observeRender(seconds: number): void {
    this.#render.observe(seconds);
  }
  observeGitFetch(seconds: number, ok: boolean): void {
    this.#gitFetch.observe(seconds);
    if (!ok) this.#gitFailures.inc();
  }
  countWebhook(provider: string, result: 'refreshed' | 'ignored' | 'refused'): void {
    this.#webhooks.inc({ provider, result });
  }
  countRequest(route: string, code: number): void {
    this.#requests.inc({ route, code: String(code) });
  }

  /** The exposition text and its content type. */
  async expose(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
