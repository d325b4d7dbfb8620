export { EnrollService } from './enroll-service.ts';
export type { EnrollCounters, EnrollResult, EnrollServiceOptions } from './enroll-service.ts';
export { ErrorMetadata, enrollHandlers, toServiceError } from './enroll-handlers.ts';
export { MtlsAgentAuthenticator } from './auth-mtls.ts';
export type { AgentAuthCall, AgentAuthenticator, PeerCertificateInfo } from './auth-mtls.ts';
export { peerCertificateOf } from './auth-peer-certificate.ts';
export type { CallWithAuthContext } from './auth-peer-certificate.ts';
export { agentServerCredentials, hubTlsMaterial } from './auth-server-credentials.ts';
export type { HubTlsMaterial } from './auth-server-credentials.ts';
