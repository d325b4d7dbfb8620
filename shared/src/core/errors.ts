/**
 * Stable error codes. A code never changes meaning once released; scripts and
 * operators match on it. Add new codes here, grouped by feature.
 */
export const ErrorCodes = {
  // configuration and input
  CONFIG_INVALID: 'CONFIG_INVALID',
  INPUT_PARSE: 'INPUT_PARSE',
  // git sources
  GIT_FETCH_FAILED: 'GIT_FETCH_FAILED',
  GIT_REVISION_NOT_FOUND: 'GIT_REVISION_NOT_FOUND',
  GIT_PATH_NOT_FOUND: 'GIT_PATH_NOT_FOUND',
  // applicationsets
  APPSET_INVALID: 'APPSET_INVALID',
  APPSET_GENERATOR_INVALID: 'APPSET_GENERATOR_INVALID',
  APPSET_GENERATOR_FAILED: 'APPSET_GENERATOR_FAILED',
  APPSET_SELECTOR_INVALID: 'APPSET_SELECTOR_INVALID',
  APPSET_MERGE_DUPLICATE_KEY: 'APPSET_MERGE_DUPLICATE_KEY',
  APPSET_MATRIX_INVALID: 'APPSET_MATRIX_INVALID',
  APPSET_TEMPLATE_PARSE: 'APPSET_TEMPLATE_PARSE',
  APPSET_TEMPLATE_EXEC: 'APPSET_TEMPLATE_EXEC',
  APPSET_DUPLICATE_APP: 'APPSET_DUPLICATE_APP',
  APPSET_GIT_FILE_PARSE: 'APPSET_GIT_FILE_PARSE',
  APPSET_MATRIX_KEY_CONFLICT: 'APPSET_MATRIX_KEY_CONFLICT',
  APPSET_TEMPLATE_PATCH_INVALID: 'APPSET_TEMPLATE_PATCH_INVALID',
  APPSET_APP_INVALID: 'APPSET_APP_INVALID',
  // rendering
  RENDER_MANIFEST_INVALID: 'RENDER_MANIFEST_INVALID',
  RENDER_KUSTOMIZE_FAILED: 'RENDER_KUSTOMIZE_FAILED',
  RENDER_TOOL_MISSING: 'RENDER_TOOL_MISSING',
  RENDER_UNSUPPORTED: 'RENDER_UNSUPPORTED',
  // protocol and fleet
  PROTOCOL_VERSION_UNSUPPORTED: 'PROTOCOL_VERSION_UNSUPPORTED',
  PROTOCOL_LIMIT_EXCEEDED: 'PROTOCOL_LIMIT_EXCEEDED',
  AUTH_FAILED: 'AUTH_FAILED',
  CLUSTER_NOT_FOUND: 'CLUSTER_NOT_FOUND',
  CLUSTER_EXISTS: 'CLUSTER_EXISTS',
  ENROLL_TOKEN_INVALID: 'ENROLL_TOKEN_INVALID',
  ENROLL_TOKEN_EXPIRED: 'ENROLL_TOKEN_EXPIRED',
  STORE_FAILED: 'STORE_FAILED',
  PROTOCOL_MESSAGE_INVALID: 'PROTOCOL_MESSAGE_INVALID',
  CLUSTER_MISMATCH: 'CLUSTER_MISMATCH',
  STREAM_REPLACED: 'STREAM_REPLACED',
  HUB_SHUTTING_DOWN: 'HUB_SHUTTING_DOWN',
  ASSIGNMENT_CHUNK_INVALID: 'ASSIGNMENT_CHUNK_INVALID',
  AGENT_SILENT: 'AGENT_SILENT',
  // identity, registration and the HTTP API
  PKI_INVALID: 'PKI_INVALID',
  CSR_INVALID: 'CSR_INVALID',
  CA_FINGERPRINT_MISMATCH: 'CA_FINGERPRINT_MISMATCH',
  ENROLL_TOKEN_SPENT: 'ENROLL_TOKEN_SPENT',
  CLUSTER_REVOKED: 'CLUSTER_REVOKED',
  API_UNAUTHORIZED: 'API_UNAUTHORIZED',
  API_FORBIDDEN: 'API_FORBIDDEN',
  API_NOT_FOUND: 'API_NOT_FOUND',
  API_REQUEST_INVALID: 'API_REQUEST_INVALID',
  WEBHOOK_SIGNATURE_INVALID: 'WEBHOOK_SIGNATURE_INVALID',
  APPSET_NOT_FOUND: 'APPSET_NOT_FOUND',
  HUB_UNREACHABLE: 'HUB_UNREACHABLE',
  // agent
  APPLY_FAILED: 'APPLY_FAILED',
  PRUNE_FAILED: 'PRUNE_FAILED',
  STATE_CORRUPT: 'STATE_CORRUPT',
  LINK_REFUSED: 'LINK_REFUSED',
  BLOB_INVALID: 'BLOB_INVALID',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Where a user-facing error points: any of file/line, appset, generator path, cluster, app. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
  appset?: string;
  generator?: string;
  cluster?: string;
  app?: string;
  object?: string;
}

export interface OutpostErrorOptions {
  hint?: string;
  cause?: unknown;
  location?: ErrorLocation;
}

/**
 * A user-facing failure with a stable code. Its message says what failed; `location`
 * says where; `hint` says what to do. Programmer errors stay plain `Error`.
 */
export class OutpostError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly location: ErrorLocation;

  constructor(code: ErrorCode, message: string, options: OutpostErrorOptions = {}) {
    super(redactSecrets(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OutpostError';
    this.code = code;
    this.hint = options.hint;
    this.location = options.location ?? {};
  }

  /** Returns a copy pointing at a more precise place (fields already set win). */
  at(location: ErrorLocation): OutpostError {
    const e = new OutpostError(this.code, this.message, {
      hint: this.hint,
      cause: this.cause,
      location: { ...location, ...this.location },
    });
    e.stack = this.stack;
    return e;
  }

  /** One line: `CODE: where: message (hint)`. */
  describe(): string {
    const where = formatLocation(this.location);
    return `${this.code}: ${where ? `${where}: ` : ''}${this.message}${this.hint ? ` (hint: ${this.hint})` : ''}`;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, location: this.location, hint: this.hint };
  }
}

export function formatLocation(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.cluster) parts.push(`cluster ${loc.cluster}`);
  if (loc.appset) parts.push(`applicationset ${loc.appset}`);
  if (loc.app) parts.push(`app ${loc.app}`);
  if (loc.generator) parts.push(loc.generator);
  if (loc.object) parts.push(loc.object);
  if (loc.file)
    parts.push(
      `${loc.file}${loc.line !== undefined ? `:${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}` : ''}`,
    );
  return parts.join(', ');
}

export function isOutpostError(e: unknown): e is OutpostError {
  return e instanceof OutpostError;
}

const SECRET_PATTERNS: RegExp[] = [
  /(\/\/[^/\s:@]+:)[^@\s/]+(?=@)/g, // user:password@ in URLs
  /(bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  /(token[=:]\s*)[A-Za-z0-9._~+/=-]{8,}/gi,
];

/** Removes credentials (URL passwords, bearer tokens) from a message. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const re of SECRET_PATTERNS) out = out.replace(re, '$1***');
  return out;
}
