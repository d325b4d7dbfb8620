import { status as GrpcStatus } from '@grpc/grpc-js';

/** What the link does after a stream ended with an error. */
export type LinkErrorVerdict = 'reconnect' | 'give-up';

/**
 * The one place deciding whether a failed stream is worth redialling. Network trouble,
 * hub restarts, overload and authentication failures (credentials may be renewed, a
 * cluster may be registered later) are retried with backoff; answers that say this agent
 * can never talk to this hub (unimplemented service, invalid request, failed precondition)
 * give up.
 */
export function classifyLinkError(err: unknown): LinkErrorVerdict {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'number') return 'reconnect';
  switch (code) {
    case GrpcStatus.UNIMPLEMENTED:
    case GrpcStatus.INVALID_ARGUMENT:
    case GrpcStatus.FAILED_PRECONDITION:
      return 'give-up';
    default:
      return 'reconnect';
  }
}
