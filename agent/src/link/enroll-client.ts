import { createHash } from 'node:crypto';
import { Metadata, status } from '@grpc/grpc-js';
import type { Client, ServiceError } from '@grpc/grpc-js';
import {
  Backoff,
  ErrorCodes,
  OutpostError,
  VERSION,
  sleep,
  certificateInfo,
  fingerprintPem,
  isIssuedBy,
  loadWireContract,
  normalizeFingerprint,
} from '@outpost/shared';
import type { ErrorCode } from '@outpost/shared';
import { fetchPinnedCa } from './enroll-ca-pin.ts';
import { hubChannelCredentials } from './hub-tls.ts';
import { createAgentKeyAndCsr } from './key-and-csr.ts';
import type { AgentIdentity } from './enroll-files.ts';

/** What the join command gives the agent. */
export interface EnrollOptions {
  /** The hub's gRPC address, `HOST:PORT`. */
  hub: string;
  cluster: string;
  /** One-time bootstrap token. */
  token: string;
  /** Pinned hub CA fingerprint (`sha256:<hex>`); the CA is fetched and checked against it. */
  caFingerprint?: string;
  /** The hub CA itself (e.g. from the install Secret); checked against `caFingerprint` if both are given. */
  caPem?: string;
  timeoutMs?: number;
  /**
   * How long to keep trying while the hub is unreachable (HUB_UNREACHABLE: no answer, or
   * none before the deadline), with backoff and always the same key. Default 10 minutes.
   */
  retryForMs?: number;
  /** Told of each failed attempt that will be retried, and the wait before the next. */
  onRetry?: (error: OutpostError, waitMs: number) => void;
}

/**
 * Enrolls: makes a fresh key pair (the key never leaves this process), sends a CSR with the
 * bootstrap token, and checks that the returned certificate names this cluster, matches the
 * key and was issued by the pinned CA. Returns the identity to persist. While the hub is
 * unreachable it tries again (see {@link EnrollOptions.retryForMs}) with the same request:
 * the hub serves a token again to the key it was spent for, so an answer lost on the way
 * (a deadline that expired while a busy hub was signing) does not burn the token.
 * @throws OutpostError with the hub's code (ENROLL_TOKEN_SPENT, ...), CA_FINGERPRINT_MISMATCH, HUB_UNREACHABLE
 */
export async function enrollAgent(options: EnrollOptions): Promise<AgentIdentity> {
  const caPem = await whileUnreachable(options, () => resolveCa(options));
  const { keyPem, csrPem } = await createAgentKeyAndCsr(options.cluster);
  const res = await whileUnreachable(options, () =>
    unary(
      options.hub,
      { ca: caPem },
      'enroll',
      {
        cluster: options.cluster,
        token: options.token,
        csrPem,
        agentVersion: VERSION,
      },
      options.timeoutMs,
      options.cluster,
    ),
  );
  const identity = {
    cluster: options.cluster,
    keyPem,
    certPem: String(res.certificatePem),
    caPem,
    tokenSha256: createHash('sha256').update(options.token).digest('hex'),
  };
  await checkIssued(identity);
  return identity;
}

/**
 * Renews the certificate over mTLS with the current one, with a fresh key. Returns the new
 * identity; the caller persists it and hands it out on the next dial.
 */
export async function renewAgentCertificate(
  hub: string,
  current: AgentIdentity,
  timeoutMs?: number,
): Promise<AgentIdentity> {
  const { keyPem, csrPem } = await createAgentKeyAndCsr(current.cluster);
  const res = await unary(
    hub,
    { ca: current.caPem, key: current.keyPem, cert: current.certPem },
    'renew',
    { csrPem },
    timeoutMs,
    current.cluster,
  );
  const identity = { ...current, keyPem, certPem: String(res.certificatePem) };
  await checkIssued(identity);
  return identity;
}

/** Runs `attempt` until it succeeds, fails otherwise than HUB_UNREACHABLE, or time is up. */
async function whileUnreachable<T>(options: EnrollOptions, attempt: () => Promise<T>): Promise<T> {
  const until = Date.now() + (options.retryForMs ?? 600_000);
  const backoff = new Backoff({ initialMs: 1000, maxMs: 15_000 });
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof OutpostError) || error.code !== ErrorCodes.HUB_UNREACHABLE) throw error;
      const waitMs = backoff.next();
      if (Date.now() + waitMs > until) throw error;
      options.onRetry?.(error, waitMs);
      await sleep(waitMs);
    }
  }
}

async function resolveCa(options: EnrollOptions): Promise<string> {
  if (options.caPem) {
    if (
      options.caFingerprint &&
      fingerprintPem(options.caPem) !== normalizeFingerprint(options.caFingerprint)
    ) {
      throw new OutpostError(
        ErrorCodes.CA_FINGERPRINT_MISMATCH,
        'the given hub CA does not match the pinned fingerprint',
        {
          location: { cluster: options.cluster },
        },
      );
    }
    return options.caPem;
  }
  if (!options.caFingerprint) {
    throw new OutpostError(
      ErrorCodes.CONFIG_INVALID,
      'enrollment needs the hub CA fingerprint or the CA file',
      {
        hint: 'use the complete join command printed by `outpost cluster register` (it has --ca-fingerprint)',
      },
    );
  }
  return fetchPinnedCa(options.hub, options.caFingerprint, options.timeoutMs);
}

async function checkIssued(id: AgentIdentity): Promise<void> {
  const info = certificateInfo(id.certPem, 'certificate from the hub');
  if (info.subjectCommonName !== id.cluster || !(await isIssuedBy(id.certPem, id.caPem))) {
    throw new OutpostError(
      ErrorCodes.AUTH_FAILED,
      'the hub returned a certificate that is not for this cluster or not from the pinned CA',
      {
        location: { cluster: id.cluster },
      },
    );
  }
}

let contract: ReturnType<typeof loadWireContract> | undefined;

function unary(
  hub: string,
  tls: { ca: string; key?: string; cert?: string },
  method: 'enroll' | 'renew',
  request: Record<string, unknown>,
  timeoutMs = 15_000,
  cluster: string,
): Promise<Record<string, unknown>> {
  contract ??= loadWireContract();
  const creds = hubChannelCredentials({
    caPem: tls.ca,
    ...(tls.key ? { keyPem: tls.key } : {}),
    ...(tls.cert ? { certPem: tls.cert } : {}),
  });
  const client = new contract.HubClient(hub, creds) as Client & Record<string, (...a: unknown[]) => unknown>;
  return new Promise((resolve, reject) => {
    const deadline = new Date(Date.now() + timeoutMs);
    client[method]!(
      request,
      new Metadata(),
      { deadline },
      (err: ServiceError | null, res: Record<string, unknown>) => {
        client.close();
        if (err) reject(fromServiceError(err, hub, cluster));
        else resolve(res);
      },
    );
  });
}

/** Turns a refused call back into the hub's OutpostError (its code travels in metadata). */
function fromServiceError(err: ServiceError, hub: string, cluster: string): OutpostError {
  const code = err.metadata?.get('outpost-error-code')[0];
  const hint = err.metadata?.get('outpost-error-hint')[0];
  if (typeof code === 'string' && code in ErrorCodes) {
    return new OutpostError(code as ErrorCode, err.details.replace(/^[A-Z_]+: (cluster [^:]+: )?/, ''), {
      location: { cluster },
      ...(typeof hint === 'string' ? { hint } : {}),
    });
  }
  const unreachable = err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED;
  return new OutpostError(
    unreachable ? ErrorCodes.HUB_UNREACHABLE : ErrorCodes.AUTH_FAILED,
    `the hub at ${hub} refused the call: ${err.details || err.message}`,
    {
      cause: err,
      location: { cluster },
      hint: unreachable ? 'check --hub and that the hub is reachable' : undefined,
    },
  );
}
