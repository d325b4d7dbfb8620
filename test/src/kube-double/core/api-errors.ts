/**
 * Kubernetes `Status` failures, worded and shaped like the real apiserver's: `details.kind` is
 * the plural resource for NotFound/AlreadyExists/Conflict and the Kind for Invalid;
 * `details.group` only for non-core groups.
 */
import type { ResourceType } from './resource-catalog.ts';
import { qualifiedKind, qualifiedResource } from './resource-catalog.ts';
import type { JsonObject } from './objects.ts';

/** One `details.causes[]` entry. */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

/** An API failure: the HTTP code and the Status body to send. */
export class ApiError extends Error {
  readonly code: number;
  readonly status: JsonObject;
  /** Extra response headers (e.g. Retry-After). */
  readonly headers: Record<string, string>;

  constructor(
    code: number,
    reason: string,
    message: string,
    details?: JsonObject,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.headers = headers;
    this.status = statusBody(code, reason, message, details);
  }
}

/** The body of a failure Status. */
export function statusBody(code: number, reason: string, message: string, details?: JsonObject): JsonObject {
  const body: JsonObject = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
  };
  if (details) body['details'] = details;
  body['code'] = code;
  return body;
}

function resourceDetails(r: Pick<ResourceType, 'group' | 'plural'>, name: string): JsonObject {
  const d: JsonObject = { name };
  if (r.group) d['group'] = r.group;
  d['kind'] = r.plural;
  return d;
}

/** 404 NotFound for a named object. */
export function notFound(r: Pick<ResourceType, 'group' | 'plural'>, name: string): ApiError {
  return new ApiError(
    404,
    'NotFound',
    `${qualifiedResource(r)} "${name}" not found`,
    resourceDetails(r, name),
  );
}

/** 404 for an unknown resource under a served group version. */
export function unknownResource(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 409 AlreadyExists. */
export function alreadyExists(r: Pick<ResourceType, 'group' | 'plural'>, name: string): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${qualifiedResource(r)} "${name}" already exists`,
    resourceDetails(r, name),
  );
}

/** 409 Conflict for a stale resourceVersion (or a changed uid precondition). */
export function staleConflict(r: Pick<ResourceType, 'group' | 'plural'>, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    resourceDetails(r, name),
  );
}

/** 422 Invalid with one cause per violation; several are joined in `[...]` like the real server. */
export function invalid(
  r: Pick<ResourceType, 'group' | 'kind'>,
  name: string,
  causes: StatusCause[],
): ApiError {
  const parts = causes.map((c) => `${c.field ? `${c.field}: ` : ''}${c.message}`);
  const joined = parts.length === 1 ? (parts[0] ?? '') : `[${parts.join(', ')}]`;
  const details: JsonObject = {};
  if (name) details['name'] = name;
  if (r.group) details['group'] = r.group;
  details['kind'] = r.kind;
  details['causes'] = causes;
  return new ApiError(422, 'Invalid', `${qualifiedKind(r)} "${name}" is invalid: ${joined}`, details);
}

/** 400 BadRequest without details. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** 405 MethodNotAllowed. */
export function methodNotAllowed(): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );
}

/** 415 for an unsupported patch Content-Type. */
export function unsupportedMediaType(): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {});
}

/** 403 for a create in a namespace that is being deleted. */
export function namespaceTerminating(
  r: Pick<ResourceType, 'group' | 'plural'>,
  name: string,
  namespace: string,
): ApiError {
  return new ApiError(
    403,
    'Forbidden',
    `${qualifiedResource(r)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
    {
      ...resourceDetails(r, name),
      causes: [
        {
          reason: 'NamespaceTerminating',
          message: `namespace ${namespace} is being terminated`,
          field: 'metadata.namespace',
        },
      ],
    },
  );
}

/** 404 for a create in a namespace that does not exist. */
export function namespaceNotFound(namespace: string): ApiError {
  return notFound({ group: '', plural: 'namespaces' }, namespace);
}

/** 429 TooManyRequests with Retry-After. */
export function tooManyRequests(retryAfterSeconds: number): ApiError {
  return new ApiError(
    429,
    'TooManyRequests',
    'Too many requests, please try again later.',
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

/** 500 InternalError (for injected faults). */
export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}
