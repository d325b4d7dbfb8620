import type { PeerCertificate } from 'node:tls';
import { fingerprintDer } from '@outpost/shared';
import type { PeerCertificateInfo } from './auth-mtls.ts';

/** Anything grpc-js hands a handler that carries the TLS auth context (unary calls and streams). */
export interface CallWithAuthContext {
  getAuthContext?: () => { sslPeerCertificate?: PeerCertificate } | null;
}

/** The client certificate of a gRPC call, in the form `AgentAuthenticator` takes (undefined if none). */
export function peerCertificateOf(call: CallWithAuthContext): PeerCertificateInfo | undefined {
  const cert = call.getAuthContext?.()?.sslPeerCertificate;
  if (!cert || !cert.raw || cert.raw.length === 0) return undefined;
  const cn = cert.subject?.CN;
  return {
    subjectCN: Array.isArray(cn) ? cn[0] : cn,
    fingerprint: fingerprintDer(cert.raw),
    raw: new Uint8Array(cert.raw),
  };
}
