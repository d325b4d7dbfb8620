import { describe, expect, it } from 'vitest';
import { isOutpostError, type OutpostError } from '@outpost/shared';
import { parseManifests } from './manifest-parser.ts';

function failure(fn: () => unknown): OutpostError {
  try {
    fn();
  } catch (e) {
    if (isOutpostError(e)) return e;
    throw e;
  }
  throw new Error('expected an OutpostError');
}

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('manifest parsing', () => {
  it('multi-document YAML gives every object with the line it starts on', () => {
    const objs = parseManifests('a/x.yaml', `# header\n${cm('one')}---\n${cm('two')}`);
    expect(objs.map((o) => [o.object.metadata, o.source.line])).toEqual([
      [{ name: 'one' }, 2],
      [{ name: 'two' }, 7],
    ]);
  });
  it('empty documents and comment-only documents are skipped', () => {
    expect(parseManifests('x.yaml', `---\n---\n# nothing\n---\n${cm('a')}---\n`)).toHaveLength(1);
  });
  it('a manifest without kind fails with file:line', () => {
    const e = failure(() =>
      parseManifests('apps/web/bad.yaml', `${cm('ok')}---\napiVersion: v1\nmetadata:\n  name: x\n`),
    );
    expect(e.code).toBe('RENDER_MANIFEST_INVALID');
    expect(e.location).toMatchObject({ file: 'apps/web/bad.yaml', line: 6 });
    expect(e.describe()).toContain('apps/web/bad.yaml:6: object has no kind');
  });
  it('a manifest without metadata.name fails', () => {
    expect(
      failure(() => parseManifests('x.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n')).message,
    ).toBe('ConfigMap has no metadata.name');
  });
  it('a manifest without apiVersion fails', () => {
    expect(failure(() => parseManifests('x.yaml', 'kind: ConfigMap\nmetadata: {name: a}\n')).message).toBe(
      'object has no apiVersion',
    );
  });
  it('a scalar document is not an object', () => {
    expect(failure(() => parseManifests('x.yaml', 'just text\n')).message).toContain(
      'expected a Kubernetes object',
    );
  });
  it('a YAML syntax error names the line', () => {
    const e = failure(() => parseManifests('x.yaml', `${cm('a')}  bad: [unclosed\n`));
    expect(e.message).toMatch(/^YAML syntax error/);
    expect(e.location.file).toBe('x.yaml');
    expect(e.location.line).toBeGreaterThanOrEqual(4);
  });
  it('List kinds are flattened and each item keeps its own line', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- ${cm('a').trimEnd().replace(/\n/g, '\n  ')}\n- ${cm('b').trimEnd().replace(/\n/g, '\n  ')}\n`;
    const objs = parseManifests('list.yaml', text);
    expect(objs.map((o) => (o.object.metadata as { name: string }).name)).toEqual(['a', 'b']);
    expect(objs.map((o) => o.source.line)).toEqual([4, 8]);
  });
  it('a *List kind such as ConfigMapList is flattened and its items validated', () => {
    const e = failure(() =>
      parseManifests(
        'l.yaml',
        'apiVersion: v1\nkind: ConfigMapList\nitems:\n- apiVersion: v1\n  metadata: {name: a}\n',
      ),
    );
    expect(e.message).toBe('object has no kind');
    expect(e.location.line).toBe(4);
  });
  it('JSON files are read, with lines', () => {
    const objs = parseManifests(
      'x.json',
      '{\n  "apiVersion": "v1",\n  "kind": "Secret",\n  "metadata": {"name": "s"}\n}\n',
    );
    expect(objs[0]?.object.kind).toBe('Secret');
    expect(objs[0]?.source.line).toBe(1);
  });
  it('values stay as YAML 1.2 core types: timestamps remain strings', () => {
    const objs = parseManifests('x.yaml', `${cm('a')}data:\n  when: 2024-01-01T00:00:00Z\n`);
    expect((objs[0]?.object.data as Record<string, unknown>).when).toBe('2024-01-01T00:00:00Z');
  });
});
