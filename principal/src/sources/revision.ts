import { ErrorCodes, OutpostError } from '@outpost/shared';

/** A revision as written in `targetRevision`/`revision`, classified. */
export type Revision =
  | { readonly kind: 'head' }
  | { readonly kind: 'ref'; readonly ref: string }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'sha'; readonly sha: string };

/** The refs of a repository at one moment. Branches are `refs/heads/*`, tags `refs/tags/*` (oids not peeled). */
export interface RefSnapshot {
  /** The ref HEAD points at (`refs/heads/main`), if known. */
  readonly head: string | undefined;
  readonly refs: ReadonlyMap<string, string>;
}

/** What a revision names in a {@link RefSnapshot}: an object id (maybe behind `ref`), or a SHA prefix to expand. */
export type RevisionMatch =
  { readonly oid: string; readonly ref?: string } | { readonly shortSha: string } | undefined;

const FULL_SHA = /^[0-9a-f]{40}$/i;
/** Argo CD treats 7 or more hex digits as a possibly truncated commit SHA. */
const SHORT_SHA = /^[0-9a-f]{7,39}$/i;

/**
 * Classifies a revision: empty or `HEAD` → the default branch; `refs/...` → that ref;
 * 40 hex digits → a commit; anything else → a branch or tag name (or a short SHA).
 * Throws `GIT_REVISION_NOT_FOUND` for text git would never accept as a ref name.
 */
export function parseRevision(text: string): Revision {
  const rev = text.trim();
  if (rev === '' || rev === 'HEAD') return { kind: 'head' };
  if (FULL_SHA.test(rev)) return { kind: 'sha', sha: rev.toLowerCase() };
  if (!isValidRefName(rev)) {
    throw new OutpostError(ErrorCodes.GIT_REVISION_NOT_FOUND, `invalid revision "${text}"`, {
      hint: 'use a branch, a tag, a commit SHA (7 to 40 hex digits) or HEAD',
    });
  }
  if (rev.startsWith('refs/')) return { kind: 'ref', ref: rev };
  return { kind: 'name', name: rev };
}

/**
 * Finds `revision` in `snapshot`: branches before tags (as Argo CD's resolution does
 * for a name that is both), then a short SHA. Pure: expanding a short SHA against the
 * object store is left to the caller.
 */
export function matchRevision(revision: Revision, snapshot: RefSnapshot): RevisionMatch {
  switch (revision.kind) {
    case 'head': {
      const ref = snapshot.head;
      const oid = ref === undefined ? undefined : snapshot.refs.get(ref);
      return oid === undefined || ref === undefined ? undefined : { oid, ref };
    }
    case 'sha':
      return { oid: revision.sha };
    case 'ref': {
      const oid = snapshot.refs.get(revision.ref);
      return oid === undefined ? undefined : { oid, ref: revision.ref };
    }
    case 'name': {
      for (const ref of [`refs/heads/${revision.name}`, `refs/tags/${revision.name}`]) {
        const oid = snapshot.refs.get(ref);
        if (oid !== undefined) return { oid, ref };
      }
      return SHORT_SHA.test(revision.name) ? { shortSha: revision.name.toLowerCase() } : undefined;
    }
  }
}

/** git check-ref-format rules, enough to reject what could never be a ref. */
function isValidRefName(name: string): boolean {
  if (/[\s~^:?*[\\]/.test(name) || [...name].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f'))
    return false;
  if (name.includes('..') || name.includes('@{') || name.includes('//')) return false;
  if (name.startsWith('/') || name.endsWith('/') || name.endsWith('.') || name.endsWith('.lock'))
    return false;
  return !name.split('/').some((part) => part.startsWith('.'));
}
