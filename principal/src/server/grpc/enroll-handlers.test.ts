import { X509Certificate, createPrivateKey } from 'node:crypto';
import { Metadata, Server, credentials } from '@grpc/grpc-js';
import type { Client, ServiceError } from '@grpc/grpc-js';
import {
  certificateInfo,
  createCertificateAuthority,
  createKeyAndCsr,
  issueServingCertificate,
  loadWireContract,
  signClientCsr,
  silentLogger,
} from '@outpost/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../registry/registry.ts';
import { MemoryStore } from '../../store/memory-store.ts';
import { MtlsAgentAuthenticator } from './auth-mtls.ts';
import { peerCertificateOf } from './auth-peer-certificate.ts';
import { agentServerCredentials, hubTlsMaterial } from './auth-server-credentials.ts';
import { enrollHandlers } from './enroll-handlers.ts';
import { EnrollService } from './enroll-service.ts';

const contract = loadWireContract();
type Call = Client & Record<string, (...a: unknown[]) => unknown>;

let server: Server;
let address: string;
let caPem: string;
const registry = createRegistry(new MemoryStore());
let authenticator: MtlsAgentAuthenticator;
const seen: Array<{ cluster?: string; error?: string }> = [];

beforeAll(async () => {
  const ca = await createCertificateAuthority();
  caPem = ca.certPem;
  const serving = await issueServingCertificate(ca, { hosts: ['localhost', '127.0.0.1'] });
  authenticator = new MtlsAgentAuthenticator(registry.clusters, ca.certPem);
  const service = new EnrollService(
    {
      clusters: registry.clusters,
      tokens: registry.bootstrapTokens,
      ca,
      authenticator,
      logger: silentLogger(),
    },
    { certificateValidity: '1h' },
  );
  server = new Server();
  server.addService(contract.hubService, {
    ...enrollHandlers(service),
    // A stand-in for HUB's Connect handler: authenticates the stream the way the hub does, then
    // ends it. It ends the stream only once the verdict is recorded: the client sees the end only
    // after the registry was read, so what the test does next cannot change that verdict.
    Connect: (call: Parameters<typeof peerCertificateOf>[0] & { end(): void }) => {
      void authenticator
        .authenticate({ peerCertificate: peerCertificateOf(call), metadata: {} })
        .then(
          (r) => seen.push({ cluster: r.cluster }),
          (e: Error) => seen.push({ error: e.message }),
        )
        .finally(() => call.end());
    },
  });
  const tls = hubTlsMaterial({ ca, server: serving });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', agentServerCredentials(tls), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  address = `127.0.0.1:${port}`;
});
afterAll(() => server.forceShutdown());

function call(
  method: string,
  req: object,
  tls: { key?: string; cert?: string } = {},
): Promise<Record<string, unknown>> {
  const creds = credentials.createSsl(
    Buffer.from(caPem),
    tls.key ? Buffer.from(tls.key) : null,
    tls.cert ? Buffer.from(tls.cert) : null,
  );
  const client = new contract.HubClient(address, creds) as Call;
  return new Promise((resolve, reject) =>
    client[method]!(req, new Metadata(), (err: ServiceError | null, res: Record<string, unknown>) => {
      client.close();
      if (err) reject(err);
      else resolve(res);
    }),
  );
}

describe('Enroll and Renew over real gRPC with TLS', () => {
  it('enroll returns a certificate for the cluster from the hub CA, and the token is spent for that key', async () => {
    const { token } = await registry.clusters.register({ name: 'edge-a', tokenTtlMs: 3600_000 }, 'admin');
    const { keyPem, csrPem } = await createKeyAndCsr('edge-a');
    const res = await call('enroll', { cluster: 'edge-a', token, csrPem });
    expect(certificateInfo(String(res.certificatePem)).subjectCommonName).toBe('edge-a');
    expect(res.caPem).toBe(caPem);
    expect(Number(res.notAfterUnixMs)).toBeGreaterThan(Date.now() + 3500_000);
    expect((await registry.clusters.get('edge-a'))?.enrolledAt).toBeDefined();
    // The same request again (the agent retrying after the answer was lost): served again.
    const retried = await call('enroll', { cluster: 'edge-a', token, csrPem });
    expect(
      new X509Certificate(String(retried.certificatePem)).checkPrivateKey(createPrivateKey(keyPem)),
    ).toBe(true);
    const other = await createKeyAndCsr('edge-a');
    await expect(call('enroll', { cluster: 'edge-a', token, csrPem: other.csrPem })).rejects.toMatchObject({
      code: 16,
      details: expect.stringMatching(/^ENROLL_TOKEN_SPENT: cluster edge-a/),
    });
  });

  it('a request with a malformed CSR is refused with CSR_INVALID and leaves the token usable', async () => {
    const { token } = await registry.clusters.register({ name: 'edge-csr', tokenTtlMs: 3600_000 }, 'admin');
    const err = (await call('enroll', { cluster: 'edge-csr', token, csrPem: 'not a csr' }).catch(
      (e) => e,
    )) as ServiceError;
    expect(err.details).toMatch(/^CSR_INVALID/);
    const { csrPem } = await createKeyAndCsr('edge-csr');
    const res = await call('enroll', { cluster: 'edge-csr', token, csrPem });
    expect(certificateInfo(String(res.certificatePem)).subjectCommonName).toBe('edge-csr');
  });

  it('an unknown token is refused with ENROLL_TOKEN_INVALID and a hint in metadata', async () => {
    await registry.clusters.register({ name: 'edge-b', tokenTtlMs: 3600_000 }, 'admin');
    const { csrPem } = await createKeyAndCsr('edge-b');
    const err = (await call('enroll', { cluster: 'edge-b', token: 'opb_nope', csrPem }).catch(
      (e) => e,
    )) as ServiceError;
    expect(err.details).toMatch(/^ENROLL_TOKEN_INVALID/);
    expect(err.metadata.get('outpost-error-hint')[0]).toMatch(/rotate-token/);
  });

  it('renew needs the current client certificate and issues a new one; both then authenticate', async () => {
    const { token } = await registry.clusters.register({ name: 'edge-c', tokenTtlMs: 3600_000 }, 'admin');
    const first = await createKeyAndCsr('edge-c');
    const enrolled = await call('enroll', { cluster: 'edge-c', token, csrPem: first.csrPem });
    const second = await createKeyAndCsr('edge-c');
    await expect(call('renew', { csrPem: second.csrPem })).rejects.toMatchObject({
      details: expect.stringMatching(/^AUTH_FAILED: no client certificate issued by this hub's CA/),
    });
    const renewed = await call(
      'renew',
      { csrPem: second.csrPem },
      { key: first.keyPem, cert: String(enrolled.certificatePem) },
    );
    expect(renewed.certificatePem).not.toBe(enrolled.certificatePem);
    expect(certificateInfo(String(renewed.certificatePem)).subjectCommonName).toBe('edge-c');
  });

  it('a certificate from another CA, even with a registered CN, does not authenticate', async () => {
    const rogue = await createCertificateAuthority();
    const { keyPem, csrPem } = await createKeyAndCsr('edge-c');
    const forged = await signClientCsr(rogue, csrPem, { commonName: 'edge-c', validityMs: 3600_000 });
    await expect(call('renew', { csrPem }, { key: keyPem, cert: forged.certPem })).rejects.toMatchObject({
      details: expect.stringMatching(
        /^AUTH_FAILED: no client certificate issued by this hub's CA was presented/,
      ),
    });
  });

  it('the stream handler sees the identity from the certificate, and nothing after unregister', async () => {
    const { token } = await registry.clusters.register({ name: 'edge-d', tokenTtlMs: 3600_000 }, 'admin');
    const { keyPem, csrPem } = await createKeyAndCsr('edge-d');
    const { certificatePem } = await call('enroll', { cluster: 'edge-d', token, csrPem });
    const openStream = async () => {
      const creds = credentials.createSsl(
        Buffer.from(caPem),
        Buffer.from(keyPem),
        Buffer.from(String(certificatePem)),
      );
      const client = new contract.HubClient(address, creds) as Call;
      const stream = client.connect!() as NodeJS.EventEmitter & { end(): void };
      await new Promise<void>((resolve) => {
        stream.on('error', () => resolve());
        stream.on('end', () => resolve());
        stream.on('data', () => {});
      });
      client.close();
    };
    seen.length = 0;
    await openStream();
    expect(seen).toEqual([{ cluster: 'edge-d' }]);
    await registry.clusters.unregister('edge-d', 'admin');
    await openStream();
    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual({ cluster: 'edge-d' });
    expect(seen[1]!.error).toMatch(/unregistered/);
  });
});
