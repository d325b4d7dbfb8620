/**
 * Child process for the file store's crash test: writes `k<i>` = `value-<i>` (and
 * overwrites `hot` each time) forever, printing `acked <i>` after each put resolved.
 * Small logs make checkpoints (log rotation, key-file writes) run while it writes. The test
 * kills it with SIGKILL at a random moment and checks every acked write.
 */
import { FileStore } from './file-store.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-writer.helper.ts DIR');
const store = await FileStore.open({ dir, checkpointBytes: 8192 });
const enc = new TextEncoder();
for (let i = 0; ; i++) {
  await Promise.all([
    store.put('assignments', `k${i}`, enc.encode(`value-${i}`.repeat(50))),
    store.put('hub', 'hot', enc.encode(`hot-${i}`)),
  ]);
  process.stdout.write(`acked ${i}\n`);
}
