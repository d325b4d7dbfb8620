import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiPrincipal } from '../../registry/api-tokens.ts';
import type { RouteAccess } from './api-auth.ts';

/** What a route handler gets. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The caller (undefined on public routes). */
  principal: ApiPrincipal | undefined;
}

/** A JSON answer; `undefined` means the handler wrote the response itself (SSE, metrics). */
export type RouteResult = { status?: number; body: unknown } | undefined;

/** One endpoint: a name (the metrics label), method, path pattern with named groups, access. */
export interface Route {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: RegExp;
  access: RouteAccess;
  handle(ctx: RouteContext): Promise<RouteResult>;
}
