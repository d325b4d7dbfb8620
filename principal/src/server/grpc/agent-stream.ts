/**
 * One agent's `Connect` stream on the hub: authenticate the call, check Hello (version,
 * cluster), Welcome, send the current assignment when the agent holds an older one
 * (chunked), serve the blobs that cluster's assignment references, take acks and status
 * reports, answer pings. A small state machine; everything shared lives in the host.
 */
import type { ServerDuplexStream } from '@grpc/grpc-js';
import {
  Capabilities,
  ErrorCodes,
  HUB_CAPABILITIES,
  LogFields,
  PROTOCOL_VERSION,
  agentMessageFromWire,
  chunkAssignment,
  commonCapabilities,
  deltaAssignment,
  hubMessageToWire,
  isOutpostError,
  negotiateVersion,
} from '@outpost/shared';
import type { AgentMessage, Assignment, HubMessage, LoadedMessage, Logger, Refusal } from '@outpost/shared';
import type { AssignmentRecord } from '../../fleet/core/assignment-record.ts';
import { peerCertificateOf } from './auth-peer-certificate.ts';
import { blobBatches } from './blob-batches.ts';
import { blobsToPush } from './blob-push.ts';
import { RECEIVED_BYTES } from './counted-service.ts';
import type { StreamHost } from './stream-host.ts';
import type { StreamCounters } from './stream-counters.ts';

export type AgentStreamState = 'authenticating' | 'awaiting-hello' | 'live' | 'closed';

type Call = ServerDuplexStream<LoadedMessage, Buffer | LoadedMessage>;

export class AgentStream {
  state: AgentStreamState = 'authenticating';
  cluster = '';
  /** The agent instance (from Hello). */
  instanceId = '';
  /** Newest generation the agent holds (from Hello, then acks). */
  heldGeneration = 0;
  /** Newest generation sent on this stream. */
  sentGeneration = 0;
  /** The agent applies delta assignments (capability `assignment-delta`). */
  deltas = false;
  /** The agent takes blobs sent with a delta (capability `blob-push`). */
  blobPush = false;
  /** The last record sent, and the one the agent acknowledged holding (the base for deltas). */
  private sent: AssignmentRecord | undefined;
  private held: AssignmentRecord | undefined;
  lastHeardMs: number;
  readonly peer: string;
  private readonly call: Call;
  private readonly host: StreamHost;
  /** Bound to the cluster and peer once known; made on first use (most streams never log). */
  private clusterLog: Logger | undefined;
  private counters: StreamCounters | undefined;
  /** Settled before Hello is read; dropped once the stream is live. */
  private auth: Promise<{ cluster: string }> | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(call: Call, host: StreamHost) {
    this.call = call;
    this.host = host;
    this.peer = call.getPeer();
    this.lastHeardMs = host.now();
    this.auth = host.authenticator.authenticate({
      peerCertificate: peerCertificateOf(call),
      metadata: metadataMap(call),
    });
    this.auth.catch(() => undefined);
  }

  private get log(): Logger {
    if (!this.cluster) return this.host.logger;
    this.clusterLog ??= this.host.logger.child({ [LogFields.cluster]: this.cluster, peer: this.peer });
    return this.clusterLog;
  }

  /** Starts consuming the stream; returns at once. */
  start(): void {
    this.call.on('data', (raw: LoadedMessage) => {
      this.lastHeardMs = this.host.now();
      this.chain = this.chain.then(() => this.receive(raw)).catch((err) => this.fail(err));
    });
    this.call.on('end', () => this.close());
    this.call.on('error', (err) => {
      this.log.debug({ [LogFields.err]: err }, 'stream error');
      this.close();
    });
    this.call.on('cancelled', () => this.close());
  }

  /** Sends the record's assignment (chunked) unless the agent already holds that generation. */
  pushAssignment(record: AssignmentRecord): void {
    if (this.state !== 'live' || record.generation <= this.heldGeneration) return;
    if (record.generation <= this.sentGeneration) return;
    const whole: Assignment = { generation: record.generation, chunk: 0, chunkCount: 1, apps: record.apps };
    const base = this.deltas && this.held?.generation === this.heldGeneration ? this.held : undefined;
    const outgoing = base
      ? deltaAssignment({ generation: base.generation, chunk: 0, chunkCount: 1, apps: base.apps }, whole)
      : whole;
    const chunks = chunkAssignment(
      outgoing,
      this.host.limits.maxObjectsPerChunk,
      Math.floor(this.host.limits.maxMessageBytes / 2),
    );
    if (base && this.blobPush) this.attachBlobs(chunks);
    for (const assignment of chunks) this.send({ kind: 'assignment', assignment });
    this.sentGeneration = record.generation;
    this.sent = record;
    this.bump('assignmentsSent', 1);
    if (base) this.bump('deltasSent', 1);
    this.bump('chunksSent', chunks.length);
    if (this.host.logger.isLevelEnabled('debug'))
      this.log.debug({ [LogFields.generation]: record.generation, chunks: chunks.length }, 'assignment sent');
  }

  /** Puts the blobs new in a delta on its last chunk (capability `blob-push`, see blob-push.ts). */
  private attachBlobs(chunks: Assignment[]): void {
    const { limits, writeBudgetBytes, fleet } = this.host;
    const last = chunks.length - 1;
    const budget = Math.min(limits.maxBlobBytesPerMessage, writeBudgetBytes, limits.maxMessageBytes / 4);
    const pushed = blobsToPush(chunks[last]!, (d) => fleet.cachedBlob(d), budget);
    if (pushed.blobs.length === 0) return;
    chunks[last] = { ...chunks[last]!, blobs: pushed.blobs };
    this.bump('blobsSent', pushed.blobs.length);
    this.bump('blobBytesSent', pushed.bytes);
    this.bump('blobsPushed', pushed.blobs.length);
  }

  /** Sends an application-level Ping. */
  ping(nonce: number): void {
    if (this.state === 'live') this.send({ kind: 'ping', ping: { nonce, sentUnixMs: this.host.now() } });
  }

  /** Sends a Refusal and ends the stream. */
  refuse(refusal: Refusal): void {
    if (this.state === 'closed') return;
    this.log.info({ code: refusal.code, retryable: refusal.retryable }, `stream refused: ${refusal.message}`);
    this.send({ kind: 'refusal', refusal });
    this.close();
  }

  private async receive(raw: LoadedMessage): Promise<void> {
    if (this.state === 'closed') return;
    const size = (raw as Record<symbol, unknown>)[RECEIVED_BYTES];
    this.bump('messagesReceived', 1);
    this.bump('bytesReceived', typeof size === 'number' ? size : 0);
    const msg = agentMessageFromWire(raw);
    if (this.state !== 'live') return this.handshake(msg);
    switch (msg.kind) {
      case 'blobRequest':
        return this.serveBlobs(msg.blobRequest.digests);
      case 'ack':
        this.host.status.ack(this.cluster, msg.ack);
        if (msg.ack.held && msg.ack.generation > this.heldGeneration) {
          this.heldGeneration = msg.ack.generation;
          if (this.sent?.generation === msg.ack.generation) this.held = this.sent;
          // Not awaited: the fleet serialises acks behind reconciles, and this stream's
          // pings and blob requests must not wait for a fan-out to finish.
          this.host.fleet
            .acknowledgeHeld(this.cluster, msg.ack.generation)
            .catch((err: unknown) =>
              this.log.warn({ [LogFields.err]: err }, 'cannot record the held generation'),
            );
        }
        return;
      case 'status': {
        this.bump('statusReports', 1);
        const wholeNeeded = this.host.status.report(this.cluster, msg.status);
        this.send({
          kind: 'statusAck',
          statusAck: { seq: msg.status.seq, ...(wholeNeeded.length > 0 ? { wholeNeeded } : {}) },
        });
        return;
      }
      case 'ping':
        this.send({ kind: 'pong', pong: { nonce: msg.ping.nonce } });
        return;
      case 'pong':
        return;
      case 'hello':
        return this.refuse({
          code: ErrorCodes.PROTOCOL_MESSAGE_INVALID,
          message: 'a second Hello on one stream',
          retryable: true,
        });
    }
  }

  private async handshake(msg: AgentMessage): Promise<void> {
    if (msg.kind !== 'hello') {
      return this.refuse({
        code: ErrorCodes.PROTOCOL_MESSAGE_INVALID,
        message: `the first message must be Hello, got ${msg.kind}`,
        retryable: true,
      });
    }
    let cluster: string;
    try {
      cluster = (await this.auth!).cluster;
    } catch (err) {
      const code = isOutpostError(err) ? err.code : ErrorCodes.AUTH_FAILED;
      const message = isOutpostError(err) ? err.describe() : 'authentication failed';
      return this.refuse({ code, message, retryable: code !== ErrorCodes.CLUSTER_REVOKED });
    }
    const hello = msg.hello;
    this.cluster = cluster;
    this.auth = undefined;
    this.counters = this.host.countersOf(cluster);
    this.bump('streams', 1);
    if (hello.cluster && hello.cluster !== cluster) {
      return this.refuse({
        code: ErrorCodes.CLUSTER_MISMATCH,
        message: `Hello names cluster ${hello.cluster} but the credentials are those of cluster ${cluster}`,
        retryable: false,
      });
    }
    const negotiated = negotiateVersion(PROTOCOL_VERSION, hello.version);
    if (!negotiated.ok) return this.refuse(negotiated.refusal);
    this.instanceId = hello.instanceId;
    this.heldGeneration = hello.heldGeneration;
    this.deltas = hello.capabilities.includes(Capabilities.assignmentDelta);
    this.blobPush = hello.capabilities.includes(Capabilities.blobPush);
    this.state = 'live';
    this.host.claim(this);
    const { limits } = this.host;
    this.send({
      kind: 'welcome',
      welcome: {
        version: negotiated.version,
        capabilities: commonCapabilities(HUB_CAPABILITIES, hello.capabilities),
        hubId: this.host.hubId,
        pingIntervalMs: limits.pingIntervalMs,
        statusMinIntervalMs: limits.statusMinIntervalMs,
        maxMessageBytes: limits.maxMessageBytes,
      },
    });
    this.host.status.connection(cluster, {
      connected: true,
      instanceId: hello.instanceId,
      agentVersion: hello.agentVersion,
      kubernetesVersion: hello.kubernetesVersion,
      peer: this.peer,
      sinceMs: this.host.now(),
      heldGeneration: hello.heldGeneration,
      appliedGeneration: hello.appliedGeneration,
    });
    const record = this.host.fleet.current(cluster);
    if (record && hello.heldGeneration >= record.generation && hello.heldGeneration > 0) {
      // Equal: nothing to send. Newer: the hub lost state; the fleet raises the generation
      // above the agent's and the new record reaches this stream through onAssignment.
      if (hello.heldGeneration > record.generation)
        await this.host.fleet.observeHeldGeneration(cluster, hello.heldGeneration);
      return;
    }
    if (!record && hello.heldGeneration > 0)
      await this.host.fleet.observeHeldGeneration(cluster, hello.heldGeneration);
    if (record) this.pushAssignment(record);
  }

  private async serveBlobs(digests: string[]): Promise<void> {
    const { limits, fleet, writeBudgetBytes } = this.host;
    if (digests.length > limits.maxDigestsPerRequest) {
      return this.refuse({
        code: ErrorCodes.PROTOCOL_LIMIT_EXCEEDED,
        message: `BlobRequest names ${digests.length} digests, the limit is ${limits.maxDigestsPerRequest}`,
        retryable: true,
      });
    }
    const source = {
      mayServe: (d: string) => fleet.mayServe(this.cluster, d),
      read: (d: string) => fleet.readBlob(d),
    };
    const sizes = {
      maxBatchBytes: Math.min(limits.maxBlobBytesPerMessage, writeBudgetBytes),
      maxBlobBytes: limits.maxMessageBytes - 1024,
    };
    for await (const batch of blobBatches(digests, source, sizes)) {
      if (batch.oversized.length > 0)
        this.log.warn({ digests: batch.oversized }, 'blobs larger than the message limit refused');
      this.bump('blobsSent', batch.blobs.blobs.length);
      this.bump('blobBytesSent', batch.contentBytes);
      this.bump('blobsRefused', batch.blobs.refused.length);
      if (!this.send({ kind: 'blobs', blobs: batch.blobs })) {
        await new Promise<void>((resolve) => this.call.once('drain', () => resolve()));
      }
    }
  }

  private send(msg: HubMessage): boolean {
    if (this.state === 'closed') return false;
    const bytes = this.host.serialize(hubMessageToWire(msg));
    this.bump('messagesSent', 1);
    this.bump('bytesSent', bytes.length);
    return this.call.write(bytes);
  }

  private bump(counter: keyof StreamCounters, n: number): void {
    if (this.counters) this.counters[counter] += n;
  }

  private fail(err: unknown): void {
    this.log.warn({ [LogFields.err]: err }, 'stream failed');
    const code = isOutpostError(err) ? err.code : ErrorCodes.PROTOCOL_MESSAGE_INVALID;
    this.refuse({
      code,
      message: isOutpostError(err) ? err.describe() : 'the hub could not process a message',
      retryable: true,
    });
  }

  /** Ends the stream (idempotent) and tells the host. */
  close(): void {
    if (this.state === 'closed') return;
    const wasLive = this.state === 'live';
    this.state = 'closed';
    try {
      this.call.end();
    } catch {
      // the call may already be cancelled
    }
    this.host.release(this, wasLive);
  }
}

function metadataMap(call: Call): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(call.metadata.getMap()))
    out[k] = typeof v === 'string' ? v : v.toString('utf8');
  return out;
}
