import { ServerCredentials } from '@grpc/grpc-js';

/** The hub's TLS material as the gRPC server takes it. */
export interface HubTlsMaterial {
  keyPem: string;
  /** Serving certificate followed by the CA, so an agent can find the pinned CA in the chain. */
  certPem: string;
  /** The CA client certificates are checked against. */
  caPem: string;
}

/**
 * TLS for the agents' port, with HTTP/2 chosen by an ALPN callback rather than a protocol
 * list: Node copies a server's protocol list into every accepted socket, a 3-byte Buffer cut
 * from the shared 8 KiB Buffer pool that pins its whole pool slab for the life of the
 * connection (~4 KiB per agent, docs/decisions/hub-connection-memory.md). The callback
 * selects `h2` exactly when the client offers it and refuses the handshake otherwise, as the
 * list did.
 */
class AgentServerCredentials extends ServerCredentials {
  constructor(tls: HubTlsMaterial, requireClientCertificate: boolean) {
    super(
      { requestCert: true, rejectUnauthorized: requireClientCertificate, ALPNCallback: selectHttp2 },
      { ca: tls.caPem, cert: tls.certPem, key: tls.keyPem },
    );
  }

  _equals(other: ServerCredentials): boolean {
    return other === this;
  }
}

function selectHttp2({ protocols }: { protocols: string[] }): string | undefined {
  return protocols.includes('h2') ? 'h2' : undefined;
}

/**
 * Server credentials for the agents' port: TLS with the hub's serving certificate, and client
 * certificates requested. By default they are not required, so `Enroll` (no certificate yet)
 * and `Connect`/`Renew` (client certificate) share one port; a certificate that is sent is
 * checked by `MtlsAgentAuthenticator`, which refuses calls without an accepted one. With
 * `requireClientCertificate` the handshake itself refuses clients without a certificate
 * issued by the CA.
 */
export function agentServerCredentials(
  tls: HubTlsMaterial,
  options: { requireClientCertificate?: boolean } = {},
): ServerCredentials {
  return new AgentServerCredentials(tls, options.requireClientCertificate ?? false);
}

/** The TLS material from a loaded hub PKI (chain = serving certificate + CA). */
export function hubTlsMaterial(pki: {
  ca: { certPem: string };
  server: { certPem: string; keyPem: string };
}): HubTlsMaterial {
  return { keyPem: pki.server.keyPem, certPem: pki.server.certPem + pki.ca.certPem, caPem: pki.ca.certPem };
}
