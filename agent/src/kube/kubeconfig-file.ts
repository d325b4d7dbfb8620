import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import { parseDocument } from 'yaml';
import { basicAuth, bearerAuth, noAuth, tokenFileAuth } from './cluster-endpoint.ts';
import type { ClusterEndpoint, EndpointTls, RequestAuth } from './cluster-endpoint.ts';
import { externalAuth } from './external-auth.ts';

/** A named list entry: `{ name, cluster }`, `{ name, user }` or `{ name, context }`. */
type Named<T> = { name?: string } & Record<string, T | string | undefined>;

interface ClusterEntry {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  'proxy-url'?: string;
}

interface UserEntry {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  username?: string;
  password?: string;
  exec?: unknown;
  'auth-provider'?: unknown;
}

interface ContextEntry {
  cluster?: string;
  user?: string;
  namespace?: string;
}

interface KubeconfigDoc {
  'current-context'?: string;
  clusters?: Named<ClusterEntry>[];
  users?: Named<UserEntry>[];
  contexts?: Named<ContextEntry>[];
}

/**
 * Reads a kubeconfig file into a {@link ClusterEndpoint} for `context` (default the
 * file's current context). Static credentials (token, token file, client certificate,
 * basic) are handled here; `exec` and `auth-provider` users are delegated to
 * @kubernetes/client-node, loaded only for them.
 * @throws OutpostError CONFIG_INVALID naming the file (and line for YAML errors).
 */
export function kubeconfigEndpoint(file: string, context?: string): ClusterEndpoint {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw invalid(file, `cannot read kubeconfig ${file}: ${(err as Error).message}`);
  }
  return parseKubeconfig(text, file, context);
}

/** {@link kubeconfigEndpoint} over kubeconfig text; relative paths resolve against `file`'s folder. */
export function parseKubeconfig(text: string, file: string, context?: string): ClusterEndpoint {
  const parsed = parseDocument(text);
  const yamlError = parsed.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0].line;
    const message = yamlError.message.split('\n')[0] ?? yamlError.message;
    throw new OutpostError(ErrorCodes.CONFIG_INVALID, `kubeconfig ${file}: ${message}`, {
      location: { file, ...(line ? { line } : {}) },
    });
  }
  const doc = (parsed.toJS() ?? {}) as KubeconfigDoc;
  const ctxName = context ?? doc['current-context'];
  if (!ctxName) throw invalid(file, `kubeconfig ${file} has no current-context`, 'pass --context NAME');
  const ctx = entry(doc.contexts, 'context', ctxName);
  if (!ctx) {
    const known = (doc.contexts ?? []).map((c) => c.name).join(', ') || 'none';
    throw invalid(file, `context "${ctxName}" not found in ${file}`, `known contexts: ${known}`);
  }
  const cluster = ctx.cluster ? entry(doc.clusters, 'cluster', ctx.cluster) : undefined;
  if (!cluster?.server) {
    throw invalid(file, `kubeconfig ${file}: context "${ctxName}" names no cluster with a server`);
  }
  if (cluster['proxy-url']) {
    throw invalid(
      file,
      `kubeconfig ${file}: cluster "${ctx.cluster}" sets proxy-url, which the agent does not support`,
    );
  }
  const user = (ctx.user ? entry(doc.users, 'user', ctx.user) : undefined) ?? {};
  const base = dirname(file);
  const tls: EndpointTls = {
    ...pem('caPem', cluster['certificate-authority'], cluster['certificate-authority-data'], base, file),
    ...pem('certPem', user['client-certificate'], user['client-certificate-data'], base, file),
    ...pem('keyPem', user['client-key'], user['client-key-data'], base, file),
    ...(cluster['insecure-skip-tls-verify'] ? { insecureSkipTlsVerify: true } : {}),
    ...(cluster['tls-server-name'] ? { serverName: cluster['tls-server-name'] } : {}),
  };
  return {
    server: cluster.server.replace(/\/+$/, ''),
    tls,
    auth: userAuth(user, base, file, ctxName),
    ...(ctx.namespace ? { namespace: ctx.namespace } : {}),
    source: `${file} (context ${ctxName})`,
  };
}

function userAuth(user: UserEntry, base: string, file: string, context: string): RequestAuth {
  if (user.exec || user['auth-provider']) return externalAuth(file, context);
  if (user.token) return bearerAuth(user.token);
  if (user.tokenFile) return tokenFileAuth(resolvePath(base, user.tokenFile));
  if (user.username) return basicAuth(user.username, user.password ?? '');
  return noAuth;
}

function entry<T>(list: Named<T>[] | undefined, key: string, name: string): T | undefined {
  const found = (list ?? []).find((e) => e.name === name);
  return found ? (found[key] as T | undefined) : undefined;
}

function pem(
  key: keyof EndpointTls,
  path: string | undefined,
  data: string | undefined,
  base: string,
  file: string,
): Partial<EndpointTls> {
  if (data) return { [key]: Buffer.from(data, 'base64').toString('utf8') };
  if (!path) return {};
  const full = resolvePath(base, path);
  try {
    return { [key]: readFileSync(full, 'utf8') };
  } catch (err) {
    throw invalid(file, `kubeconfig ${file}: cannot read ${full}: ${(err as Error).message}`);
  }
}

function resolvePath(base: string, path: string): string {
  return isAbsolute(path) ? path : join(base, path);
}

function invalid(file: string, message: string, hint?: string): OutpostError {
  return new OutpostError(ErrorCodes.CONFIG_INVALID, message, {
    location: { file },
    ...(hint ? { hint } : {}),
  });
}
