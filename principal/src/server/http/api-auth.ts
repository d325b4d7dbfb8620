import type { IncomingMessage } from 'node:http';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { ApiPrincipal, ApiTokens } from '../../registry/api-tokens.ts';

/** What a route needs: nothing (`public`), any valid token (`read`), or an admin token. */
export type RouteAccess = 'public' | 'read' | 'admin';

/**
 * Checks the bearer token of a request against the access a route needs.
 * @throws OutpostError API_UNAUTHORIZED (missing/unknown token), API_FORBIDDEN (read-only token on an admin route)
 */
export async function authorize(
  req: IncomingMessage,
  access: RouteAccess,
  tokens: ApiTokens,
): Promise<ApiPrincipal | undefined> {
  if (access === 'public') return undefined;
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  const principal = m ? await tokens.verify(m[1]!) : undefined;
  if (!principal) {
    throw new OutpostError(
      ErrorCodes.API_UNAUTHORIZED,
      m ? 'the API token is not valid' : 'an API token is required',
      {
        hint: 'pass --token / OUTPOST_TOKEN (the initial admin token is in DATA/initial-admin-token on the hub)',
      },
    );
  }
  if (access === 'admin' && principal.role !== 'admin') {
    throw new OutpostError(ErrorCodes.API_FORBIDDEN, `token "${principal.name}" is read-only`, {
      hint: 'use an admin token for changes',
    });
  }
  return principal;
}
