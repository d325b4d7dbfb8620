export {
  createCertificateAuthority,
  issueServingCertificate,
  signClientCsr,
} from './certificate-authority.ts';
export type {
  CaOptions,
  ClientCertificateOptions,
  IssuedCertificate,
  KeyAndCertificate,
  ServingCertificateOptions,
} from './certificate-authority.ts';
export { createKeyAndCsr } from './csr-lazy.ts';
export type { KeyAndCsr } from './csr.ts';
export { certificateInfo, isIssuedBy } from './certificate-info.ts';
export type { CertificateInfo } from './certificate-info.ts';
export {
  fingerprintDer,
  fingerprintPem,
  fromPem,
  normalizeFingerprint,
  parseCertificate,
  splitCertificates,
  toPem,
} from './pem.ts';
export { HubPkiFiles, loadOrCreateHubPki } from './hub-pki.ts';
export type { HubPki, HubPkiOptions } from './hub-pki.ts';
