import { goStringSlice, type ParamSet } from '../flatten.ts';
import { sanitizeName } from '../sanitize-name.ts';

/** Go's `path.Dir` for repo-relative paths (`"."` for a root file). */
export function goPathDir(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  const dir = p.slice(0, i).replace(/\/+$/, '');
  return dir === '' ? '/' : dir;
}

/** Go's `path.Base` (`"."` for an empty path). */
export function goPathBase(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return p === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * Adds the path params of a directory (and, for git files, of the file) to `params`, in
 * the shape of the ApplicationSet's mode (§2): flat `P.path`, `P.path.basename`,
 * `P.path[N]` (empty segments skipped, index kept) …; Go `{path: {path, basename, …,
 * segments}}` under `P` when a `pathParamPrefix` is set.
 */
export function addPathParams(
  params: ParamSet,
  dir: string,
  file: string | undefined,
  pathParamPrefix: string,
  goTemplate: boolean,
): void {
  const basename = goPathBase(dir);
  if (goTemplate) {
    const p: Record<string, unknown> = { path: dir, basename };
    if (file !== undefined) p.filename = goPathBase(file);
    p.basenameNormalized = sanitizeName(basename);
    if (file !== undefined) p.filenameNormalized = sanitizeName(goPathBase(file));
    p.segments = goStringSlice(dir.split('/'));
    if (pathParamPrefix !== '') params[pathParamPrefix] = { path: p };
    else params.path = p;
    return;
  }
  const name = pathParamPrefix !== '' ? `${pathParamPrefix}.path` : 'path';
  params[name] = dir;
  params[`${name}.basename`] = basename;
  if (file !== undefined) params[`${name}.filename`] = goPathBase(file);
  params[`${name}.basenameNormalized`] = sanitizeName(basename);
  if (file !== undefined) params[`${name}.filenameNormalized`] = sanitizeName(goPathBase(file));
  dir.split('/').forEach((segment, i) => {
    if (segment.length > 0) params[`${name}[${i}]`] = segment;
  });
}
