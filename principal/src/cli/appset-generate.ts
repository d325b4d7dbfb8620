import { resolveApplicationSet, type Application, type ParamSet } from '../appsets/index.ts';
import type { CommandResult, Table } from './output/printer.ts';
import { openAppsetInputs, resolutionFailure, type AppsetInputFlags } from './appset-inputs.ts';

/** Flags of `outpost appset generate`. */
export interface AppsetGenerateFlags extends AppsetInputFlags {
  /** Print the param sets (after post-selectors, before templating) instead of Applications. */
  params?: boolean;
}

/**
 * `outpost appset generate`: resolves every ApplicationSet in the file offline and returns
 * the generated Applications sorted by name (YAML: a document stream; JSON: an array;
 * table: one row each), or with `params` the param sets in generator order. Invalid Applications (duplicate or empty names, unknown destination
 * clusters) are left out and reported as warnings.
 *
 * @throws OutpostError the first generator or template error, with its code and location.
 */
export async function appsetGenerate(
  flags: AppsetGenerateFlags,
): Promise<{ result: CommandResult; warnings: string[] }> {
  const inputs = await openAppsetInputs(flags);
  try {
    const applications: Application[] = [];
    const params: ParamSet[] = [];
    const warnings: string[] = [];
    for (const appset of inputs.appsets) {
      const r = await resolveApplicationSet(appset, {
        gitSource: inputs.git,
        clusters: inputs.clusters,
        options: { gitFileGlobbing: flags.gitFileGlobbing ?? 'legacy' },
      });
      if (r.errors.length > 0) throw resolutionFailure(r.errors);
      applications.push(...r.applications);
      params.push(...r.paramSets.map((p) => p.params));
      warnings.push(...r.invalid.map((i) => i.error.describe()));
    }
    if (flags.params) return { result: { data: params, documents: params }, warnings };
    applications.sort((a, b) =>
      a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
    );
    return {
      result: { data: applications, documents: applications, table: applicationTable(applications) },
      warnings,
    };
  } finally {
    await inputs.close();
  }
}

function applicationTable(apps: readonly Application[]): Table {
  return {
    columns: ['NAME', 'PROJECT', 'DESTINATION', 'NAMESPACE', 'REPO', 'PATH', 'REVISION'],
    rows: apps.map((a) => {
      const d = a.spec.destination ?? {};
      const s = a.spec.source;
      return [
        a.metadata.name,
        a.spec.project ?? '',
        d.name ?? d.server ?? '',
        d.namespace ?? '',
        s?.repoURL ?? '',
        s?.path ?? s?.chart ?? '',
        s?.targetRevision ?? '',
      ];
    }),
  };
}
