import type { KeyAndCsr } from './csr.ts';

/**
 * {@link import('./csr.ts').createKeyAndCsr}, loading the X.509 library on first use: an
 * agent makes a CSR only to enroll and to renew, and need not carry the library (and its
 * ASN.1 schemas, about 9 MiB) the rest of the time.
 */
export async function createKeyAndCsr(commonName: string): Promise<KeyAndCsr> {
  const { createKeyAndCsr: create } = await import('./csr.ts');
  return create(commonName);
}
