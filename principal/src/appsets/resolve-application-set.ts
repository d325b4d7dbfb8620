import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { GitSource } from '../sources/git-tree.ts';
import type { Application, ClusterInfo, ClusterInventory } from './application.ts';
import type { ApplicationSet, GeneratorKind } from './application-set.ts';
import type { ParamSet } from './flatten.ts';
import type { GeneratorContext, GitFileGlobbing } from './generators/generator-context.ts';
import { compileApplicationTemplate } from './render-application.ts';
import { createStringRenderer } from './string-renderer.ts';
import { transform } from './transform.ts';
import { validateApplications, type InvalidApplication } from './validate-applications.ts';

/** Options for {@link resolveApplicationSet}. */
export interface ResolveOptions {
  /** Git file globbing (§3.4). Default `legacy`, as in Argo CD; the hub's `--git-file-globbing`. */
  gitFileGlobbing?: GitFileGlobbing;
  /**
   * Check every Application's destination against the cluster inventory (the hub does;
   * an offline preview without a cluster list does not). Default: true when `clusters` is given.
   */
  validateDestinations?: boolean;
  /** Clock for sprig date functions. Default: the current time. */
  now?: () => Date;
}

/** The ports resolution reads through. */
export interface ResolvePorts {
  /** Git access for git generators; a git generator without it fails with a clear error. */
  gitSource?: GitSource;
  /** Registered clusters for the clusters generator and destination checks. */
  clusters?: ClusterInventory;
  options?: ResolveOptions;
}

/** One param set as the generators emitted it (after post-selectors, before templating). */
export interface GeneratedParams {
  /** The generator that produced it, e.g. `spec.generators[0].matrix`. */
  generator: string;
  kind: GeneratorKind;
  params: ParamSet;
}

/** What one ApplicationSet resolves to. */
export interface Resolution {
  /** Valid Applications, sorted by name: what Argo CD would apply. Empty whenever `errors` is not. */
  applications: Application[];
  /** Every param set in generator order (for `appset generate --params`). */
  paramSets: GeneratedParams[];
  /**
   * Generator and template errors. Like Argo CD, a resolution with any error must not
   * change what is deployed: the hub keeps the previous result.
   */
  errors: OutpostError[];
  /** Generated Applications the controller would refuse (empty name, duplicate, bad destination). */
  invalid: InvalidApplication[];
  /** Every repository URL the git generators read (as written), so a commit re-resolves only affected sets. */
  reposRead: string[];
}

/**
 * Resolves an ApplicationSet exactly as Argo CD's ApplicationSet controller does (see
 * docs/applicationset-semantics.md): every generator entry in order (a failing entry is
 * skipped and its error recorded, the others still run), each param set rendered into an
 * Application with the effective template and `templatePatch`, then validated and sorted
 * by name.
 *
 * Never throws for user errors: they are in `errors` (with the ApplicationSet name and
 * generator path) and `invalid`.
 */
export async function resolveApplicationSet(
  appset: ApplicationSet,
  ports: ResolvePorts = {},
): Promise<Resolution> {
  const options = ports.options ?? {};
  const appsetName = appset.metadata.name;
  const goTemplate = appset.spec.goTemplate === true;
  const errors: OutpostError[] = [];
  const reposRead = new Set<string>();
  const record = (err: unknown, where: string) => {
    const e =
      err instanceof OutpostError
        ? err
        : new OutpostError(
            ErrorCodes.APPSET_GENERATOR_FAILED,
            err instanceof Error ? err.message : String(err),
            {
              cause: err,
            },
          );
    errors.push(e.at({ appset: appsetName, generator: where }));
  };
  let renderer;
  try {
    renderer = createStringRenderer({
      goTemplate,
      goTemplateOptions: appset.spec.goTemplateOptions ?? [],
      now: options.now,
    });
  } catch (err) {
    record(err, 'spec.goTemplateOptions');
    return { applications: [], paramSets: [], errors, invalid: [], reposRead: [] };
  }
  const inventory = ports.clusters ? cachedInventory(ports.clusters) : undefined;
  const ctx: GeneratorContext = {
    goTemplate,
    renderer,
    gitSource: ports.gitSource,
    clusters: inventory,
    gitFileGlobbing: options.gitFileGlobbing ?? 'legacy',
    reposRead,
  };
  const generated: Application[] = [];
  const paramSets: GeneratedParams[] = [];
  for (const [i, entry] of appset.spec.generators.entries()) {
    const path = `spec.generators[${i}]`;
    let results;
    try {
      results = await transform(entry, path, 'top', appset.spec.template, ctx, undefined);
    } catch (err) {
      record(err, path);
      continue;
    }
    for (const result of results) {
      const template = compileApplicationTemplate(appset, result.template, renderer);
      for (const params of result.params) {
        paramSets.push({ generator: result.path, kind: result.kind, params });
        try {
          generated.push(template.render(params));
        } catch (err) {
          record(err, result.path);
        }
      }
    }
  }
  const repos = [...reposRead].sort();
  if (errors.length > 0) return { applications: [], paramSets, errors, invalid: [], reposRead: repos };
  const validate = options.validateDestinations ?? inventory !== undefined;
  const clusterList = validate && inventory ? await inventory.list() : undefined;
  const { valid, invalid } = validateApplications(generated, clusterList);
  for (const bad of invalid) bad.error.location.appset ??= appsetName;
  return { applications: valid, paramSets, errors, invalid, reposRead: repos };
}

/** Lists the inventory once per resolution, however many clusters generators read it. */
function cachedInventory(inner: ClusterInventory): ClusterInventory {
  let pending: Promise<readonly ClusterInfo[]> | undefined;
  return { list: () => (pending ??= inner.list()) };
}
