/**
 * Finds remote bases before kustomize runs. The hub renders offline (air-gapped hubs have
 * no route to GitHub), so a kustomization that pulls `github.com/...` or an `https://`
 * resource must fail at once with a clear message, not after a network timeout. Follows
 * `resources`, `bases` and `components` through local kustomization directories.
 */
import { parse } from 'yaml';
import { findKustomization } from './source-type.ts';

/** A remote reference found in a kustomization file. */
export interface RemoteReference {
  /** Repo-relative path of the kustomization that names it. */
  file: string;
  reference: string;
}

const REMOTE_PATTERNS: readonly RegExp[] = [
  /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//,
  /^[a-zA-Z][a-zA-Z0-9+.-]*::/,
  /^git@/,
  /^(github\.com|gitlab\.com|bitbucket\.org)\//,
  /[?&](ref|version|submodules|timeout)=/,
  /^[^/]+\.[^/]+\/.+\/\//,
];

/** True when a kustomization entry names something outside the repository. */
export function looksRemote(entry: string): boolean {
  return REMOTE_PATTERNS.some((re) => re.test(entry));
}

/** Joins and normalises POSIX paths; undefined when the result leaves the repository. */
export function resolveRelative(dir: string, entry: string): string | undefined {
  const parts = dir ? dir.split('/') : [];
  for (const p of entry.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(p);
  }
  return parts.join('/');
}

function entries(doc: unknown): string[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [];
  const k = doc as Record<string, unknown>;
  return [k.resources, k.bases, k.components]
    .flatMap((v) => (Array.isArray(v) ? v : []))
    .filter((v): v is string => typeof v === 'string');
}

/**
 * Walks the kustomization graph from `appPath` and returns every remote reference.
 *
 * @param files every file of the tree.
 * @param read the text of a repo file (only reachable kustomization files are asked for).
 */
export async function findRemoteReferences(
  appPath: string,
  files: ReadonlySet<string>,
  read: (path: string) => Promise<string | undefined>,
): Promise<RemoteReference[]> {
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const found: RemoteReference[] = [];
  const seen = new Set<string>();
  const queue = [appPath];
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const file = findKustomization(files, dir);
    if (!file) continue;
    let doc: unknown;
    try {
      doc = parse((await read(file)) ?? '');
    } catch {
      continue; // kustomize reports syntax errors itself, with its own wording
    }
    for (const entry of entries(doc)) {
      const local = resolveRelative(dir, entry);
      if (local !== undefined && (files.has(local) || dirs.has(local))) {
        if (dirs.has(local)) queue.push(local);
        continue;
      }
      if (looksRemote(entry)) found.push({ file, reference: entry });
    }
  }
  return found;
}
