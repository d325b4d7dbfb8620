export { EnrolledCredentials } from './enroll-credentials.ts';
export type { IdentityStatus } from './enroll-credentials.ts';
export { enrollAgent, renewAgentCertificate } from './enroll-client.ts';
export type { EnrollOptions } from './enroll-client.ts';
export { fetchPinnedCa, splitHubAddress } from './enroll-ca-pin.ts';
export { IdentityFiles, readIdentity, writeIdentity } from './enroll-files.ts';
export type { AgentIdentity } from './enroll-files.ts';
export { fileIdentityStore, secretIdentityStore } from './enroll-identity-store.ts';
export type { IdentityStore } from './enroll-identity-store.ts';
