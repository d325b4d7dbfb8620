/** Explicit protocol limits; exceeding one is a clear error, never a silent drop. */
export interface WireLimits {
  /** Largest gRPC message either side sends or accepts, in bytes. Default 4 MiB. */
  maxMessageBytes: number;
  /** Most ObjectRefs in one Assignment chunk. Default 2000. */
  maxObjectsPerChunk: number;
  /** Most blob bytes the hub packs into one Blobs message. Default 1 MiB (below maxMessageBytes). */
  maxBlobBytesPerMessage: number;
  /** Most digests one BlobRequest may name. Default 10 000. */
  maxDigestsPerRequest: number;
  /** The agent sends at most one StatusReport per app per this many ms. Default 2000. */
  statusMinIntervalMs: number;
  /** Application-level ping interval, in ms. Default 30 000. */
  pingIntervalMs: number;
}

/** The defaults above. */
export const DEFAULT_WIRE_LIMITS: Readonly<WireLimits> = Object.freeze({
  maxMessageBytes: 4 * 1024 * 1024,
  maxObjectsPerChunk: 2000,
  maxBlobBytesPerMessage: 1024 * 1024,
  maxDigestsPerRequest: 10_000,
  statusMinIntervalMs: 2000,
  pingIntervalMs: 30_000,
});

/** Fills defaults and validates. Throws a plain Error for nonsensical values (a programmer error). */
export function compileWireLimits(options: Partial<WireLimits> = {}): WireLimits {
  const limits = { ...DEFAULT_WIRE_LIMITS, ...options };
  for (const [k, v] of Object.entries(limits)) {
    if (!Number.isInteger(v) || v <= 0)
      throw new Error(`wire limits: ${k} must be a positive integer, got ${v}`);
  }
  if (limits.maxBlobBytesPerMessage >= limits.maxMessageBytes) {
    throw new Error('wire limits: maxBlobBytesPerMessage must be below maxMessageBytes');
  }
  return limits;
}

/**
 * HTTP/2 keepalive settings for both ends: pings every 20 s on an idle connection keep
 * proxies with idle timeouts from killing a quiet stream. `permitWithoutCalls` lets the
 * agent keep its connection warm between streams.
 */
export const KEEPALIVE_CHANNEL_OPTIONS: Readonly<Record<string, number>> = Object.freeze({
  'grpc.keepalive_time_ms': 20_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.http2.max_pings_without_data': 0,
});

/** Server side: accept the agents' keepalive pings (at most one per 10 s) and send its own. */
export const KEEPALIVE_SERVER_OPTIONS: Readonly<Record<string, number>> = Object.freeze({
  'grpc.keepalive_time_ms': 20_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.http2.min_ping_interval_without_data_ms': 10_000,
  'grpc.http2.max_ping_strikes': 0,
});
