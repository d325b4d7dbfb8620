import { createHash } from 'node:crypto';
import type { ChannelCredentials } from '@grpc/grpc-js';
import { Backoff, ErrorCodes, OutpostError, certificateInfo, sleep } from '@outpost/shared';
import type { Logger } from '@outpost/shared';
import type { LinkCredentials } from './credentials.ts';
import { enrollAgent, renewAgentCertificate } from './enroll-client.ts';
import type { EnrollOptions } from './enroll-client.ts';
import type { AgentIdentity } from './enroll-files.ts';
import type { IdentityStore } from './enroll-identity-store.ts';
import { fileIdentityStore } from './enroll-identity-store.ts';
import { hubChannelCredentials } from './hub-tls.ts';

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
  readonly #store: IdentityStore;

  private constructor(store: IdentityStore, identity: AgentIdentity) {
    this.#store = store;
    this.#identity = identity;
    this.#creds = build(identity);
  }

  /**
   * Uses the stored identity if it exists for `enroll.cluster`, is unexpired and came from the
   * given token (a new token from `rotate-token` means: enroll again); otherwise enrolls with the
   * join command's token and stores the result. The store defaults to the
   * state dir; with a shared store (the DaemonSet's Secret) a pod that finds the token already
   * spent waits for the pod that won to store the identity, and uses it.
   * @throws OutpostError when there is no usable identity and enrollment fails.
   */
  static async ensure(
    stateDir: string,
    enroll: Partial<EnrollOptions> & { cluster: string; hub: string },
    logger: Logger,
    options: { store?: IdentityStore; sharedWaitMs?: number } = {},
  ): Promise<EnrolledCredentials> {
    const store = options.store ?? fileIdentityStore(stateDir);
    const usable = (id: AgentIdentity | undefined) =>
      id && id.cluster === enroll.cluster && certificateInfo(id.certPem).notAfter.getTime() > Date.now()
        ? id
        : undefined;
    const existing = await store.read();
    const sameToken =
      !enroll.token || existing?.tokenSha256 === createHash('sha256').update(enroll.token).digest('hex');
    if (usable(existing) && sameToken) {
      logger.info({ cluster: enroll.cluster, store: store.where }, 'using the enrolled identity');
      return new EnrolledCredentials(store, existing!);
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
    let identity: AgentIdentity;
    try {
      identity = await enrollAgent({
        ...enroll,
        token: enroll.token,
        onRetry: (error, waitMs) =>
          logger.warn(
            { cluster: enroll.cluster, err: error.message, retryInMs: waitMs },
            'enrolling: the hub is unreachable; trying again',
          ),
      });
    } catch (e) {
      if (!(e instanceof OutpostError) || e.code !== ErrorCodes.ENROLL_TOKEN_SPENT) throw e;
      // A spent token with a usable identity at hand: that identity is the token's result.
      if (usable(existing)) return new EnrolledCredentials(store, existing!);
      if (options.store === undefined) throw e;
      logger.info(
        { cluster: enroll.cluster, store: store.where },
        'token already spent; waiting for the shared identity',
      );
      const deadline = Date.now() + (options.sharedWaitMs ?? 60_000);
      for (;;) {
        const found = usable(await store.read());
        if (found) return new EnrolledCredentials(store, found);
        if (Date.now() > deadline) throw e;
        await sleep(500);
      }
    }
    await store.write(identity);
    logger.info(
      { cluster: identity.cluster, notAfter: certificateInfo(identity.certPem).notAfter },
      'enrolled with the hub',
    );
    return new EnrolledCredentials(store, identity);
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

  /**
   * Renews once now and stores the new identity. When the store already holds a newer
   * certificate (another pod of the DaemonSet renewed), adopts that one instead.
   */
  async renewNow(hub: string): Promise<void> {
    const stored = await this.#store.read();
    const newer =
      stored &&
      stored.cluster === this.cluster &&
      stored.certPem !== this.#identity.certPem &&
      certificateInfo(stored.certPem).notAfter >= certificateInfo(this.#identity.certPem).notAfter
        ? stored
        : undefined;
    const next = newer ?? (await renewAgentCertificate(hub, this.#identity));
    if (!newer) await this.#store.write(next);
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
  return hubChannelCredentials({ caPem: id.caPem, keyPem: id.keyPem, certPem: id.certPem });
}
