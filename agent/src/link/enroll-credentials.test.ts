import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, experimental, status } from '@grpc/grpc-js';
import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import {
  certificateInfo,
  createCertificateAuthority,
  fingerprintPem,
  issueServingCertificate,
  loadWireContract,
  signClientCsr,
  silentLogger,
} from '@outpost/shared';
import type { KeyAndCertificate } from '@outpost/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPinnedCa } from './enroll-ca-pin.ts';
import { EnrolledCredentials } from './enroll-credentials.ts';
import { IdentityFiles, readIdentity } from './enroll-files.ts';

type Wire = Record<string, unknown>;

/** A minimal hub speaking the real Enroll/Renew RPCs over TLS (leaf + CA chain), with a short validity. */
let server: Server;
let hub: string;
let ca: KeyAndCertificate;
const validToken = 'opb_valid';
const rotatedToken = 'opb_rotated';
let renewCalls = 0;
let dir: string;

beforeAll(async () => {
  ca = await createCertificateAuthority();
  const serving = await issueServingCertificate(ca, { hosts: ['localhost', '127.0.0.1'] });
  const contract = loadWireContract();
  const issue = async (cluster: string, csrPem: string, cb: sendUnaryData<Wire>) => {
    const c = await signClientCsr(ca, csrPem, { commonName: cluster, validityMs: 3_000 });
    cb(null, {
      certificatePem: c.certPem,
      caPem: ca.certPem,
      cluster,
      notAfterUnixMs: String(c.notAfter.getTime()),
    });
  };
  server = new Server();
  server.addService(contract.hubService, {
    Enroll: (call: ServerUnaryCall<Wire, Wire>, cb: sendUnaryData<Wire>) => {
      if (call.request.token !== validToken && call.request.token !== rotatedToken)
        return cb({ code: status.UNAUTHENTICATED, details: 'bad token' });
      void issue(String(call.request.cluster), String(call.request.csrPem), cb);
    },
    Renew: (call: ServerUnaryCall<Wire, Wire>, cb: sendUnaryData<Wire>) => {
      renewCalls++;
      const cn = call.getAuthContext()?.sslPeerCertificate?.subject?.CN;
      if (!cn) return cb({ code: status.UNAUTHENTICATED, details: 'no cert' });
      void issue(String(cn), String(call.request.csrPem), cb);
    },
  });
  // Client certificates requested but optional (Enroll has none), as the real hub serves.
  const caUpdate = { caCertificate: Buffer.from(ca.certPem) };
  const identity = {
    certificate: Buffer.from(serving.certPem + ca.certPem),
    privateKey: Buffer.from(serving.keyPem),
  };
  const provider: experimental.CertificateProvider = {
    addCaCertificateListener: (l) => setImmediate(() => l(caUpdate)),
    removeCaCertificateListener: () => {},
    addIdentityCertificateListener: (l) => setImmediate(() => l(identity)),
    removeIdentityCertificateListener: () => {},
  };
  const creds = experimental.createCertificateProviderServerCredentials(provider, provider, false);
  const port = await new Promise<number>((res, rej) =>
    server.bindAsync('127.0.0.1:0', creds, (e, p) => (e ? rej(e) : res(p))),
  );
  hub = `127.0.0.1:${port}`;
  dir = await mkdtemp(join(tmpdir(), 'outpost-enroll-'));
});
afterAll(async () => {
  server.forceShutdown();
  await rm(dir, { recursive: true, force: true });
});

describe('agent enrollment', () => {
  it('the CA is taken from the hub only when its fingerprint matches the pin', async () => {
    expect(await fetchPinnedCa(hub, fingerprintPem(ca.certPem))).toBe(ca.certPem);
    const other = await createCertificateAuthority();
    await expect(fetchPinnedCa(hub, fingerprintPem(other.certPem))).rejects.toMatchObject({
      code: 'CA_FINGERPRINT_MISMATCH',
    });
  });

  it('enrolls with the join command, keeps the key 0600, and reuses the identity on restart without a token', async () => {
    const stateDir = join(dir, 'a');
    const enroll = { hub, cluster: 'edge-a', token: validToken, caFingerprint: fingerprintPem(ca.certPem) };
    const creds = await EnrolledCredentials.ensure(stateDir, enroll, silentLogger());
    expect(creds.cluster).toBe('edge-a');
    const id = await readIdentity(stateDir);
    expect(certificateInfo(id!.certPem).subjectCommonName).toBe('edge-a');
    expect((await stat(join(stateDir, IdentityFiles.dir, IdentityFiles.key))).mode & 0o777).toBe(0o600);
    const again = await EnrolledCredentials.ensure(stateDir, { hub, cluster: 'edge-a' }, silentLogger());
    expect(again.status().notAfter).toBe(creds.status().notAfter);
  });

  it('a different token (rotate-token) enrolls again; the same token reuses the identity', async () => {
    const stateDir = join(dir, 'r');
    const fp = fingerprintPem(ca.certPem);
    const first = await EnrolledCredentials.ensure(
      stateDir,
      { hub, cluster: 'edge-r', token: validToken, caFingerprint: fp },
      silentLogger(),
    );
    const firstCert = (await readIdentity(stateDir))!.certPem;
    const again = await EnrolledCredentials.ensure(
      stateDir,
      { hub, cluster: 'edge-r', token: validToken, caFingerprint: fp },
      silentLogger(),
    );
    expect((await readIdentity(stateDir))!.certPem).toBe(firstCert);
    const rotated = await EnrolledCredentials.ensure(
      stateDir,
      { hub, cluster: 'edge-r', token: rotatedToken, caFingerprint: fp },
      silentLogger(),
    );
    expect((await readIdentity(stateDir))!.certPem).not.toBe(firstCert);
    expect([first.cluster, again.cluster, rotated.cluster]).toEqual(['edge-r', 'edge-r', 'edge-r']);
  });

  it('a refused token surfaces as an error naming the cluster', async () => {
    await expect(
      EnrolledCredentials.ensure(
        join(dir, 'b'),
        { hub, cluster: 'edge-b', token: 'opb_wrong', caFingerprint: fingerprintPem(ca.certPem) },
        silentLogger(),
      ),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED', location: { cluster: 'edge-b' }, message: /bad token/ });
  });

  it('renews at two thirds of the lifetime without a restart, with a fresh key', async () => {
    const stateDir = join(dir, 'c');
    const enroll = { hub, cluster: 'edge-c', token: validToken, caFingerprint: fingerprintPem(ca.certPem) };
    const creds = await EnrolledCredentials.ensure(stateDir, enroll, silentLogger());
    const before = await readIdentity(stateDir);
    const firstCreds = creds.channelCredentials();
    const abort = new AbortController();
    expect(creds.renewAt().getTime() - Date.now()).toBeGreaterThan(1_000);
    const loop = creds.renewLoop(hub, abort.signal, silentLogger());
    await expect
      .poll(() => creds.status().renewals, { timeout: 6_000, interval: 100 })
      .toBeGreaterThanOrEqual(1);
    abort.abort();
    await loop;
    expect(creds.status().lastRenewalError).toBeUndefined();
    const after = await readIdentity(stateDir);
    expect(after!.keyPem).not.toBe(before!.keyPem);
    expect(after!.certPem).not.toBe(before!.certPem);
    expect(creds.channelCredentials()).not.toBe(firstCreds);
    expect(renewCalls).toBeGreaterThanOrEqual(1);
  });
});
