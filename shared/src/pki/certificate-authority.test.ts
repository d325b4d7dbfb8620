import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { OutpostError } from '../core/errors.ts';
import {
  createCertificateAuthority,
  issueServingCertificate,
  signClientCsr,
} from './certificate-authority.ts';
import { certificateInfo, isIssuedBy } from './certificate-info.ts';
import { createKeyAndCsr } from './csr.ts';
import { fingerprintPem, normalizeFingerprint } from './pem.ts';

const HOUR = 3600 * 1000;

/** Starts a TLS server requiring client certs and connects one client; resolves to the server's view. */
async function handshake(opts: {
  server: { certPem: string; keyPem: string; caPem: string };
  client: { certPem: string; keyPem: string; caPem: string };
}): Promise<{ authorized: boolean; cn: string | undefined; error?: string }> {
  const server = tls.createServer({
    key: opts.server.keyPem,
    cert: opts.server.certPem,
    ca: opts.server.caPem,
    requestCert: true,
    rejectUnauthorized: false,
  });
  const seen = new Promise<{ authorized: boolean; cn: string | undefined; error?: string }>((resolve) => {
    server.on('secureConnection', (socket) => {
      const peer = socket.getPeerCertificate();
      resolve({
        authorized: socket.authorized,
        cn: peer?.subject?.CN as string | undefined,
        ...(socket.authorizationError ? { error: String(socket.authorizationError) } : {}),
      });
      socket.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const client = tls.connect({
    host: '127.0.0.1',
    port,
    servername: 'localhost',
    key: opts.client.keyPem,
    cert: opts.client.certPem,
    ca: opts.client.caPem,
  });
  client.on('error', () => {});
  try {
    await once(client, 'secureConnect');
    return await seen;
  } finally {
    client.destroy();
    server.close();
  }
}

describe('hub PKI', () => {
  it('a CSR signed by the hub CA yields a client cert with the cluster name as CN, whatever the CSR asked', async () => {
    const ca = await createCertificateAuthority();
    const { csrPem } = await createKeyAndCsr('someone-else');
    const issued = await signClientCsr(ca, csrPem, { commonName: 'edge-berlin', validityMs: 24 * HOUR });
    const info = certificateInfo(issued.certPem);
    expect(info.subjectCommonName).toBe('edge-berlin');
    expect(info.issuerCommonName).toBe('Outpost hub CA');
    expect(info.serial).toBe(issued.serial);
    expect(info.fingerprint).toBe(issued.fingerprint);
    expect(issued.notAfter.getTime() - Date.now()).toBeGreaterThan(23 * HOUR);
    expect(issued.notAfter.getTime() - Date.now()).toBeLessThanOrEqual(24 * HOUR);
    expect(await isIssuedBy(issued.certPem, ca.certPem)).toBe(true);
  });

  it('a certificate from another CA is not recognised as issued by the hub CA', async () => {
    const [ca, other] = await Promise.all([createCertificateAuthority(), createCertificateAuthority()]);
    const { csrPem } = await createKeyAndCsr('x');
    const issued = await signClientCsr(other, csrPem, { commonName: 'x', validityMs: HOUR });
    expect(await isIssuedBy(issued.certPem, ca.certPem)).toBe(false);
  });

  it('a tampered CSR is refused with CSR_INVALID naming the cluster', async () => {
    const ca = await createCertificateAuthority();
    const { csrPem } = await createKeyAndCsr('edge');
    await expect(
      signClientCsr(ca, 'not a csr', { commonName: 'edge', validityMs: HOUR }),
    ).rejects.toMatchObject({
      code: 'CSR_INVALID',
      location: { cluster: 'edge' },
    });
    const lines = csrPem.split('\n');
    const body = lines[2]!;
    lines[2] = body.slice(0, 10) + (body[10] === 'A' ? 'B' : 'A') + body.slice(11);
    await expect(
      signClientCsr(ca, lines.join('\n'), { commonName: 'edge', validityMs: HOUR }),
    ).rejects.toBeInstanceOf(OutpostError);
  });

  it('fingerprints are sha256 of the DER and normalise from Node colon form', async () => {
    const ca = await createCertificateAuthority();
    const fp = fingerprintPem(ca.certPem);
    expect(fp).toMatch(/^sha256:[0-9a-f]{64}$/);
    const nodeForm = new (await import('node:crypto')).X509Certificate(ca.certPem).fingerprint256;
    expect(normalizeFingerprint(nodeForm)).toBe(fp);
    expect(() => normalizeFingerprint('sha256:abc')).toThrow(/not a SHA-256 fingerprint/);
  });

  it("Node's tls accepts the chain: serving cert for 127.0.0.1/localhost and a client cert from the same CA", async () => {
    const ca = await createCertificateAuthority();
    const server = await issueServingCertificate(ca, { hosts: ['localhost', '127.0.0.1'] });
    const agent = await createKeyAndCsr('edge-tokyo');
    const issued = await signClientCsr(ca, agent.csrPem, { commonName: 'edge-tokyo', validityMs: HOUR });
    const seen = await handshake({
      server: { ...server, caPem: ca.certPem },
      client: { certPem: issued.certPem, keyPem: agent.keyPem, caPem: ca.certPem },
    });
    expect(seen).toEqual({ authorized: true, cn: 'edge-tokyo' });
  });

  it("Node's tls does not authorize a client certificate from another CA", async () => {
    const [ca, rogue] = await Promise.all([createCertificateAuthority(), createCertificateAuthority()]);
    const server = await issueServingCertificate(ca, { hosts: ['localhost', '127.0.0.1'] });
    const agent = await createKeyAndCsr('edge-tokyo');
    const issued = await signClientCsr(rogue, agent.csrPem, { commonName: 'edge-tokyo', validityMs: HOUR });
    const seen = await handshake({
      server: { ...server, caPem: ca.certPem },
      client: { certPem: issued.certPem, keyPem: agent.keyPem, caPem: ca.certPem },
    });
    expect(seen.authorized).toBe(false);
  });
});
