import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseGoTemplate, parseGoTemplateOptions } from './index.ts';

interface PeerCase {
  id: string;
  template: string;
  data: unknown;
  options?: string[];
  expect?: string;
  expectError?: boolean;
  errorContains?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const casesPath = join(here, '../../../../../shared/peer-suites/go-template/cases.json');

/** Cases excluded with a reason (see README.md); empty means none. */
const EXCLUDED = new Map<string, string>();

function render(c: PeerCase): string {
  return parseGoTemplate(c.template, 'base').execute(c.data, parseGoTemplateOptions(c.options ?? []));
}

describe('go-template peer suite (Go text/template + sprig + Argo CD helpers)', () => {
  it('finds the peer suite file', () => {
    expect(existsSync(casesPath), `peer suite missing at ${casesPath}`).toBe(true);
  });
  const cases: PeerCase[] = existsSync(casesPath) ? JSON.parse(readFileSync(casesPath, 'utf8')) : [];
  for (const c of cases) {
    if (EXCLUDED.has(c.id)) continue;
    it(c.id, () => {
      if (c.expectError) {
        let message: string | undefined;
        try {
          render(c);
        } catch (e) {
          message = (e as Error).message;
        }
        expect(message, 'rendering should fail').toBeDefined();
        if (c.errorContains) expect(message).toContain(c.errorContains);
      } else {
        expect(render(c)).toBe(c.expect);
      }
    });
  }
});
