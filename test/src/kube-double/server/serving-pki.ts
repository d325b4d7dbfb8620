/** A throwaway CA and serving certificate for an HTTPS double (ECDSA, via @outpost/shared). */
import { createCertificateAuthority, issueServingCertificate } from '@outpost/shared';
import type { ServingTls } from './http-server.ts';

/** Creates a CA and a serving certificate for `host`, `127.0.0.1` and `localhost`. */
export async function servingPki(host: string): Promise<{ caPem: string; serving: ServingTls }> {
  const ca = await createCertificateAuthority({ commonName: 'kube-double CA' });
  const hosts = [...new Set([host, '127.0.0.1', 'localhost'])];
  const serving = await issueServingCertificate(ca, { hosts });
  return { caPem: ca.certPem, serving };
}
