import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { Application } from '../appsets/application.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks that a decoded document is an Argo CD Application the hub can assign: a name, a
 * destination (`name` or `server`) and one `source` with a `repoURL`.
 *
 * @throws OutpostError APPSET_APP_INVALID naming the field and file:line.
 */
export function validatePlainApplication(
  value: unknown,
  where: { file?: string; line?: number } = {},
): Application {
  const fail = (message: string, app?: string) =>
    new OutpostError(ErrorCodes.APPSET_APP_INVALID, message, { location: { ...where, app } });
  if (!isObject(value)) throw fail('an Application must be an object');
  if (value.apiVersion !== 'argoproj.io/v1alpha1' || value.kind !== 'Application') {
    throw fail(
      `expected apiVersion argoproj.io/v1alpha1 and kind Application, got ${JSON.stringify(value.apiVersion)} ${JSON.stringify(value.kind)}`,
    );
  }
  const metadata = value.metadata;
  if (!isObject(metadata) || typeof metadata.name !== 'string' || metadata.name === '')
    throw fail('metadata.name is required');
  const name = metadata.name;
  const spec = value.spec;
  if (!isObject(spec)) throw fail('spec is required', name);
  const destination = spec.destination;
  if (
    !isObject(destination) ||
    (typeof destination.name !== 'string' && typeof destination.server !== 'string')
  ) {
    throw fail('spec.destination needs name or server', name);
  }
  const source = spec.source;
  if (!isObject(source) || typeof source.repoURL !== 'string' || source.repoURL === '') {
    throw fail('spec.source.repoURL is required (multi-source Applications are not supported)', name);
  }
  return value as unknown as Application;
}
