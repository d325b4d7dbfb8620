import { ErrorCodes, OutpostError, fingerprintDer, isIssuedBy, toPem } from '@outpost/shared';
import type { ClusterRegistry } from '../../registry/cluster-registry.ts';

/** The client certificate the TLS layer saw (absent when the client sent none). */
export interface PeerCertificateInfo {
  /** Subject CN. */
  subjectCN?: string;
  /** `sha256:<hex>`; computed from `raw` when absent. */
  fingerprint?: string;
  /** DER bytes. */
  raw?: Uint8Array;
}

/** What the stream server asks an authenticator about a call. */
export interface AgentAuthCall {
  peerCertificate?: PeerCertificateInfo | undefined;
  metadata: Record<string, string>;
}

/** The seam HUB's stream server takes: who is calling? Throws `OutpostError AUTH_FAILED`. */
export interface AgentAuthenticator {
  authenticate(call: AgentAuthCall): Promise<{ cluster: string }>;
}

/**
 * Mutual-TLS authentication: the identity is the client certificate's CN, and only when that
 * exact certificate (by SHA-256 fingerprint) is the cluster's current or just-renewed one, is
 * unexpired, and is signed by the hub CA. Metadata is ignored: the certificate is the identity.
 * An unregistered cluster has no record, so its certificate stops working at once.
 */
export class MtlsAgentAuthenticator implements AgentAuthenticator {
  /** Refusals since start (for /metrics). */
  failures = 0;
  readonly #clusters: ClusterRegistry;
  readonly #caPem: string;

  constructor(clusters: ClusterRegistry, caPem: string) {
    this.#clusters = clusters;
    this.#caPem = caPem;
  }

  async authenticate(call: AgentAuthCall): Promise<{ cluster: string }> {
    const peer = call.peerCertificate;
    if (!peer?.raw || peer.raw.length === 0) {
      throw this.#fail(
        "no client certificate issued by this hub's CA was presented",
        undefined,
        'enroll the agent first (the join command)',
      );
    }
    const fingerprint = peer.fingerprint ?? fingerprintDer(peer.raw);
    const cluster = peer.subjectCN ?? '';
    if (!(await isIssuedBy(toPem(peer.raw, 'CERTIFICATE'), this.#caPem).catch(() => false))) {
      throw this.#fail("the client certificate was not issued by this hub's CA", cluster || undefined);
    }
    const record = cluster ? await this.#clusters.acceptedCertificate(cluster, fingerprint) : undefined;
    if (!record) {
      throw this.#fail(
        'the client certificate is not accepted: the cluster is unregistered, or the certificate was replaced or expired',
        cluster || undefined,
        'register the cluster again and re-run the join command',
      );
    }
    return { cluster };
  }

  #fail(message: string, cluster: string | undefined, hint?: string): OutpostError {
    this.failures++;
    return new OutpostError(ErrorCodes.AUTH_FAILED, message, { location: cluster ? { cluster } : {}, hint });
  }
}
