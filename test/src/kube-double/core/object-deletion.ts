/**
 * DELETE semantics: an object without finalizers goes at once (answered with a Success
 * Status); finalizers, `propagationPolicy=Foreground` (adds `foregroundDeletion`) and
 * `Orphan` (adds `orphan`) keep it with deletionTimestamp until they are cleared. A Namespace
 * always stays, phase Terminating, until the namespace controller has emptied it.
 */
import { ApiError, notFound, staleConflict } from './api-errors.ts';
import { orderMetadata, rfc3339 } from './object-metadata.ts';
import type { ObjectStore } from './object-store.ts';
import { clone, isPlainObject, meta } from './objects.ts';
import type { JsonObject } from './objects.ts';
import { qualifiedResource, resourceKey } from './resource-catalog.ts';
import type { ResourceType } from './resource-catalog.ts';

/** Options of a DELETE. */
export interface DeleteOptions {
  dryRun?: boolean;
  /** Background (default), Foreground or Orphan. */
  propagationPolicy?: string;
  /** Delete only if the object still has this uid / resourceVersion (409 otherwise). */
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** Deletes or marks an object; `present` renders the object as the API returns it. */
export function deleteObject(
  deps: { store: ObjectStore; now: () => Date },
  r: ResourceType,
  namespace: string,
  name: string,
  opts: DeleteOptions,
  present: (o: JsonObject) => JsonObject,
): { code: number; body: JsonObject; warnings: string[] } {
  const key = resourceKey(r);
  const ns = r.namespaced ? namespace : '';
  const old = deps.store.get(key, ns, name);
  if (!old) throw notFound(r, name);
  const m = meta(old);
  const pre = opts.preconditions;
  if (pre?.uid && pre.uid !== m['uid']) {
    throw new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(m['uid'])}`,
      { name, ...(r.group ? { group: r.group } : {}), kind: r.plural },
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== m['resourceVersion']) throw staleConflict(r, name);
  if (m['deletionTimestamp']) return { code: 200, body: present(old), warnings: [] };
  const finalizers = Array.isArray(m['finalizers']) ? [...(m['finalizers'] as string[])] : [];
  if (opts.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion')) {
    finalizers.push('foregroundDeletion');
  }
  if (opts.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
  const isNamespace = r.group === '' && r.kind === 'Namespace';
  if (finalizers.length > 0 || isNamespace) {
    const next = clone(old);
    const nm = meta(next);
    nm['deletionTimestamp'] = rfc3339(deps.now());
    if (!isNamespace) nm['deletionGracePeriodSeconds'] = 0;
    if (finalizers.length > 0) nm['finalizers'] = finalizers;
    if (typeof nm['generation'] === 'number') nm['generation'] += 1;
    if (isNamespace)
      next['status'] = { ...(isPlainObject(next['status']) ? next['status'] : {}), phase: 'Terminating' };
    const ordered = orderMetadata(next);
    if (opts.dryRun) return { code: 200, body: present(ordered), warnings: [] };
    return { code: 200, body: present(deps.store.put(key, ordered)), warnings: [] };
  }
  if (!opts.dryRun) deps.store.remove(key, ns, name);
  const details: JsonObject = { name };
  if (r.group) details['group'] = r.group;
  details['kind'] = r.plural;
  details['uid'] = m['uid'];
  return {
    code: 200,
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details },
    warnings: [],
  };
}
