/**
 * Which tool renders an Application source, decided as Argo CD does: an explicit
 * `directory`/`kustomize`/`helm`/`plugin` block wins; otherwise the files directly in the
 * app path decide (a kustomization file → Kustomize, else `Chart.yaml` → Helm, else a
 * plain directory). Also normalises and checks the app path.
 */
import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { ApplicationSource } from '../../appsets/application.ts';

/** Source types Outpost renders. Helm and plugins are refused with RENDER_UNSUPPORTED. */
export type SourceType = 'Directory' | 'Kustomize';

/** The file names kustomize accepts, in its own order of preference. */
export const KUSTOMIZATION_FILES: readonly string[] = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/**
 * Normalises `spec.source.path`: no leading `./` or `/`, no trailing `/`, '' for the repo root.
 *
 * @throws OutpostError GIT_PATH_NOT_FOUND when the path leaves the repository (`..`).
 */
export function normalizeAppPath(path: string | undefined): string {
  const parts = (path ?? '').split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) {
    throw new OutpostError(
      ErrorCodes.GIT_PATH_NOT_FOUND,
      `source path ${JSON.stringify(path)} leaves the repository`,
      {
        hint: 'spec.source.path is relative to the repository root and may not contain ".."',
      },
    );
  }
  return parts.join('/');
}

/** `dir/name`, or `name` at the root. */
export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** The kustomization file directly in `dir`, if any. */
export function findKustomization(files: ReadonlySet<string>, dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((f) => joinPath(dir, f)).find((f) => files.has(f));
}

function unsupported(message: string): OutpostError {
  return new OutpostError(ErrorCodes.RENDER_UNSUPPORTED, message);
}

/**
 * Decides how to render `source` whose files (all repo files) are `files`.
 *
 * @throws OutpostError RENDER_UNSUPPORTED for Helm (chart repositories, `helm` blocks,
 *   `Chart.yaml` paths), config-management plugins and multiple explicit types.
 */
export function detectSourceType(
  source: ApplicationSource,
  appPath: string,
  files: ReadonlySet<string>,
): SourceType {
  const helmLater = 'Helm sources come in a later release';
  if (source.chart) throw unsupported(`${helmLater} (source names chart ${JSON.stringify(source.chart)})`);
  const explicit = (['directory', 'kustomize', 'helm', 'plugin'] as const).filter(
    (k) => source[k] !== undefined && source[k] !== null,
  );
  if (explicit.length > 1) {
    throw unsupported(`source sets more than one of ${explicit.join(', ')}; choose one`);
  }
  const chosen = explicit[0];
  if (chosen === 'helm') throw unsupported(`${helmLater} (source has a helm block)`);
  if (chosen === 'plugin') throw unsupported('config management plugins are not supported');
  if (chosen === 'directory') return 'Directory';
  if (chosen === 'kustomize' || findKustomization(files, appPath)) return 'Kustomize';
  if (files.has(joinPath(appPath, 'Chart.yaml'))) {
    throw unsupported(`${helmLater} (${joinPath(appPath, 'Chart.yaml')} found)`);
  }
  return 'Directory';
}
