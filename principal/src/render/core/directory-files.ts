/**
 * Which files of a plain-directory source are manifests, with Argo CD's rules: only
 * `*.yaml`, `*.yml` and `*.json`; only the app path's own files unless `recurse`; then
 * `exclude` (which wins) and `include` globs, matched against the path relative to the app
 * path.
 */
import { ErrorCodes, OutpostError } from '@outpost/shared';
import { compileGlob, GlobSyntaxError, type Glob } from './glob.ts';
import { isManifestFile } from './manifest-parser.ts';

/** `spec.source.directory` as far as file selection goes. */
export interface DirectoryOptions {
  recurse?: boolean;
  include?: string;
  exclude?: string;
}

function compile(field: string, pattern: string | undefined): Glob | undefined {
  if (!pattern) return undefined;
  try {
    return compileGlob(pattern);
  } catch (e) {
    if (e instanceof GlobSyntaxError) {
      throw new OutpostError(
        ErrorCodes.RENDER_MANIFEST_INVALID,
        `spec.source.directory.${field}: ${e.message}`,
        {
          cause: e,
        },
      );
    }
    throw e;
  }
}

/**
 * Selects the manifest files of a directory source, in the order of `files`.
 *
 * @param files every file of the tree (repo-relative, sorted).
 * @param appPath the normalised app path ('' for the root).
 * @throws OutpostError RENDER_MANIFEST_INVALID for a malformed glob.
 */
export function selectDirectoryFiles(
  files: readonly string[],
  appPath: string,
  options: DirectoryOptions = {},
): string[] {
  const include = compile('include', options.include);
  const exclude = compile('exclude', options.exclude);
  const prefix = appPath ? `${appPath}/` : '';
  const out: string[] = [];
  for (const file of files) {
    if (!file.startsWith(prefix)) continue;
    const rel = file.slice(prefix.length);
    if (!options.recurse && rel.includes('/')) continue;
    if (!isManifestFile(rel)) continue;
    if (exclude?.matches(rel)) continue;
    if (include && !include.matches(rel)) continue;
    out.push(file);
  }
  return out;
}

/** True when some file lies under `appPath` (the root always exists). */
export function pathExists(files: readonly string[], appPath: string): boolean {
  if (!appPath) return true;
  const prefix = `${appPath}/`;
  return files.some((f) => f.startsWith(prefix));
}
