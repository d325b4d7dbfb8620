import type { IgnoreDifferenceRule } from '../../state/desired-state.ts';

interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/**
 * What to ignore for one object: the union of every `ignoreDifferences` rule whose group
 * and kind match (name and namespace match when set), as Argo CD resolves them — JSON
 * pointers, and field managers whose fields are not drift.
 */
export function ignoreFor(
  rules: readonly IgnoreDifferenceRule[],
  obj: ObjectIdentity,
): { pointers: string[]; managers: string[] } {
  const slash = obj.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  const pointers: string[] = [];
  const managers: string[] = [];
  for (const r of rules) {
    if (r.kind !== obj.kind && r.kind !== '*') continue;
    if (r.group !== group && r.group !== '*') continue;
    if (r.name && r.name !== obj.name) continue;
    if (r.namespace && r.namespace !== obj.namespace) continue;
    pointers.push(...r.jsonPointers);
    managers.push(...r.managedFieldsManagers);
  }
  return { pointers, managers };
}

/** The JSON pointers to ignore for one object (see {@link ignoreFor}). */
export function ignoredPointers(rules: readonly IgnoreDifferenceRule[], obj: ObjectIdentity): string[] {
  return ignoreFor(rules, obj).pointers;
}
