/**
 * What the connection-memory benchmark's server and client processes share: the transport
 * variants, the one-method gRPC service (raw bytes, no proto), the configs passed to the child
 * processes as JSON, and the server's memory reading.
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import type { BenchCerts } from './conn-memory-certs.ts';

/**
 * Transports, from the hub's down to bare sockets, so the cost of each layer is a difference:
 * - `grpc-mtls`: grpc-js server with the hub's credentials (client certificate requested, not
 *   required; `agentServerCredentials`), clients present a certificate — what the hub runs;
 * - `grpc-mtls-required`: `ServerCredentials.createSsl(ca, …, true)`;
 * - `grpc-tls`: server-only TLS; `grpc-h2c`: gRPC over cleartext HTTP/2;
 * - `http2-tls`: raw `node:http2` secure server, client certificate, one stream per session;
 *   `http2-tls-nocert`: the same without client certificates; `http2-h2c`: cleartext;
 * - `tls`: raw `node:tls` sockets with client certificates; `tcp`: raw `node:net` sockets.
 */
export const CONN_VARIANTS = [
  'grpc-mtls',
  'grpc-mtls-required',
  'grpc-tls',
  'grpc-h2c',
  'http2-tls',
  'http2-tls-nocert',
  'http2-h2c',
  'tls',
  'tcp',
] as const;

/** One of {@link CONN_VARIANTS}. */
export type ConnVariant = (typeof CONN_VARIANTS)[number];

/** The server child's configuration. */
export interface ConnServerConfig {
  variant: ConnVariant;
  certs: BenchCerts;
  /** Apply the hub's `KEEPALIVE_SERVER_OPTIONS` (grpc variants). */
  keepalive: boolean;
  /** Extra grpc-js server options (`grpc.*`, `grpc-node.*`). */
  grpcOptions: Record<string, number | string>;
  /** HTTP/2 settings for the raw `node:http2` variants (`initialWindowSize`, `headerTableSize`, …). */
  h2Settings: Record<string, number>;
  /** `maxSessionMemory` (MiB) for the raw `node:http2` variants. */
  maxSessionMemory?: number;
  /** Extra `tls.createServer` options (e.g. `sessionTimeout`, `ticketKeys` are not JSON: numbers and strings only). */
  tlsOptions: Record<string, number | string | boolean>;
}

/** The client child's configuration. */
export interface ConnClientConfig {
  variant: ConnVariant;
  certs: BenchCerts;
  port: number;
  /** Connections opened at once. */
  concurrency: number;
}

/** The server's own memory, KiB, after a full GC. */
export interface ServerMemory {
  rssKiB: number;
  rssAnonKiB: number;
  heapUsedKiB: number;
  externalKiB: number;
  arrayBuffersKiB: number;
}

const identity = (b: Buffer): Buffer => b;

/** One bidi method `/bench.Conn/Connect` carrying raw bytes. */
export const CONN_SERVICE: ServiceDefinition = {
  Connect: {
    path: '/bench.Conn/Connect',
    requestStream: true,
    responseStream: true,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

/** `key=value` pairs into a record; values that look like numbers become numbers. */
export function parsePairs(pairs: readonly string[], what: string): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`${what}: expected key=value, got "${pair}"`);
    const value = pair.slice(eq + 1);
    out[pair.slice(0, eq)] = value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  return out;
}
