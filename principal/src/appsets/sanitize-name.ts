/**
 * Argo CD's `SanitizeName`: lowercase, every character outside `[-a-z0-9.]` becomes `-`,
 * truncate to 253 characters, then trim leading and trailing `-` and `.`. Inner runs are
 * kept (`production_01/west` → `production-01-west`). Used for `nameNormalized`,
 * `*basenameNormalized`, `*filenameNormalized` and the `normalize` template function.
 */
export function sanitizeName(name: string): string {
  const replaced = name.toLowerCase().replace(INVALID, '-').slice(0, 253);
  return replaced.replace(EDGES, '');
}

const INVALID = /[^-a-z0-9.]/gu;
const EDGES = /^[-.]+|[-.]+$/g;
