import { describe, expect, it } from 'vitest';
import { parseApplicationSets } from './parse-application-set.ts';

const doc = (name: string, extra = '') => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: ${name}
spec:
  generators:
    - list:
        elements: [{name: a}]
  template:
    metadata: {name: '{{name}}'}
    spec: {project: default, destination: {server: https://x}}
${extra}`;

describe('parsing ApplicationSets', () => {
  it('model – reads multi-document YAML and keeps unknown fields', () => {
    const sets = parseApplicationSets(`${doc('one', '  strategy: {type: RollingSync}\n')}---\n${doc('two')}`);
    expect(sets.map((s) => s.metadata.name)).toEqual(['one', 'two']);
    expect(sets[0]?.spec.strategy).toEqual({ type: 'RollingSync' });
  });

  it('model – reads JSON', () => {
    const json = JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'j' },
      spec: { generators: [], template: { metadata: {}, spec: { destination: {} } } },
    });
    expect(parseApplicationSets(json)[0]?.metadata.name).toBe('j');
  });

  it('model – a YAML syntax error is INPUT_PARSE with file and line', () => {
    try {
      parseApplicationSets('apiVersion: argoproj.io/v1alpha1\nkind: [oops\n', 'set.yaml');
      expect.unreachable();
    } catch (err) {
      const e = err as { code: string; location: { file: string; line: number } };
      expect(e.code).toBe('INPUT_PARSE');
      expect(e.location.file).toBe('set.yaml');
      expect(e.location.line).toBeGreaterThanOrEqual(2);
    }
  });

  it('model – a wrong kind, a missing name or a missing template is APPSET_INVALID', () => {
    expect(() => parseApplicationSets(doc('x').replace('kind: ApplicationSet', 'kind: Application'))).toThrow(
      /expected apiVersion/,
    );
    expect(() => parseApplicationSets(doc('""'))).toThrow(/metadata.name is required/);
    expect(() => parseApplicationSets(doc('x').replace(/ {2}template:[\s\S]*/, ''))).toThrow(
      /spec.template is required/,
    );
    expect(() => parseApplicationSets('')).toThrow(/no ApplicationSet found/);
  });
});
