import { ErrorCodes, OutpostError } from '@outpost/shared';

/**
 * Credentials for every repository whose fetch URL (after rewrites) starts with
 * `prefix`; the longest matching prefix wins. Either basic auth or a bearer token.
 */
export type RepoCredential =
  | { readonly prefix: string; readonly username: string; readonly password: string }
  | { readonly prefix: string; readonly bearerToken: string };

/** Checks each credential has a prefix and exactly one kind of secret. Throws `CONFIG_INVALID`. */
export function compileCredentials(list: readonly RepoCredential[]): readonly RepoCredential[] {
  return list.map((cred, i) => {
    const basic = 'username' in cred || 'password' in cred;
    const bearer = 'bearerToken' in cred;
    const where = `repository credential #${i + 1} (prefix "${cred.prefix ?? ''}")`;
    if (!cred.prefix) throw invalid(`${where} has no prefix`);
    if (basic === bearer) throw invalid(`${where} needs either username/password or bearerToken`);
    if (
      basic &&
      !('username' in cred && cred.username && 'password' in cred && typeof cred.password === 'string')
    ) {
      throw invalid(`${where} needs both username and password`);
    }
    if (bearer && !('bearerToken' in cred && cred.bearerToken))
      throw invalid(`${where} has an empty bearerToken`);
    return cred;
  });
}

/** The credential with the longest prefix of `url`, if any. */
export function credentialFor(url: string, list: readonly RepoCredential[]): RepoCredential | undefined {
  let best: RepoCredential | undefined;
  for (const cred of list) {
    if (url.startsWith(cred.prefix) && (!best || cred.prefix.length > best.prefix.length)) best = cred;
  }
  return best;
}

/** The HTTP headers that present `cred` pre-emptively (no 401 round trip). */
export function authHeaders(cred: RepoCredential | undefined): Record<string, string> {
  if (!cred) return {};
  if ('bearerToken' in cred) return { Authorization: `Bearer ${cred.bearerToken}` };
  const basic = Buffer.from(`${cred.username}:${cred.password}`, 'utf8').toString('base64');
  return { Authorization: `Basic ${basic}` };
}

/** How a credential is described in logs and errors: its prefix and kind, never the secret. */
export function describeCredential(cred: RepoCredential | undefined): string {
  if (!cred) return 'no credentials';
  return 'bearerToken' in cred
    ? `bearer token for prefix ${cred.prefix}`
    : `basic auth as ${cred.username} for prefix ${cred.prefix}`;
}

function invalid(message: string): OutpostError {
  return new OutpostError(ErrorCodes.CONFIG_INVALID, message);
}
