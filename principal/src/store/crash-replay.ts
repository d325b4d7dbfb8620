/**
 * Opening a data dir that a run left without closing cleanly (kill -9, power loss): its logs
 * hold changes that may never have reached their key files. Their intact records are read in
 * order (a torn tail ends a log: it was never acknowledged), the last record of each key is
 * appended to one fresh log (a single fsync) and returned to be remembered, so the next
 * checkpoint writes the key files. Writing and fsyncing a key file per record here instead
 * made a restart after kill -9 wait for thousands of fsyncs before the hub could start.
 *
 * The old logs are deleted only once the new one is durable, so a crash during the replay
 * (or right after it, before any checkpoint) replays again and loses nothing.
 */
import { rm } from 'node:fs/promises';
import { ActiveLog } from './active-log.ts';
import type { DataDir } from './data-dir.ts';
import { syncFile } from './key-file.ts';
import type { Change } from './remembered-changes.ts';
import type { StoreBucket } from './store.ts';
import { readLog, type LogRecord } from './write-ahead-log.ts';

/** What a replay leaves: the log to append to next, and the changes to remember. */
export interface Replayed {
  log: ActiveLog;
  changes: Change[];
}

/**
 * Replays the logs of `dataDir` (none after a clean close) into a fresh log. Throws a plain
 * `Error` when a record names an unknown bucket or an invalid key, and the I/O error when a
 * log cannot be read, written or deleted; the old logs are then left as they were.
 */
export async function replayLogs(dataDir: DataDir, fsync: boolean): Promise<Replayed> {
  const logs = await dataDir.logs();
  const last = new Map<string, LogRecord>();
  for (const seq of logs) {
    for (const r of await readLog(dataDir.logPath(seq))) {
      dataDir.keyPath(r.bucket as StoreBucket, r.key);
      last.set(`${r.bucket}/${r.key}`, r);
    }
  }
  const log = await ActiveLog.open(dataDir, (logs[logs.length - 1] ?? 0) + 1, fsync);
  const records = [...last.values()];
  try {
    await Promise.all(records.map((r) => log.append(r, () => undefined)));
    if (fsync) await syncFile(dataDir.dir);
    for (const seq of logs) await rm(dataDir.logPath(seq), { force: true });
    if (fsync) await syncFile(dataDir.dir);
  } catch (err) {
    await log.close().catch(() => undefined);
    throw err;
  }
  const changes = records.map((r): Change => ({
    bucket: r.bucket as StoreBucket,
    key: r.key,
    entry: r.op === 'd' ? null : { value: r.value, revision: r.revision },
  }));
  return { log, changes };
}
