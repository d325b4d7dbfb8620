/**
 * The one place that converts between the objects @grpc/proto-loader produces and accepts
 * (camelCase fields, 64-bit integers as strings, bytes as Buffer, `msg` naming the oneof
 * case) and the domain types of `messages.ts`. Unknown fields are ignored and missing ones
 * take proto3 defaults, so adjacent protocol versions decode each other's messages.
 */
import { ErrorCodes, OutpostError } from '../core/errors.ts';
import type {
  AgentMessage,
  AppAssignment,
  AppStatus,
  Assignment,
  Blob,
  HubMessage,
  ObjectRef,
  ProtocolVersion,
  ResourceStatus,
  WireIgnoreDifference,
  WireSyncPolicy,
} from './messages.ts';

/** A message as proto-loader hands it over or accepts it. */
export type LoadedMessage = Record<string, unknown>;

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const bool = (v: unknown): boolean => v === true;
const list = <T>(v: unknown, f: (x: unknown) => T): T[] => (Array.isArray(v) ? v.map(f) : []);

/** Decodes a uint64/int64 that proto-loader delivers as string (or number, or Long). */
export function wireNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') return Number(v);
  if (v !== null && typeof v === 'object' && 'toString' in v) return Number(String(v));
  return 0;
}

function bytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return new Uint8Array(Buffer.from(v, 'base64'));
  return new Uint8Array();
}

function version(v: unknown): ProtocolVersion {
  const o = obj(v);
  return { major: wireNumber(o.major), minor: wireNumber(o.minor) };
}

function syncPolicy(v: unknown): WireSyncPolicy {
  const o = obj(v);
  return {
    automated: bool(o.automated),
    prune: bool(o.prune),
    selfHeal: bool(o.selfHeal),
    syncOptions: list(o.syncOptions, str),
  };
}

function ignoreDifference(v: unknown): WireIgnoreDifference {
  const o = obj(v);
  return {
    group: str(o.group),
    kind: str(o.kind),
    name: str(o.name),
    namespace: str(o.namespace),
    jsonPointers: list(o.jsonPointers, str),
    jqPathExpressions: list(o.jqPathExpressions, str),
    managedFieldsManagers: list(o.managedFieldsManagers, str),
  };
}

function objectRef(v: unknown): ObjectRef {
  const o = obj(v);
  return {
    digest: str(o.digest),
    apiVersion: str(o.apiVersion),
    kind: str(o.kind),
    namespace: str(o.namespace),
    name: str(o.name),
    size: wireNumber(o.size),
  };
}

function appAssignment(v: unknown): AppAssignment {
  const o = obj(v);
  const app: AppAssignment = {
    name: str(o.name),
    appset: str(o.appset),
    destinationNamespace: str(o.destinationNamespace),
    revision: str(o.revision),
    syncPolicy: syncPolicy(o.syncPolicy),
    ignoreDifferences: list(o.ignoreDifferences, ignoreDifference),
    objects: list(o.objects, objectRef),
    error: str(o.error),
  };
  if (bool(o.objectsDelta)) {
    app.objectsDelta = true;
    app.removedObjects = list(o.removedObjects, objectRef);
  }
  return app;
}

function assignment(v: unknown): Assignment {
  const o = obj(v);
  const a: Assignment = {
    generation: wireNumber(o.generation),
    chunk: wireNumber(o.chunk),
    chunkCount: Math.max(1, wireNumber(o.chunkCount)),
    apps: list(o.apps, appAssignment),
  };
  const base = wireNumber(o.baseGeneration);
  if (base > 0) {
    a.baseGeneration = base;
    a.removedApps = list(o.removedApps, str);
  }
  const blobs = list(o.blobs, blob);
  if (blobs.length > 0) a.blobs = blobs;
  return a;
}

function blob(b: unknown): Blob {
  const o = obj(b);
  return { digest: str(o.digest), content: bytes(o.content) };
}

function resourceStatus(r: unknown): ResourceStatus {
  const x = obj(r);
  return {
    apiVersion: str(x.apiVersion),
    kind: str(x.kind),
    namespace: str(x.namespace),
    name: str(x.name),
    sync: str(x.sync),
    health: str(x.health),
    message: str(x.message),
  };
}

function appStatus(v: unknown): AppStatus {
  const o = obj(v);
  const status: AppStatus = {
    name: str(o.name),
    generation: wireNumber(o.generation),
    sync: str(o.sync),
    health: str(o.health),
    message: str(o.message),
    lastError: str(o.lastError),
    resources: list(o.resources, resourceStatus),
    drift: list(o.drift, (d) => {
      const x = obj(d);
      return {
        apiVersion: str(x.apiVersion),
        kind: str(x.kind),
        namespace: str(x.namespace),
        name: str(x.name),
        paths: list(x.paths, str),
        deleted: bool(x.deleted),
        atUnixMs: wireNumber(x.atUnixMs),
        reverted: bool(x.reverted),
      };
    }),
    observedUnixMs: wireNumber(o.observedUnixMs),
  };
  if (bool(o.resourcesDelta)) {
    status.resourcesDelta = true;
    status.removedResources = list(o.removedResources, resourceStatus);
  }
  if (bool(o.driftUnchanged)) status.driftUnchanged = true;
  return status;
}

function unknownCase(side: string, m: Obj): OutpostError {
  return new OutpostError(
    ErrorCodes.PROTOCOL_MESSAGE_INVALID,
    `${side} message without a known case (msg=${String(m.msg ?? 'none')})`,
    { hint: 'the peer may speak a newer protocol; upgrade this side' },
  );
}

/** Decodes an `AgentMessage` received by the hub. Throws PROTOCOL_MESSAGE_INVALID for an unknown case. */
export function agentMessageFromWire(m: LoadedMessage): AgentMessage {
  switch (m.msg) {
    case 'hello': {
      const o = obj(m.hello);
      return {
        kind: 'hello',
        hello: {
          cluster: str(o.cluster),
          version: version(o.version),
          capabilities: list(o.capabilities, str),
          heldGeneration: wireNumber(o.heldGeneration),
          appliedGeneration: wireNumber(o.appliedGeneration),
          agentVersion: str(o.agentVersion),
          kubernetesVersion: str(o.kubernetesVersion),
          instanceId: str(o.instanceId),
        },
      };
    }
    case 'blobRequest':
      return { kind: 'blobRequest', blobRequest: { digests: list(obj(m.blobRequest).digests, str) } };
    case 'ack': {
      const o = obj(m.ack);
      return {
        kind: 'ack',
        ack: { generation: wireNumber(o.generation), held: bool(o.held), applied: bool(o.applied) },
      };
    }
    case 'status': {
      const o = obj(m.status);
      const c = o.cluster === undefined || o.cluster === null ? undefined : obj(o.cluster);
      return {
        kind: 'status',
        status: {
          seq: wireNumber(o.seq),
          apps: list(o.apps, appStatus),
          cluster: c && {
            kubernetesVersion: str(c.kubernetesVersion),
            appliedGeneration: wireNumber(c.appliedGeneration),
            leader: str(c.leader),
          },
        },
      };
    }
    case 'ping': {
      const o = obj(m.ping);
      return { kind: 'ping', ping: { nonce: wireNumber(o.nonce), sentUnixMs: wireNumber(o.sentUnixMs) } };
    }
    case 'pong':
      return { kind: 'pong', pong: { nonce: wireNumber(obj(m.pong).nonce) } };
    default:
      throw unknownCase('agent', m);
  }
}

/** Decodes a `HubMessage` received by the agent. Throws PROTOCOL_MESSAGE_INVALID for an unknown case. */
export function hubMessageFromWire(m: LoadedMessage): HubMessage {
  switch (m.msg) {
    case 'welcome': {
      const o = obj(m.welcome);
      return {
        kind: 'welcome',
        welcome: {
          version: version(o.version),
          capabilities: list(o.capabilities, str),
          hubId: str(o.hubId),
          pingIntervalMs: wireNumber(o.pingIntervalMs),
          statusMinIntervalMs: wireNumber(o.statusMinIntervalMs),
          maxMessageBytes: wireNumber(o.maxMessageBytes),
        },
      };
    }
    case 'assignment':
      return { kind: 'assignment', assignment: assignment(m.assignment) };
    case 'blobs': {
      const o = obj(m.blobs);
      return {
        kind: 'blobs',
        blobs: {
          blobs: list(o.blobs, blob),
          refused: list(o.refused, str),
        },
      };
    }
    case 'statusAck': {
      const o = obj(m.statusAck);
      const wholeNeeded = list(o.wholeNeeded, str);
      return {
        kind: 'statusAck',
        statusAck: { seq: wireNumber(o.seq), ...(wholeNeeded.length > 0 ? { wholeNeeded } : {}) },
      };
    }
    case 'ping': {
      const o = obj(m.ping);
      return { kind: 'ping', ping: { nonce: wireNumber(o.nonce), sentUnixMs: wireNumber(o.sentUnixMs) } };
    }
    case 'pong':
      return { kind: 'pong', pong: { nonce: wireNumber(obj(m.pong).nonce) } };
    case 'refusal': {
      const o = obj(m.refusal);
      return {
        kind: 'refusal',
        refusal: { code: str(o.code), message: str(o.message), retryable: bool(o.retryable) },
      };
    }
    default:
      throw unknownCase('hub', m);
  }
}

/**
 * Encodes a domain message for `call.write()`: the oneof case becomes the field of the
 * same name. Domain objects already use the proto's camelCase names, so they pass through.
 */
export function agentMessageToWire(m: AgentMessage): LoadedMessage {
  return { [m.kind]: (m as unknown as Obj)[m.kind] };
}

/** Encodes a domain `HubMessage` for `call.write()`. */
export function hubMessageToWire(m: HubMessage): LoadedMessage {
  return { [m.kind]: (m as unknown as Obj)[m.kind] };
}
