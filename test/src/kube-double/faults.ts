/**
 * Test hooks that make a double misbehave on purpose: injected latency, failures (500 or any
 * status) and 429s matched by method, verb and resource, a number of times or with a
 * probability; and a token-bucket rate limit answering 429 with Retry-After.
 */
import { ApiError, internalError, tooManyRequests } from './core/api-errors.ts';

/** The request a rule is matched against. */
export interface FaultTarget {
  method: string;
  /** get, list, watch, create, update, patch, delete, deletecollection, or `discovery`. */
  verb: string;
  /** The plural resource (`configmaps`), empty for discovery. */
  resource: string;
  /** The API group ('' for core). */
  group: string;
  subresource?: string;
}

/** A fault to inject. Every matcher left out matches everything. */
export interface FaultRule {
  method?: string;
  verb?: string;
  /** Plural resource name, e.g. `deployments`. */
  resource?: string;
  group?: string;
  /** HTTP status to answer: 500 (default when no latency is given), 429, 503, ... */
  status?: number;
  /** Delay before the request is served (or failed). */
  latencyMs?: number;
  /** How many matching requests fire the rule (default: unlimited). */
  count?: number;
  /** Chance that a matching request fires the rule (default 1). */
  probability?: number;
  /** Message of the Status for an error. */
  message?: string;
  /** Retry-After seconds for a 429 (default 1). */
  retryAfterSeconds?: number;
}

/** A token-bucket limit on requests; excess requests get 429. */
export interface RateLimit {
  qps: number;
  burst: number;
}

/** Handle to remove one injected rule. */
export interface FaultHandle {
  remove(): void;
  /** How many times the rule fired. */
  readonly fired: number;
}

interface ActiveRule {
  rule: FaultRule;
  fired: number;
}

/** What to do with one request. */
export interface FaultDecision {
  latencyMs: number;
  error?: ApiError;
}

/** Holds injected faults and the rate limit of one cluster. */
export class FaultInjector {
  private readonly rules = new Set<ActiveRule>();
  private limit: RateLimit | undefined;
  private tokens = 0;
  private refilledAt = 0;
  private readonly random: () => number;
  private readonly nowMs: () => number;

  constructor(random: () => number = Math.random, nowMs: () => number = Date.now) {
    this.random = random;
    this.nowMs = nowMs;
  }

  /** Adds a rule; returns a handle to remove it. */
  inject(rule: FaultRule): FaultHandle {
    const active: ActiveRule = { rule, fired: 0 };
    this.rules.add(active);
    return {
      remove: () => this.rules.delete(active),
      get fired() {
        return active.fired;
      },
    };
  }

  /** Removes every rule and the rate limit. */
  clear(): void {
    this.rules.clear();
    this.limit = undefined;
  }

  /** Sets (or with undefined, lifts) the rate limit. */
  setRateLimit(limit: RateLimit | undefined): void {
    this.limit = limit;
    this.tokens = limit?.burst ?? 0;
    this.refilledAt = this.nowMs();
  }

  /** Decides latency and failure for a request. */
  decide(t: FaultTarget): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    if (this.limit && t.verb !== 'discovery') {
      const now = this.nowMs();
      this.tokens = Math.min(
        this.limit.burst,
        this.tokens + ((now - this.refilledAt) / 1000) * this.limit.qps,
      );
      this.refilledAt = now;
      if (this.tokens < 1) {
        decision.error = tooManyRequests(Math.max(1, Math.ceil(1 / Math.max(this.limit.qps, 0.001))));
        return decision;
      }
      this.tokens -= 1;
    }
    for (const active of this.rules) {
      const r = active.rule;
      if (r.method && r.method.toUpperCase() !== t.method) continue;
      if (r.verb && r.verb !== t.verb) continue;
      if (r.resource && r.resource !== t.resource) continue;
      if (r.group !== undefined && r.group !== t.group) continue;
      if (r.count !== undefined && active.fired >= r.count) continue;
      if (r.probability !== undefined && this.random() >= r.probability) continue;
      active.fired += 1;
      decision.latencyMs += r.latencyMs ?? 0;
      const status = r.status ?? (r.latencyMs ? undefined : 500);
      if (status === 429) decision.error = tooManyRequests(r.retryAfterSeconds ?? 1);
      else if (status === 500) decision.error = internalError(r.message ?? 'injected fault');
      else if (status !== undefined) {
        decision.error = new ApiError(status, 'InternalError', r.message ?? `injected fault (${status})`);
      }
      if (decision.error) break;
    }
    return decision;
  }
}
