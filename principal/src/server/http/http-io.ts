import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCodes, OutpostError } from '@outpost/shared';

const STATUS_BY_CODE: Partial<Record<string, number>> = {
  [ErrorCodes.API_UNAUTHORIZED]: 401,
  [ErrorCodes.WEBHOOK_SIGNATURE_INVALID]: 401,
  [ErrorCodes.API_FORBIDDEN]: 403,
  [ErrorCodes.API_NOT_FOUND]: 404,
  [ErrorCodes.CLUSTER_NOT_FOUND]: 404,
  [ErrorCodes.APPSET_NOT_FOUND]: 404,
  [ErrorCodes.CLUSTER_EXISTS]: 409,
  [ErrorCodes.API_REQUEST_INVALID]: 400,
  [ErrorCodes.CONFIG_INVALID]: 400,
  [ErrorCodes.INPUT_PARSE]: 400,
  [ErrorCodes.APPSET_INVALID]: 400,
};

/** HTTP status for an error: 4xx for user errors with a known code, else 500. */
export function httpStatusOf(e: unknown): number {
  return e instanceof OutpostError ? (STATUS_BY_CODE[e.code] ?? 500) : 500;
}

/** Writes a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Writes `{ "error": { code, message, location, hint } }`; internal errors say only that. */
export function sendError(res: ServerResponse, e: unknown): void {
  const status = httpStatusOf(e);
  const error =
    e instanceof OutpostError && status < 500
      ? e.toJSON()
      : { code: 'INTERNAL', message: 'internal error in the hub (see its log)' };
  if (!res.headersSent) sendJson(res, status, { error });
  else res.end();
}

const MAX_BODY = 4 * 1024 * 1024;

/** Reads the request body (at most 4 MiB). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new OutpostError(ErrorCodes.API_REQUEST_INVALID, 'request body exceeds 4 MiB');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body. @throws OutpostError API_REQUEST_INVALID */
export function parseJson(body: Buffer): unknown {
  try {
    return body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw new OutpostError(ErrorCodes.API_REQUEST_INVALID, 'the request body is not JSON', { cause });
  }
}
