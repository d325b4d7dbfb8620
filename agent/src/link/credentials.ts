import type { ChannelCredentials } from '@grpc/grpc-js';
import { hubChannelCredentials } from './hub-tls.ts';

/**
 * How the link authenticates to the hub: TLS channel credentials plus per-call metadata.
 * The enrolled mTLS provider (client certificate from `--state-dir`) implements it as
 * well as the bearer-token provider below. Called on every dial, so a provider may hand
 * out renewed material without a restart.
 */
export interface LinkCredentials {
  channelCredentials(): ChannelCredentials;
  metadata(): Record<string, string>;
}

/** Options of {@link tokenCredentials}. */
export interface TokenCredentialsOptions {
  /** The cluster's bearer token (sent as `authorization: Bearer <token>`). */
  token: string;
  /** PEM of the CA that signed the hub's serving certificate; default the system roots. */
  caPem?: string | Buffer;
}

/**
 * A per-cluster bearer token over TLS: the hub's certificate is verified against `caPem`
 * (a self-signed hub CA is fine) and the token travels in the `authorization` metadata.
 */
export function tokenCredentials(options: TokenCredentialsOptions): LinkCredentials {
  if (!options.token) throw new Error('tokenCredentials: empty token');
  const tls = options.caPem === undefined ? {} : { caPem: options.caPem };
  return {
    channelCredentials: () => hubChannelCredentials(tls),
    metadata: () => ({ authorization: `Bearer ${options.token}` }),
  };
}
