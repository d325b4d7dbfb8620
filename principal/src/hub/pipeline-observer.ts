/**
 * Timings of the hub's pipeline stages, for whoever wants them (the HTTP API's /metrics
 * histograms). The stages report plain numbers through this hook, so they need no metrics
 * library; `HubMetrics` implements the interface as is.
 */
import { LogFields, silentLogger, type Logger } from '@outpost/shared';

/** Receives stage timings. Every method is optional. */
export interface PipelineObserver {
  /** One ApplicationSet resolved (its generators and templates), in seconds. */
  observeGenerator?(seconds: number): void;
  /** One Application rendered (a render-cache hit included), in seconds. */
  observeRender?(seconds: number): void;
  /** One sync (fetch) of a tracked Git repository, in seconds, and whether it succeeded. */
  observeGitFetch?(seconds: number, ok: boolean): void;
}

/** Observers added and removed at any time; one that throws is logged and does not stop the others. */
export class PipelineObservers implements Required<PipelineObserver> {
  private readonly observers = new Set<PipelineObserver>();
  private readonly logger: Logger;

  constructor(logger: Logger = silentLogger()) {
    this.logger = logger;
  }

  /** Adds `observer`; returns its removal. */
  add(observer: PipelineObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  observeGenerator(seconds: number): void {
    this.each((o) => o.observeGenerator?.(seconds));
  }

  observeRender(seconds: number): void {
    this.each((o) => o.observeRender?.(seconds));
  }

  observeGitFetch(seconds: number, ok: boolean): void {
    this.each((o) => o.observeGitFetch?.(seconds, ok));
  }

  private each(call: (o: PipelineObserver) => void): void {
    for (const o of this.observers) {
      try {
        call(o);
      } catch (err) {
        this.logger.warn({ [LogFields.err]: err }, 'a pipeline observer failed');
      }
    }
  }
}
