import { credentials as grpcCredentials } from '@grpc/grpc-js';
import type { ChannelCredentials } from '@grpc/grpc-js';
import { Backoff, ErrorCodes, OutpostError, certificateInfo, sleep } from '@outpost/shared';
import type { Logger } from '@outpost/shared';
import type { LinkCredentials } from './credentials.ts';
import { enrollAgent, renewAgentCertificate } from './enroll-client.ts';
import type { EnrollOptions } from './enroll-client.ts';
import type { AgentIdentity } from './enroll-files.ts';
import { readIdentity, writeIdentity } from './enroll-files.ts';

/** Status of the agent's identity, for the agent's `status()` snapshot. */
export interface IdentityStatus {
  cluster: string;
  notAfter: string;
  renewals: number;
  lastRenewalError?: string;
}

/**
 * The mTLS `LinkCredentials` of an enrolled agent: its client certificate from the state dir.
 * `renewLoop` replaces the certificate at two thirds of its lifetime; the next dial uses the
 * new one, so renewal needs no restart (the open stream keeps its connection; the hub accepts
 * the previous certificate until it expires).
 */
export class EnrolledCredentials implements LinkCredentials {
  #identity: AgentIdentity;
  #creds: ChannelCredentials;
  #renewals = 0;
  /** When this process got (or loaded) the current certificate. */
  #obtainedAt = Date.now();
  #lastError: string | undefined;
  readonly #stateDir: string;

  private constructor(stateDir: string, identity: AgentIdentity) {
    this.#stateDir = stateDir;
    this.#identity = identity;
    this.#creds = build(identity);
  }

  /**
   * Uses the identity in `stateDir` if it exists for `enroll.cluster` and is unexpired;
   * otherwise enrolls with the join command's token and persists the result.
   * @throws OutpostError when there is no usable identity and enrollment fails.
   */
  static async ensure(
    stateDir: string,
    enroll: Partial<EnrollOptions> & { cluster: string; hub: string },
    logger: Logger,
  ): Promise<EnrolledCredentials> {
    const existing = await readIdentity(stateDir);
    if (
      existing &&
      existing.cluster === enroll.cluster &&
      certificateInfo(existing.certPem).notAfter.getTime() > Date.now()
    ) {
      logger.info({ cluster: existing.cluster }, 'using the enrolled identity from the state dir');
      return new EnrolledCredentials(stateDir, existing);
    }
    if (!enroll.token) {
      throw new OutpostError(
        ErrorCodes.CONFIG_INVALID,
        existing
          ? 'the enrolled certificate has expired and no bootstrap token was given'
          : 'the agent is not enrolled and no bootstrap token was given',
        {
          location: { cluster: enroll.cluster },
          hint: 'run `outpost cluster rotate-token NAME` on the hub and use the join command it prints',
        },
      );
    }
    const identity = await enrollAgent({ ...enroll, token: enroll.token });
    await writeIdentity(stateDir, identity);
    logger.info(
      { cluster: identity.cluster, notAfter: certificateInfo(identity.certPem).notAfter },
      'enrolled with the hub',
    );
    return new EnrolledCredentials(stateDir, identity);
  }

  get cluster(): string {
    return this.#identity.cluster;
  }

  channelCredentials(): ChannelCredentials {
    return this.#creds;
  }

  metadata(): Record<string, string> {
    return {};
  }

  status(): IdentityStatus {
    return {
      cluster: this.#identity.cluster,
      notAfter: certificateInfo(this.#identity.certPem).notAfter.toISOString(),
      renewals: this.#renewals,
      ...(this.#lastError ? { lastRenewalError: this.#lastError } : {}),
    };
  }

  /**
   * When the current certificate should be renewed: two thirds into the time it had left when
   * this process got it (the hub backdates `notBefore` for clock skew, so that is not used).
   */
  renewAt(): Date {
    const notAfter = certificateInfo(this.#identity.certPem).notAfter.getTime();
    return new Date(this.#obtainedAt + ((notAfter - this.#obtainedAt) * 2) / 3);
  }

  /** Renews once now and persists the new identity. */
  async renewNow(hub: string): Promise<void> {
    const next = await renewAgentCertificate(hub, this.#identity);
    await writeIdentity(this.#stateDir, next);
    this.#identity = next;
    this.#obtainedAt = Date.now();
    this.#creds = build(next);
    this.#renewals++;
    this.#lastError = undefined;
  }

  /** Renews before every expiry until `signal` aborts; failures retry with backoff. One timer at a time. */
  async renewLoop(hub: string, signal: AbortSignal, logger: Logger): Promise<void> {
    const backoff = new Backoff({ initialMs: 1_000, maxMs: 5 * 60_000 });
    while (!signal.aborted) {
      try {
        await sleep(Math.max(0, this.renewAt().getTime() - Date.now()), signal);
      } catch {
        return;
      }
      try {
        await this.renewNow(hub);
        backoff.reset();
        logger.info({ cluster: this.cluster, renewAt: this.renewAt() }, 'client certificate renewed');
      } catch (e) {
        this.#lastError = e instanceof OutpostError ? e.describe() : String(e);
        logger.warn({ cluster: this.cluster, err: this.#lastError }, 'certificate renewal failed; retrying');
        try {
          await sleep(backoff.next(), signal);
        } catch {
          return;
        }
      }
    }
  }
}

function build(id: AgentIdentity): ChannelCredentials {
  return grpcCredentials.createSsl(Buffer.from(id.caPem), Buffer.from(id.keyPem), Buffer.from(id.certPem));
}
