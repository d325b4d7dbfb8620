/**
 * A failed call to the Kubernetes API, carrying the HTTP status and the API server's own
 * `Status.message` (what users see in `kubectl`), so that an app's failure can quote it.
 */
export class KubeApiError extends Error {
  readonly status: number;
  readonly reason: string;
  /** Delay the server asked for (Retry-After), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, reason: string, message: string, retryAfterMs?: number) {
    super(message);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = reason;
    this.retryAfterMs = retryAfterMs;
  }

  /** Builds the error from a response: the Status body when there is one, else the raw text. */
  static fromResponse(status: number, body: string, what: string, retryAfter?: string): KubeApiError {
    let message = body.trim().slice(0, 2000) || `HTTP ${status}`;
    let reason = '';
    try {
      const parsed = JSON.parse(body) as { kind?: string; message?: string; reason?: string };
      if (parsed.kind === 'Status' && typeof parsed.message === 'string') message = parsed.message;
      if (typeof parsed.reason === 'string') reason = parsed.reason;
    } catch {
      // not JSON: keep the text
    }
    const seconds = retryAfter === undefined ? NaN : Number(retryAfter);
    return new KubeApiError(
      status,
      reason,
      `${what}: ${message}`,
      Number.isFinite(seconds) ? seconds * 1000 : undefined,
    );
  }
}

/**
 * True when a failed API call is worth retrying: throttling (429), server errors (5xx)
 * and transport failures (no status). 4xx answers are final.
 */
export function isRetryableKubeError(err: unknown): boolean {
  if (err instanceof KubeApiError) return err.status === 429 || err.status >= 500 || err.status === 0;
  return err instanceof Error && err.name !== 'AbortError';
}

/** True for a 404 answer. */
export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 404;
}
