/**
 * Renders every desired Application at its source's current commit (the renderer caches
 * by repo, commit, path and options, so a thousand clusters sharing an app render it once).
 * A pass resolves each repository and revision once, however many apps read it: a
 * thousand clusters' copies of one app share one tree and one object list.
 * An app that fails to render keeps its last good objects and carries the error, so the
 * agent keeps enforcing what it had and the status shows why nothing changed.
 */
import { LogFields, isOutpostError, type Logger } from '@outpost/shared';
import type { RenderedApp, RenderedRef } from '../fleet/core/rendered-app.ts';
import type { RenderResult } from '../render/rendered-object.ts';
import type { Renderer } from '../render/renderer.ts';
import type { GitSource, GitTree } from '../sources/git-tree.ts';
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
  /** The fleet's view of each render result, shared by every app that got that result. */
  private readonly refsOf = new WeakMap<RenderResult['objects'], readonly RenderedRef[]>();

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
    const trees = new Map<string, Promise<GitTree>>();
    const resolve = (repoURL: string, revision: string): Promise<GitTree> => {
      const key = `${repoURL}\0${revision}`;
      let tree = trees.get(key);
      if (!tree) {
        tree = this.gitSource.resolve(repoURL, revision);
        trees.set(key, tree);
      }
      return tree;
    };
    await forEachLimit(
      apps.map((a, i) => [a, i] as const),
      this.concurrency,
      async ([desired, i]) => {
        const key = appKey(desired);
        const started = performance.now();
        const r = await this.renderOne(desired, key, resolve);
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

  private async renderOne(
    desired: DesiredApp,
    key: string,
    resolve: (repoURL: string, revision: string) => Promise<GitTree>,
  ): Promise<RenderedApp> {
    const { app, appset } = desired;
    try {
      const source = app.spec.source;
      if (!source) throw new Error('the Application has no spec.source');
      const tree = await resolve(source.repoURL, source.targetRevision ?? '');
      const result = await this.renderer.renderApplication(app, tree);
      return { app, appset, revision: tree.commit, error: '', objects: this.refs(result) };
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

  private refs(result: RenderResult): readonly RenderedRef[] {
    let refs = this.refsOf.get(result.objects);
    if (!refs) {
      refs = Object.freeze(
        result.objects.map((o) => ({
          digest: o.digest,
          canonical: o.canonical,
          apiVersion: String(o.object.apiVersion),
          kind: o.key.kind,
          namespace: o.key.namespace,
          name: o.key.name,
          size: Buffer.byteLength(o.canonical),
        })),
      );
      this.refsOf.set(result.objects, refs);
    }
    return refs;
  }
}

function appKey(d: DesiredApp): string {
  const dest = d.app.spec.destination ?? {};
  return `${d.appset}/${d.app.metadata.name}@${dest.name ?? dest.server ?? ''}`;
}
