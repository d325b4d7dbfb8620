/** Per-cluster traffic counters of the Connect stream (cumulative over reconnects). */
export interface StreamCounters {
  messagesSent: number;
  bytesSent: number;
  messagesReceived: number;
  bytesReceived: number;
  /** Assignment generations sent (each counts once however many chunks it took). */
  assignmentsSent: number;
  /** Of those, sent as deltas against the generation the agent held. */
  deltasSent: number;
  chunksSent: number;
  blobsSent: number;
  blobBytesSent: number;
  /** Of the blobs sent, those sent with a delta assignment (capability `blob-push`). */
  blobsPushed: number;
  blobsRefused: number;
  statusReports: number;
  streams: number;
}

export function emptyCounters(): StreamCounters {
  return {
    messagesSent: 0,
    bytesSent: 0,
    messagesReceived: 0,
    bytesReceived: 0,
    assignmentsSent: 0,
    deltasSent: 0,
    chunksSent: 0,
    blobsSent: 0,
    blobBytesSent: 0,
    blobsPushed: 0,
    blobsRefused: 0,
    statusReports: 0,
    streams: 0,
  };
}
