import { ErrorCodes, OutpostError } from '@outpost/shared';
import { resolveApplicationSet, type Application } from '../appsets/index.ts';
import { createRenderer } from '../render/index.ts';
import type { CommandResult } from './output/printer.ts';
import { openAppsetInputs, resolutionFailure, type AppsetInputFlags } from './appset-inputs.ts';

/** Flags of `outpost appset render`. */
export interface AppsetRenderFlags extends AppsetInputFlags {
  /** Only this generated Application. */
  app?: string;
}

/** One generated Application and the objects its destination cluster would receive. */
export interface RenderedApplication {
  application: string;
  destination: Application['spec']['destination'];
  commit: string;
  objects: { digest: string; object: unknown }[];
}

/**
 * `outpost appset render`: resolves the ApplicationSets like `generate`, then renders each
 * Application's source at its resolved commit (printed by {@link renderResult}).
 *
 * @throws OutpostError generator/template errors, `CLUSTER_NOT_FOUND`-style `APPSET_APP_INVALID`
 *   when `--app` names no generated Application, or rendering errors (file:line).
 */
export async function appsetRender(
  flags: AppsetRenderFlags,
): Promise<{ entries: RenderedApplication[]; warnings: string[] }> {
  const inputs = await openAppsetInputs(flags);
  const renderer = createRenderer();
  try {
    let apps: Application[] = [];
    const warnings: string[] = [];
    for (const appset of inputs.appsets) {
      const r = await resolveApplicationSet(appset, {
        gitSource: inputs.git,
        clusters: inputs.clusters,
        options: { gitFileGlobbing: flags.gitFileGlobbing ?? 'legacy' },
      });
      if (r.errors.length > 0) throw resolutionFailure(r.errors);
      apps.push(...r.applications);
      warnings.push(...r.invalid.map((i) => i.error.describe()));
    }
    if (flags.app !== undefined) {
      apps = apps.filter((a) => a.metadata.name === flags.app);
      if (apps.length === 0) {
        throw new OutpostError(
          ErrorCodes.APPSET_APP_INVALID,
          `no generated Application is named ${flags.app}`,
          {
            location: { app: flags.app, file: flags.file },
            hint: 'list the names with `outpost appset generate`',
          },
        );
      }
    }
    apps.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
    const entries: RenderedApplication[] = [];
    for (const app of apps) {
      const source = app.spec.source;
      if (!source) {
        throw new OutpostError(
          ErrorCodes.RENDER_UNSUPPORTED,
          'only Applications with spec.source can be rendered',
          {
            location: { app: app.metadata.name },
          },
        );
      }
      const tree = await inputs.git.resolve(source.repoURL, source.targetRevision ?? '');
      const result = await renderer.renderApplication(app, tree);
      entries.push({
        application: app.metadata.name,
        destination: app.spec.destination,
        commit: result.commit,
        objects: result.objects.map((o) => ({ digest: o.digest, object: o.object })),
      });
    }
    return { entries, warnings };
  } finally {
    await renderer.close();
    await inputs.close();
  }
}

/**
 * The printable form of a render: JSON is one entry per Application; YAML the objects as a
 * document stream; the table one row per object with its Application and digest.
 */
export function renderResult(entries: readonly RenderedApplication[]): CommandResult {
  const objects = entries.flatMap((e) => e.objects.map((o) => ({ app: e.application, ...o })));
  return {
    data: entries,
    documents: objects.map((o) => o.object),
    table: {
      columns: ['APPLICATION', 'KIND', 'NAMESPACE', 'NAME', 'DIGEST'],
      rows: objects.map((o) => {
        const obj = o.object as { kind?: string; metadata?: { name?: string; namespace?: string } };
        return [o.app, obj.kind ?? '', obj.metadata?.namespace ?? '', obj.metadata?.name ?? '', o.digest];
      }),
    },
  };
}
