export type {
  AgentMessage,
  Ack,
  AppAssignment,
  AppStatus,
  Assignment,
  Blob,
  BlobRequest,
  Blobs,
  ClusterFacts,
  DriftEvent,
  Hello,
  HubMessage,
  ObjectRef,
  Ping,
  Pong,
  ProtocolVersion,
  Refusal,
  ResourceStatus,
  StatusAck,
  StatusReport,
  Welcome,
  WireIgnoreDifference,
  WireSyncPolicy,
} from './messages.ts';
export {
  agentMessageFromWire,
  agentMessageToWire,
  hubMessageFromWire,
  hubMessageToWire,
  wireNumber,
} from './codec.ts';
export type { LoadedMessage } from './codec.ts';
export { negotiateVersion } from './version-negotiation.ts';
export type { Negotiation } from './version-negotiation.ts';
export { ALL_CAPABILITIES, Capabilities, HUB_CAPABILITIES, commonCapabilities } from './capabilities.ts';
export {
  applyAssignmentDelta,
  compareObjectRefs,
  deltaAssignment,
  objectRefKey,
} from './assignment-delta.ts';
export { applyStatusDelta, isStatusDelta, resourceKey, sameStatus, statusDelta } from './status-delta.ts';
export type { Capability } from './capabilities.ts';
export {
  DEFAULT_WIRE_LIMITS,
  KEEPALIVE_CHANNEL_OPTIONS,
  KEEPALIVE_SERVER_OPTIONS,
  compileWireLimits,
} from './limits.ts';
export type { WireLimits } from './limits.ts';
export { AssignmentAssembler, chunkAssignment } from './assignment-chunks.ts';
export { HubMethods, OUTPOST_PROTO_PATH, PROTO_LOADER_OPTIONS, loadWireContract } from './proto.ts';
export type { WireContract } from './proto.ts';
