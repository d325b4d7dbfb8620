import { privateKeyToPem } from './pem.ts';
import { KEY_ALGORITHM, generateKeyPair, x509 } from './x509-provider.ts';

/** A private key (PKCS#8 PEM) and the PKCS#10 CSR made with it. */
export interface KeyAndCsr {
  keyPem: string;
  csrPem: string;
}

/**
 * Generates a fresh ECDSA P-256 key pair and a CSR for it with subject `CN=<commonName>`.
 * The agent keeps the key; only the CSR leaves the spoke.
 */
export async function createKeyAndCsr(commonName: string): Promise<KeyAndCsr> {
  const keys = await generateKeyPair();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${commonName.replace(/([,+"\\<>;=])/g, '\\$1')}`,
    keys,
    signingAlgorithm: KEY_ALGORITHM,
  });
  return { keyPem: await privateKeyToPem(keys.privateKey), csrPem: csr.toString('pem') + '\n' };
}
