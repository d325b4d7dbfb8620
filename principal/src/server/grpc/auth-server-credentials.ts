import { experimental } from '@grpc/grpc-js';
import type { ServerCredentials } from '@grpc/grpc-js';

/** The hub's TLS material as the gRPC server takes it. */
export interface HubTlsMaterial {
  keyPem: string;
  /** Serving certificate followed by the CA, so an agent can find the pinned CA in the chain. */
  certPem: string;
  /** The CA client certificates are checked against. */
  caPem: string;
}

/**
 * Server credentials for the agents' port: TLS with the hub's serving certificate, and client
 * certificates requested but not required, so `Enroll` (no certificate yet) and `Connect`/`Renew`
 * (client certificate) share one port. A certificate that is sent is checked by
 * `MtlsAgentAuthenticator`, which refuses calls without an accepted one.
 */
export function agentServerCredentials(tls: HubTlsMaterial): ServerCredentials {
  const ca = { caCertificate: Buffer.from(tls.caPem) };
  const identity = { certificate: Buffer.from(tls.certPem), privateKey: Buffer.from(tls.keyPem) };
  const provider: experimental.CertificateProvider = {
    // grpc-js registers its watcher after adding the listener, so updates are delivered asynchronously.
    addCaCertificateListener: (l) => setImmediate(() => l(ca)),
    removeCaCertificateListener: () => {},
    addIdentityCertificateListener: (l) => setImmediate(() => l(identity)),
    removeIdentityCertificateListener: () => {},
  };
  return experimental.createCertificateProviderServerCredentials(provider, provider, false);
}

/** The TLS material from a loaded hub PKI (chain = serving certificate + CA). */
export function hubTlsMaterial(pki: {
  ca: { certPem: string };
  server: { certPem: string; keyPem: string };
}): HubTlsMaterial {
  return { keyPem: pki.server.keyPem, certPem: pki.server.certPem + pki.ca.certPem, caPem: pki.ca.certPem };
}
