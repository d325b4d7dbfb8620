import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { objectHealth, workflowHealth } from './index.ts';
import type { KubeObject } from './index.ts';

const SUITE = fileURLToPath(new URL('../../../../shared/peer-suites/argo-health/', import.meta.url));

interface PeerCase {
  file: string;
  expect: { status: string; message: string | null } | null;
  source: string;
}

const cases = JSON.parse(readFileSync(join(SUITE, 'cases.json'), 'utf8')) as PeerCase[];

function load(file: string): KubeObject {
  return parse(readFileSync(join(SUITE, file), 'utf8'), { uniqueKeys: false }) as KubeObject;
}

describe("health peer suite – Argo CD's own fixtures give the same answers", () => {
  it('the suite holds all 52 cases', () => {
    expect(cases).toHaveLength(52);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s', (file, c) => {
    const obj = load(file);
    const result = file.startsWith('inline-TestGetArgoWorkflowHealth')
      ? workflowHealth(obj)
      : objectHealth(obj);
    if (c.expect === null) {
      expect(result).toBeUndefined();
      return;
    }
    expect(result?.status).toBe(c.expect.status);
    if (c.expect.message !== null) expect(result?.message ?? '').toBe(c.expect.message);
  });
});
