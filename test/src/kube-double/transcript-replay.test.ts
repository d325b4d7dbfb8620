/**
 * Replays the 74 request/response pairs recorded from a real kube-apiserver v1.32.13 against
 * one fresh double and compares the answers field by field. Where the double deliberately
 * differs, the comparison names the ignored paths and why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareJson, normalizeManagedFields } from './transcripts/json-compare.ts';
import type { IgnoredPath } from './transcripts/json-compare.ts';
import { checklistAssertions } from './transcripts/checklist-assertions.ts';
import { runReplay } from './transcripts/replay-session.ts';
import type { ReplaySession } from './transcripts/replay-session.ts';
import { loadChecklist, loadTranscripts } from './transcripts/transcript-files.ts';
import type { Transcript } from './transcripts/transcript-files.ts';
import type { ReplayAnswer } from './transcripts/transcript-replayer.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Differences every comparison accepts: values a real server assigns from its clock or randomness. */
const ALWAYS_IGNORED: IgnoredPath[] = [
  { path: '**.uid', reason: 'uids are random; the same-uid rule is asserted by checklist 7' },
  {
    path: '**.resourceVersion',
    reason: 'the double counts its own writes; growth is asserted by checklist 7',
  },
  { path: '**.creationTimestamp', reason: 'wall-clock time of the replay' },
  { path: '**.deletionTimestamp', reason: 'wall-clock time of the replay' },
  { path: '**.managedFields.*.time', reason: 'wall-clock time of the replay' },
  { path: '**.lastTransitionTime', reason: 'wall-clock time of the replay' },
  { path: '**.lastUpdateTime', reason: 'wall-clock time of the replay' },
];

const HASH: IgnoredPath = {
  path: '**.storageVersionHash',
  reason: 'a digest of the real storage encoding; the double publishes its own stable value',
};
const FAKE_CA: IgnoredPath = {
  path: '**.data.ca\\.crt',
  reason: "the double's kube-root-ca.crt holds a placeholder CA",
};
const RS_NAME: IgnoredPath[] = [
  {
    path: 'status.conditions.1.message',
    reason:
      'the Progressing message names the ReplicaSet, whose pod-template-hash the double computes its own way',
  },
];
const ROLLOUT_TIMING: IgnoredPath[] = [
  ...RS_NAME,
  {
    path: 'status.replicas',
    reason: "the simulated controller's rollout progress at that instant differs (timing)",
  },
  { path: 'status.updatedReplicas', reason: 'rollout progress at that instant (timing)' },
  { path: 'status.unavailableReplicas', reason: 'rollout progress at that instant (timing)' },
  {
    path: 'status.observedGeneration',
    reason: 'whether the controller already saw the last generation (timing)',
  },
];

/** Extra ignored paths per transcript, with reasons. */
const IGNORED: Record<number, IgnoredPath[]> = {
  1: [
    { path: 'gitCommit', reason: 'the double is not built from a git tree' },
    { path: 'buildDate', reason: 'the double is not built' },
  ],
  2: [
    {
      path: 'serverAddressByClientCIDRs.*.serverAddress',
      reason: "the double's own host:port (the recording redacted it)",
    },
  ],
  4: [HASH],
  5: [HASH],
  6: [HASH],
  7: [HASH],
  8: [HASH],
  9: [HASH],
  31: RS_NAME,
  32: [
    { path: 'items.*.metadata.name', reason: 'embeds the pod-template-hash, computed differently' },
    { path: '**.pod-template-hash', reason: 'the double hashes the pod template its own way' },
  ],
  33: RS_NAME,
  34: ROLLOUT_TIMING,
  35: RS_NAME,
  40: [FAKE_CA],
  41: [
    {
      path: 'columnDefinitions.*.description',
      reason: 'the double does not carry the OpenAPI field descriptions',
    },
    {
      path: 'rows.*.cells.2',
      reason: 'ages depend on when the replay runs (asserted by shape in checklist 30)',
    },
  ],
  44: [FAKE_CA],
  48: [HASH],
  67: ROLLOUT_TIMING,
  68: ROLLOUT_TIMING,
};

/**
 * Discovery answers list every resource of a full apiserver; the double serves a subset
 * (README: "Served kinds"). These compare only the groups and resources the double serves.
 */
const SUBSET_DISCOVERY = new Set([3, 4, 9]);

function subsetOf(n: number, recorded: Obj, ours: Obj): Obj {
  if (n === 3) {
    const names = new Set((ours['groups'] as Obj[]).map((g) => g['name']));
    return { ...recorded, groups: (recorded['groups'] as Obj[]).filter((g) => names.has(g['name'])) };
  }
  if (n === 4) {
    const names = new Set((ours['resources'] as Obj[]).map((r) => r['name']));
    return { ...recorded, resources: (recorded['resources'] as Obj[]).filter((r) => names.has(r['name'])) };
  }
  const groups = new Map((ours['items'] as Obj[]).map((g) => [g['metadata']['name'], g]));
  return {
    ...recorded,
    items: (recorded['items'] as Obj[])
      .filter((g) => groups.has(g['metadata']['name']))
      .map((g) => {
        const mine = groups.get(g['metadata']['name']) as Obj;
        const served = new Set((mine['versions'][0]['resources'] as Obj[]).map((r) => r['resource']));
        return {
          ...g,
          versions: (g['versions'] as Obj[]).map((v) => ({
            ...v,
            resources: (v['resources'] as Obj[]).filter((r) => served.has(r['resource'])),
          })),
        };
      }),
  };
}

let session: ReplaySession;
const transcripts: Transcript[] = loadTranscripts();
const a = (n: number): ReplayAnswer => {
  const answer = session.answers.get(n);
  if (!answer) throw new Error(`transcript ${n} was not replayed`);
  return answer;
};

beforeAll(async () => {
  session = await runReplay();
}, 60_000);

afterAll(async () => {
  await session?.double.close();
});

describe('kube double – transcript replay', () => {
  it.each(transcripts.map((t) => [t.file, t] as const))('%s answers like the real apiserver', (_file, t) => {
    const n = Number(t.file.slice(0, 2));
    const ours = a(n);
    expect(ours.status, `${t.file}: HTTP status`).toBe(t.response.status);
    let expected: unknown = session.replayer.substitute(t.response.body);
    let actual: unknown = ours.body;
    if (SUBSET_DISCOVERY.has(n)) expected = subsetOf(n, expected as Obj, actual as Obj);
    if (n === 43 || n === 44) {
      // The number of BOOKMARKs is not fixed (the recording's notes say so): compare the other
      // events, and the initial-events-end bookmark of 44, in order.
      const keep = (e: Obj) => e['type'] !== 'BOOKMARK' || e['object']?.['metadata']?.['annotations'];
      expected = (expected as Obj[]).filter(keep);
      actual = (actual as Obj[]).filter(keep);
    }
    const ignored = [...ALWAYS_IGNORED, ...(IGNORED[n] ?? [])];
    if (n === 45)
      ignored.push({
        path: '*.object.message',
        reason: 'names the oldest retained version; asserted as a pattern in checklist 34',
      });
    const diffs = compareJson(normalizeManagedFields(expected), normalizeManagedFields(actual), ignored);
    expect(diffs, `${t.file} differs from the recording`).toEqual([]);
    const type = (ours.headers['content-type'] ?? '').split(';')[0];
    const recordedType = (t.response.headers?.['Content-Type'] ?? '').split(';')[0];
    expect(type, `${t.file}: Content-Type`).toBe(recordedType);
  });
});

describe('kube double – fidelity checklist of the transcripts README', () => {
  const checklist = loadChecklist();

  it('every checklist line has an assertion block', () => {
    expect([...checklist.keys()].sort((x, y) => x - y)).toEqual(
      Object.keys(checklistAssertions(session))
        .map(Number)
        .sort((x, y) => x - y),
    );
  });

  it.each([...checklist].map(([n, text]) => [`checklist ${n}: ${text.slice(0, 90)}`, n] as const))(
    '%s',
    (_name, n) => {
      const check = checklistAssertions(session)[n];
      if (!check) throw new Error(`no assertions for checklist line ${n}`);
      check();
    },
  );
});
