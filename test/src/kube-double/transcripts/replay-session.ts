/**
 * One replay session: all 74 transcripts, in order, against one fresh double, including the
 * steps the recorder took between files without recording them (a LIST before the watch, the
 * writes during it, the namespace's second incarnation before 69, polling before 74).
 */
import { KubeDouble } from '../kube-double.ts';
import { loadTranscripts } from './transcript-files.ts';
import type { Transcript } from './transcript-files.ts';
import { TranscriptReplayer } from './transcript-replayer.ts';
import type { ReplayAnswer, RequestOverride } from './transcript-replayer.ts';

/** Shortened watch timeouts: the recorder's 10 s and 5 s would only slow the suite down. */
export const WATCH_TIMEOUT_SECONDS = { 43: '2', 44: '1' } as const;

/** The double's settings for the replay (see each option's reason). */
export const REPLAY_DOUBLE_OPTIONS = {
  // Small enough that a watch from resourceVersion 1 is too old by file 45, as on the real server.
  historyLimit: 40,
  // Several bookmarks arrive within the shortened watch timeouts.
  bookmarkIntervalMs: 400,
  // The GET of 68 must still see the Deployment while its foreground deletion runs.
  garbageCollectionDelayMs: 1000,
  // No kubelet on the recording server: Deployments never became Available.
  workloads: { readyAfterMs: Number.POSITIVE_INFINITY },
};

/** Everything the replay produced. */
export interface ReplaySession {
  transcripts: Transcript[];
  answers: Map<number, ReplayAnswer>;
  replayer: TranscriptReplayer;
  double: KubeDouble;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitGone(rp: TranscriptReplayer, path: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await rp.send('GET', path)).status === 404) return;
    await sleep(50);
  }
  throw new Error(`${path} did not go away within 10 s`);
}

/** Replays every transcript in order against a new double. */
export async function runReplay(): Promise<ReplaySession> {
  const transcripts = loadTranscripts();
  const double = await KubeDouble.start(REPLAY_DOUBLE_OPTIONS);
  const rp = new TranscriptReplayer(double.url);
  const answers = new Map<number, ReplayAnswer>();
  const ns = '/api/v1/namespaces/transcripts';
  for (const t of transcripts) {
    const n = Number(t.file.slice(0, 2));
    const override: RequestOverride = {};
    if (n === 31 || n === 47 || n === 71) await double.cluster.settle();
    if (n === 43) {
      const list = await rp.send('GET', `${ns}/configmaps`);
      const rv = String((list.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
      override.query = { resourceVersion: rv, timeoutSeconds: WATCH_TIMEOUT_SECONDS[43] };
      override.during = async () => {
        await sleep(300);
        await rp.send('POST', `${ns}/configmaps`, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'watched', labels: { app: 'demo' } },
          data: { step: 'created' },
        });
        await sleep(150);
        await rp.send(
          'PATCH',
          `${ns}/configmaps/watched`,
          { data: { step: 'modified' } },
          'application/merge-patch+json',
        );
        await sleep(150);
        await rp.send('DELETE', `${ns}/configmaps/watched`);
      };
    }
    if (n === 44) override.query = { timeoutSeconds: WATCH_TIMEOUT_SECONDS[44] };
    if (n === 69) {
      await rp.send('DELETE', ns);
      await waitGone(rp, ns);
      await rp.send('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'transcripts' },
      });
      await rp.send('POST', `${ns}/configmaps`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'held', finalizers: ['example.com/hold'] },
        data: { k: 'v' },
      });
    }
    if (n === 74) await waitGone(rp, ns);
    answers.set(n, await rp.replay(t, override));
  }
  return { transcripts, answers, replayer: rp, double };
}
