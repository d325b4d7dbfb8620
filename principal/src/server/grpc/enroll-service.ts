import { createHash, X509Certificate } from 'node:crypto';
import { ErrorCodes, OutpostError, parseDuration, signClientCsr } from '@outpost/shared';
import type { KeyAndCertificate, Logger } from '@outpost/shared';
import type { ClusterRegistry } from '../../registry/cluster-registry.ts';
import type { BootstrapTokens } from '../../registry/bootstrap-tokens.ts';
import type { AgentAuthenticator } from './auth-mtls.ts';
import type { PeerCertificateInfo } from './auth-mtls.ts';

/** What `Enroll` and `Renew` return (the domain form of `EnrollResponse`). */
export interface EnrollResult {
  certificatePem: string;
  caPem: string;
  cluster: string;
  notAfterUnixMs: number;
}

export interface EnrollServiceOptions {
  /** Client certificate lifetime. Default `30d`; agents renew at two thirds of it. */
  certificateValidity?: string;
}

/** Counters the metrics endpoint reads. */
export interface EnrollCounters {
  enrollments: number;
  renewals: number;
  refusals: number;
}

/**
 * Enrollment and renewal: a bootstrap token plus a CSR becomes a client certificate from the
 * hub CA whose CN is the cluster name, and the token is spent. Renewal is authenticated by the
 * current certificate only.
 */
export class EnrollService {
  readonly counters: EnrollCounters = { enrollments: 0, renewals: 0, refusals: 0 };
  readonly #clusters: ClusterRegistry;
  readonly #tokens: BootstrapTokens;
  readonly #ca: KeyAndCertificate;
  readonly #auth: AgentAuthenticator;
  readonly #validityMs: number;
  readonly #logger: Logger;

  constructor(
    deps: {
      clusters: ClusterRegistry;
      tokens: BootstrapTokens;
      ca: KeyAndCertificate;
      authenticator: AgentAuthenticator;
      logger: Logger;
    },
    options: EnrollServiceOptions = {},
  ) {
    this.#clusters = deps.clusters;
    this.#tokens = deps.tokens;
    this.#ca = deps.ca;
    this.#auth = deps.authenticator;
    this.#logger = deps.logger;
    this.#validityMs = parseDuration(options.certificateValidity ?? '30d');
  }

  /**
   * @throws OutpostError CLUSTER_NOT_FOUND, ENROLL_TOKEN_INVALID / _SPENT / _EXPIRED, CSR_INVALID.
   */
  async enroll(req: {
    cluster: string;
    token: string;
    csrPem: string;
    agentVersion?: string;
  }): Promise<EnrollResult> {
    try {
      if (!req.cluster || !req.token) {
        throw new OutpostError(
          ErrorCodes.ENROLL_TOKEN_INVALID,
          'Enroll needs a cluster name and a bootstrap token',
          {
            location: { cluster: req.cluster },
          },
        );
      }
      await this.#clusters.require(req.cluster);
      // The token is checked, then the CSR is read and signed, and only then is the token
      // spent, for the request's key: a malformed CSR leaves the token usable, and the same key
      // retrying after a lost answer is served again (BootstrapTokens).
      await this.#tokens.check(req.cluster, req.token);
      const result = await this.#issue(req.cluster, req.csrPem, 'enroll', (certPem) =>
        this.#tokens.spend(req.cluster, req.token, publicKeySha256(certPem)),
      );
      this.counters.enrollments++;
      this.#logger.info({ cluster: req.cluster, agentVersion: req.agentVersion }, 'cluster enrolled');
      return result;
    } catch (e) {
      this.counters.refusals++;
      this.#logger.warn({ cluster: req.cluster, err: describe(e) }, 'enrollment refused');
      throw e;
    }
  }

  /** Renews the certificate of the cluster the presented (current) certificate belongs to. */
  async renew(peer: PeerCertificateInfo | undefined, req: { csrPem: string }): Promise<EnrollResult> {
    const { cluster } = await this.#auth.authenticate({ peerCertificate: peer, metadata: {} });
    const result = await this.#issue(cluster, req.csrPem, 'renew');
    this.counters.renewals++;
    this.#logger.info(
      { cluster, notAfter: new Date(result.notAfterUnixMs).toISOString() },
      'certificate renewed',
    );
    return result;
  }

  async #issue(
    cluster: string,
    csrPem: string,
    kind: 'enroll' | 'renew',
    beforeRecording: (certPem: string) => Promise<void> = async () => {},
  ): Promise<EnrollResult> {
    const issued = await signClientCsr(this.#ca, csrPem, {
      commonName: cluster,
      validityMs: this.#validityMs,
    });
    await beforeRecording(issued.certPem);
    await this.#clusters.recordCertificate(
      cluster,
      { fingerprint: issued.fingerprint, serial: issued.serial, notAfter: issued.notAfter.toISOString() },
      kind,
    );
    return {
      certificatePem: issued.certPem,
      caPem: this.#ca.certPem,
      cluster,
      notAfterUnixMs: issued.notAfter.getTime(),
    };
  }
}

function describe(e: unknown): string {
  return e instanceof OutpostError ? e.describe() : e instanceof Error ? e.message : String(e);
}

/** SHA-256 (hex) of a certificate's public key, as SPKI DER: the key a bootstrap token enrolled. */
function publicKeySha256(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}
