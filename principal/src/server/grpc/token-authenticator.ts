import { createHash, timingSafeEqual } from 'node:crypto';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { AgentAuthCall, AgentAuthenticator } from './auth-mtls.ts';

function hash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * Per-cluster bearer tokens (metadata `authorization: Bearer <token>`), for tests and for
 * setups before enrollment exists. Tokens are kept only as SHA-256 hashes and compared in
 * constant time; the cluster identity is the one the matching token belongs to.
 */
export class TokenAgentAuthenticator implements AgentAuthenticator {
  private readonly byHash = new Map<string, string>();

  /** @param tokens cluster name → token */
  constructor(tokens: Record<string, string> | Map<string, string>) {
    const entries = tokens instanceof Map ? [...tokens] : Object.entries(tokens);
    for (const [cluster, token] of entries) this.set(cluster, token);
  }

  /** Adds or replaces a cluster's token. */
  set(cluster: string, token: string): void {
    for (const [h, c] of this.byHash) if (c === cluster) this.byHash.delete(h);
    this.byHash.set(hash(token).toString('hex'), cluster);
  }

  async authenticate(call: AgentAuthCall): Promise<{ cluster: string }> {
    const header = call.metadata.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) {
      throw new OutpostError(ErrorCodes.AUTH_FAILED, 'no bearer token in the authorization metadata', {
        hint: 'give the agent its cluster token',
      });
    }
    const presented = hash(m[1]!);
    let found: string | undefined;
    for (const [h, cluster] of this.byHash) {
      if (timingSafeEqual(Buffer.from(h, 'hex'), presented)) found = cluster;
    }
    if (!found)
      throw new OutpostError(ErrorCodes.AUTH_FAILED, 'the bearer token matches no registered cluster');
    return { cluster: found };
  }
}
