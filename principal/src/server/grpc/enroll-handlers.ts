import { Metadata, status } from '@grpc/grpc-js';
import type { ServerUnaryCall, handleUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { EnrollResult, EnrollService } from './enroll-service.ts';
import { peerCertificateOf } from './auth-peer-certificate.ts';

type Wire = Record<string, unknown>;

/** Metadata keys carrying the stable error code and hint of a refused call. */
export const ErrorMetadata = { code: 'outpost-error-code', hint: 'outpost-error-hint' } as const;

/** The unary `Enroll` and `Renew` handlers for the `Hub` service, over an `EnrollService`. */
export function enrollHandlers(service: EnrollService): {
  Enroll: handleUnaryCall<Wire, Wire>;
  Renew: handleUnaryCall<Wire, Wire>;
} {
  return {
    Enroll: (call, callback) => {
      const r = call.request;
      respond(
        service.enroll({
          cluster: String(r.cluster ?? ''),
          token: String(r.token ?? ''),
          csrPem: String(r.csrPem ?? ''),
          agentVersion: String(r.agentVersion ?? ''),
        }),
        callback,
      );
    },
    Renew: (call: ServerUnaryCall<Wire, Wire>, callback) => {
      respond(
        service.renew(peerCertificateOf(call), { csrPem: String(call.request.csrPem ?? '') }),
        callback,
      );
    },
  };
}

function respond(result: Promise<EnrollResult>, callback: sendUnaryData<Wire>): void {
  result.then(
    (r) =>
      callback(null, {
        certificatePem: r.certificatePem,
        caPem: r.caPem,
        cluster: r.cluster,
        notAfterUnixMs: String(r.notAfterUnixMs),
      }),
    (e: unknown) => callback(toServiceError(e)),
  );
}

const STATUS_BY_CODE: Partial<Record<string, status>> = {
  [ErrorCodes.AUTH_FAILED]: status.UNAUTHENTICATED,
  [ErrorCodes.ENROLL_TOKEN_INVALID]: status.UNAUTHENTICATED,
  [ErrorCodes.ENROLL_TOKEN_EXPIRED]: status.UNAUTHENTICATED,
  [ErrorCodes.ENROLL_TOKEN_SPENT]: status.UNAUTHENTICATED,
  [ErrorCodes.CLUSTER_NOT_FOUND]: status.NOT_FOUND,
  [ErrorCodes.CSR_INVALID]: status.INVALID_ARGUMENT,
};

/** Maps an error to a gRPC status whose details read `CODE: where: message (hint)`. */
export function toServiceError(e: unknown): { code: status; details: string; metadata: Metadata } {
  const metadata = new Metadata();
  if (e instanceof OutpostError) {
    metadata.set(ErrorMetadata.code, e.code);
    if (e.hint) metadata.set(ErrorMetadata.hint, e.hint);
    return { code: STATUS_BY_CODE[e.code] ?? status.INTERNAL, details: e.describe(), metadata };
  }
  return { code: status.INTERNAL, details: 'internal error in the hub (see its log)', metadata };
}
