import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { createCertificateAuthority, fromPem, signClientCsr } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { createAgentKeyAndCsr } from './key-and-csr.ts';

const HOUR = 3600 * 1000;

describe('agent key and CSR', () => {
  it("the hub's CA verifies the request and issues a certificate for the agent's key", async () => {
    const ca = await createCertificateAuthority();
    const { keyPem, csrPem } = await createAgentKeyAndCsr('edge-berlin');
    const issued = await signClientCsr(ca, csrPem, { commonName: 'edge-berlin', validityMs: HOUR });
    const cert = new X509Certificate(issued.certPem);
    expect(cert.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    expect(cert.subject).toBe('CN=edge-berlin');
  });

  it('the key is an unencrypted PKCS#8 ECDSA P-256 key and the CSR one PEM block', async () => {
    const { keyPem, csrPem } = await createAgentKeyAndCsr('edge-a');
    expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    const key = createPrivateKey(keyPem);
    expect(key.asymmetricKeyType).toBe('ec');
    expect(key.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(csrPem).toMatch(
      /^-----BEGIN CERTIFICATE REQUEST-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE REQUEST-----\n$/,
    );
  });

  it('the request carries CN=<cluster> as a UTF8String and the public key of the returned private key', async () => {
    const { keyPem, csrPem } = await createAgentKeyAndCsr('edge-ü');
    const der = Buffer.from(fromPem(csrPem, 'CERTIFICATE REQUEST'));
    const cn = Buffer.from('edge-ü', 'utf8');
    // commonName OID, then UTF8String (tag 0x0c) of the name's bytes.
    const attribute = Buffer.concat([Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, cn.length]), cn]);
    expect(der.includes(attribute)).toBe(true);
    const spki = createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
    expect(der.includes(spki)).toBe(true);
  });

  it('a cluster name long enough for multi-octet DER lengths still yields a request the hub accepts', async () => {
    const ca = await createCertificateAuthority();
    const name = `edge-${'x'.repeat(300)}`;
    const { csrPem } = await createAgentKeyAndCsr(name);
    const issued = await signClientCsr(ca, csrPem, { commonName: 'edge-long', validityMs: HOUR });
    expect(new X509Certificate(issued.certPem).subject).toBe('CN=edge-long');
  });

  it('a request altered after signing is refused by the hub with CSR_INVALID', async () => {
    const ca = await createCertificateAuthority();
    const { csrPem } = await createAgentKeyAndCsr('edge-b');
    const der = Buffer.from(fromPem(csrPem, 'CERTIFICATE REQUEST'));
    const at = der.indexOf(Buffer.from('edge-b'));
    der[at + 5] = 'c'.charCodeAt(0);
    const altered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    await expect(
      signClientCsr(ca, altered, { commonName: 'edge-b', validityMs: HOUR }),
    ).rejects.toMatchObject({
      code: 'CSR_INVALID',
    });
  });

  it('every request has a fresh key', async () => {
    const [a, b] = await Promise.all([createAgentKeyAndCsr('edge-c'), createAgentKeyAndCsr('edge-c')]);
    expect(a.keyPem).not.toBe(b.keyPem);
    expect(a.csrPem).not.toBe(b.csrPem);
  });
});
