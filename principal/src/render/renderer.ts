/**
 * The renderer: an Application's `spec.source` at a resolved commit → digested Kubernetes
 * objects. Plain directories are parsed in-process; Kustomize sources go through the real
 * binary. Results are cached by (repoURL, content tree id, path, source options) — see
 * `source-key.ts` — and, after namespace defaulting, by destination namespace too; a cached
 * result is handed out with the commit that was asked for. Both caches are bounded by bytes.
 */
import { ErrorCodes, OutpostError, isOutpostError, silentLogger } from '@outpost/shared';
import type { Logger } from '@outpost/shared';
import type { Application, ApplicationSource } from '../appsets/application.ts';
import type { GitTree } from '../sources/git-tree.ts';
import { renderDirectory } from './core/directory-renderer.ts';
import { pathExists } from './core/directory-files.ts';
import type { KustomizeOptions } from './core/kustomize-options.ts';
import type { SourcedObject } from './core/manifest.ts';
import { applyDestinationNamespace } from './core/namespace-defaulting.ts';
import { detectSourceType, normalizeAppPath, type SourceType } from './core/source-type.ts';
import { renderKustomize } from './kustomize-renderer.ts';
import { locateKustomize, type KustomizeTool } from './kustomize-tool.ts';
import { RenderCache } from './render-cache.ts';
import { toRenderedObjects, type RenderResult } from './rendered-object.ts';
import { SourceKeys } from './source-key.ts';
import { TreeMaterializer } from './tree-materializer.ts';

export interface RendererOptions {
  /** Render results kept in memory (entries, per source and per source+namespace). Default 10 000. */
  cacheSize?: number;
  /**
   * Estimated bytes of render results kept in memory, half for parsed sources and half for
   * digested results (per source+namespace). Default 256 MiB.
   */
  cacheBytes?: number;
  /** Commits kept materialised on disk for Kustomize. Default 8. */
  maxMaterializedTrees?: number;
  /** Parent directory for materialised trees. Default: the OS temp dir. */
  workDir?: string;
  /** Where `kustomize`/`kubectl` are looked for. Default: this process's `PATH`. */
  searchPath?: string;
  /** Time limit of one `kustomize build`. Default 60 000 ms. */
  kustomizeTimeoutMs?: number;
  /** Default: a silent logger. */
  logger?: Logger;
}

/** {@link RendererOptions} with every default filled in. */
export interface CompiledRendererOptions {
  cacheSize: number;
  cacheBytes: number;
  maxMaterializedTrees: number;
  workDir: string | undefined;
  searchPath: string | undefined;
  kustomizeTimeoutMs: number;
  logger: Logger;
}

/** Counters for the status endpoint: source renders actually run, and cache hits. */
export interface RendererStats {
  renders: number;
  cacheHits: number;
  cacheMisses: number;
  /** Estimated bytes held by both caches. */
  cacheBytes: number;
}

/** Renders Applications; one per hub, shared by every cluster. */
export interface Renderer {
  /**
   * The objects of `app.spec.source` read from `tree` (which must be that source's repo at
   * the resolved commit), namespaced for `app.spec.destination.namespace`.
   *
   * @throws OutpostError RENDER_MANIFEST_INVALID (file:line), RENDER_KUSTOMIZE_FAILED,
   *   RENDER_TOOL_MISSING, RENDER_UNSUPPORTED (Helm, plugins, remote bases, multi-source),
   *   GIT_PATH_NOT_FOUND; each located at the app.
   */
  renderApplication(app: Application, tree: GitTree): Promise<RenderResult>;
  stats(): RendererStats;
  /** Deletes materialised trees and empties the caches. */
  close(): Promise<void>;
}

/** Validates options and fills defaults. */
export function compileRendererOptions(options: RendererOptions = {}): CompiledRendererOptions {
  const positive = (name: string, v: number | undefined, d: number): number => {
    const value = v ?? d;
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`renderer option ${name} must be a positive integer`);
    return value;
  };
  return {
    cacheSize: positive('cacheSize', options.cacheSize, 10_000),
    cacheBytes: positive('cacheBytes', options.cacheBytes, 256 * 1024 * 1024),
    maxMaterializedTrees: positive('maxMaterializedTrees', options.maxMaterializedTrees, 8),
    workDir: options.workDir,
    searchPath: options.searchPath,
    kustomizeTimeoutMs: positive('kustomizeTimeoutMs', options.kustomizeTimeoutMs, 60_000),
    logger: options.logger ?? silentLogger(),
  };
}

interface SourceRender {
  sourceType: SourceType;
  path: string;
  objects: readonly SourcedObject[];
}

/** Per-object overhead beyond its JSON text (keys, source location, object headers). */
const OBJECT_OVERHEAD = 256;

/** Estimated bytes of a parsed source: its objects' JSON length (the parsed form is about as big). */
function sourceRenderBytes(render: SourceRender): number {
  let bytes = 0;
  for (const o of render.objects) bytes += JSON.stringify(o.object).length + OBJECT_OVERHEAD;
  return bytes;
}

/** Estimated bytes of a result: each object's canonical JSON twice (the string and the parsed object). */
function renderResultBytes(result: RenderResult): number {
  let bytes = 0;
  for (const o of result.objects) bytes += 2 * o.canonical.length + OBJECT_OVERHEAD;
  return bytes;
}

function sourceOf(app: Application): ApplicationSource {
  if (app.spec?.source) return app.spec.source;
  if (app.spec?.sources?.length) {
    throw new OutpostError(
      ErrorCodes.RENDER_UNSUPPORTED,
      'multi-source Applications (spec.sources) are not supported yet',
      {
        hint: 'use spec.source',
      },
    );
  }
  throw new OutpostError(ErrorCodes.CONFIG_INVALID, 'Application has no spec.source');
}

/** Creates a renderer. Nothing is written to disk until the first Kustomize source. */
export function createRenderer(options: RendererOptions = {}): Renderer {
  const opts = compileRendererOptions(options);
  const log = opts.logger.child({ component: 'render' });
  const maxBytes = Math.max(1, Math.floor(opts.cacheBytes / 2));
  const sources = new RenderCache<SourceRender>({
    maxEntries: opts.cacheSize,
    maxBytes,
    sizeOf: sourceRenderBytes,
  });
  const results = new RenderCache<RenderResult>({
    maxEntries: opts.cacheSize,
    maxBytes,
    sizeOf: renderResultBytes,
  });
  const keys = new SourceKeys();
  let renders = 0;
  let materializer: Promise<TreeMaterializer> | undefined;
  let tool: Promise<KustomizeTool> | undefined;

  const getMaterializer = () =>
    (materializer ??= TreeMaterializer.create({
      workDir: opts.workDir,
      maxTrees: opts.maxMaterializedTrees,
    }));
  const getTool = () => {
    tool ??= locateKustomize({ searchPath: opts.searchPath, timeoutMs: opts.kustomizeTimeoutMs });
    tool.catch(() => (tool = undefined));
    return tool;
  };

  async function renderSource(source: ApplicationSource, tree: GitTree, path: string): Promise<SourceRender> {
    renders++;
    const files = await tree.listFiles();
    if (!pathExists(files, path)) {
      throw new OutpostError(
        ErrorCodes.GIT_PATH_NOT_FOUND,
        `path ${JSON.stringify(path)} does not exist at ${tree.commit}`,
        {
          hint: 'check spec.source.path and spec.source.targetRevision',
        },
      );
    }
    const sourceType = detectSourceType(source, path, new Set(files));
    const objects =
      sourceType === 'Directory'
        ? await renderDirectory(tree, files, path, source.directory)
        : await renderKustomize(
            { tool: getTool, materializer: await getMaterializer() },
            tree,
            files,
            path,
            source.kustomize as KustomizeOptions | undefined,
          );
    log.debug(
      { repo: tree.repoURL, commit: tree.commit, path, sourceType, objects: objects.length },
      'rendered source',
    );
    return { sourceType, path, objects };
  }

  return {
    async renderApplication(app, tree) {
      try {
        const source = sourceOf(app);
        const path = normalizeAppPath(source.path);
        const sourceKey = await keys.keyOf(source, tree, path);
        const namespace = app.spec.destination?.namespace ?? '';
        const result = await results.get(`${sourceKey}\n${namespace}`, async () => {
          const rendered = await sources.get(sourceKey, () => renderSource(source, tree, path));
          const objects = toRenderedObjects(applyDestinationNamespace(rendered.objects, namespace));
          return Object.freeze({
            repoURL: tree.repoURL,
            commit: tree.commit,
            path,
            sourceType: rendered.sourceType,
            objects: Object.freeze(objects),
          });
        });
        // The same content at another commit: same objects, the commit asked for.
        return result.commit === tree.commit ? result : Object.freeze({ ...result, commit: tree.commit });
      } catch (e) {
        if (isOutpostError(e)) throw e.at({ app: app.metadata?.name });
        throw e;
      }
    },
    stats() {
      const s = sources.stats();
      const r = results.stats();
      return { renders, cacheHits: r.hits + s.hits, cacheMisses: r.misses, cacheBytes: r.bytes + s.bytes };
    },
    async close() {
      sources.clear();
      results.clear();
      keys.clear();
      if (materializer) await (await materializer).close();
      materializer = undefined;
    },
  };
}
