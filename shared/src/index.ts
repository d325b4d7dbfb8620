export { ErrorCodes, OutpostError, formatLocation, isOutpostError, redactSecrets } from './core/errors.ts';
export type { ErrorCode, ErrorLocation, OutpostErrorOptions } from './core/errors.ts';
export { canonicalJson } from './core/canonical-json.ts';
export { Backoff, sleep } from './core/backoff.ts';
export type { BackoffOptions } from './core/backoff.ts';
export { parseDuration } from './core/duration.ts';
export { sha256Digest, digestObject } from './digest.ts';
export type { DigestedObject } from './digest.ts';
export { createLogger, silentLogger, LogFields } from './log/logger.ts';
export type { Logger, LoggerConfig } from './log/logger.ts';
export { VERSION, PROTOCOL_VERSION } from './version.ts';
export {
  HubPkiFiles,
  certificateInfo,
  createCertificateAuthority,
  createKeyAndCsr,
  fingerprintDer,
  fingerprintPem,
  fromPem,
  isIssuedBy,
  issueServingCertificate,
  loadOrCreateHubPki,
  normalizeFingerprint,
  parseCertificate,
  signClientCsr,
  splitCertificates,
  toPem,
} from './pki/index.ts';
export type {
  CaOptions,
  CertificateInfo,
  ClientCertificateOptions,
  HubPki,
  HubPkiOptions,
  IssuedCertificate,
  KeyAndCertificate,
  KeyAndCsr,
  ServingCertificateOptions,
} from './pki/index.ts';
export * from './wire/index.ts';
export { forEachLimit } from './core/for-each-limit.ts';
