/**
 * Renders every desired Application at its source's current commit (the renderer caches
 * by repo, commit, path and options, so a thousand clusters sharing an app render it once).
 * An app that fails to render keeps its last good objects and carries the error, so the
 * agent keeps enforcing what it had and the status shows why nothing changed.
 */
import { LogFields, isOutpostError, type Logger } from '@outpost/shared';
import type { RenderedApp } from '../fleet/core/rendered-app.ts';
import type { Renderer } from '../render/renderer.ts';
import type { GitSource } from '../sources/git-tree.ts';
import { forEachLimit } from '@outpost/shared';
import type { DesiredApp } from './desired-apps.ts';

export class RenderStage {
  private readonly gitSource: GitSource;
  private readonly renderer: Renderer;
  private readonly logger: Logger;
  private readonly concurrency: number;
  private readonly onRendered: (seconds: number) => void;
  private lastGood = new Map<string, RenderedApp>();
  private errors = new Map<string, string>();

  /** `onRendered`: called with each app's render duration in seconds (for metrics). */
  constructor(deps: {
    gitSource: GitSource;
    renderer: Renderer;
    logger: Logger;
    concurrency?: number;
    onRendered?: (seconds: number) => void;
  }) {
    this.gitSource = deps.gitSource;
    this.renderer = deps.renderer;
    this.logger = deps.logger;
    this.concurrency = deps.concurrency ?? 8;
    this.onRendered = deps.onRendered ?? (() => {});
  }

  /** Renders all apps (in input order). */
  async render(apps: readonly DesiredApp[]): Promise<RenderedApp[]> {
    const out: RenderedApp[] = new Array(apps.length);
    const keep = new Map<string, RenderedApp>();
    const errors = new Map<string, string>();
    await forEachLimit(
      apps.map((a, i) => [a, i] as const),
      this.concurrency,
      async ([desired, i]) => {
        const key = appKey(desired);
        const started = performance.now();
        const r = await this.renderOne(desired, key);
        this.onRendered((performance.now() - started) / 1000);
        out[i] = r;
        if (r.error) errors.set(key, r.error);
        else keep.set(key, r);
      },
    );
    for (const [key, r] of this.lastGood) if (!keep.has(key) && errors.has(key)) keep.set(key, r);
    this.lastGood = keep;
    this.errors = errors;
    return out;
  }

  /** Render errors of the last pass, by `appset/app@destination`. */
  failures(): Record<string, string> {
    return Object.fromEntries(this.errors);
  }

  private async renderOne(desired: DesiredApp, key: string): Promise<RenderedApp> {
    const { app, appset } = desired;
    try {
      const source = app.spec.source;
      if (!source) throw new Error('the Application has no spec.source');
      const tree = await this.gitSource.resolve(source.repoURL, source.targetRevision ?? '');
      const result = await this.renderer.renderApplication(app, tree);
      return {
        app,
        appset,
        revision: tree.commit,
        error: '',
        objects: result.objects.map((o) => ({
          digest: o.digest,
          canonical: o.canonical,
          apiVersion: String(o.object.apiVersion),
          kind: o.key.kind,
          namespace: o.key.namespace,
          name: o.key.name,
          size: Buffer.byteLength(o.canonical),
        })),
      };
    } catch (err) {
      const message = isOutpostError(err) ? err.describe() : err instanceof Error ? err.message : String(err);
      this.logger.warn(
        { [LogFields.app]: app.metadata.name, [LogFields.appset]: appset, [LogFields.err]: message },
        'render failed',
      );
      const previous = this.lastGood.get(key);
      return previous
        ? { ...previous, app, error: message }
        : { app, appset, revision: '', objects: [], error: message };
    }
  }
}

function appKey(d: DesiredApp): string {
  const dest = d.app.spec.destination ?? {};
  return `${d.appset}/${d.app.metadata.name}@${dest.name ?? dest.server ?? ''}`;
}
