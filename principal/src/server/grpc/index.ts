export { HubGrpcServer } from './hub-server.ts';
export type { HubGrpcServerOptions, StreamStatus } from './hub-server.ts';
export { TokenAgentAuthenticator } from './token-authenticator.ts';
export type { StreamCounters } from './stream-counters.ts';
export * from './enroll-index.ts';
