import { describe, expect, it } from 'vitest';
import { memoryGitSource } from '../memory-ports.ts';
import { resolveApplicationSet, type ResolveOptions } from '../resolve-application-set.ts';
import { exampleAppSet } from '../test-fixtures.ts';

const REPO = 'https://git.example/config.git';
const files: Record<string, string> = {
  'config.json': '{\n\t"name": "root",\n\t"n": 1234567\n}',
  'clusters/east/config.json': '{"name": "east", "size": 1.5, "tags": ["a", "b"], "empty": {}, "none": null}',
  'clusters/west/config.yaml': '- name: west-1\n- name: west-2\n',
  'clusters/west/deep/config.json': '{"name": "deep"}',
  'clusters/empty/config.json': '',
  'clusters/nothing/config.json': '[]',
  'clusters/west/skip.json': '{"name": "skip"}',
};

async function gitFiles(git: Record<string, unknown>, repo = files, options: ResolveOptions = {}) {
  return resolveApplicationSet(exampleAppSet({ generators: [{ git: { repoURL: REPO, ...git } }] }), {
    gitSource: memoryGitSource({ [REPO]: repo }),
    options,
  });
}
const paths = (r: Awaited<ReturnType<typeof gitFiles>>) =>
  r.paramSets.map((p) => `${String(p.params['path.filename'])}@${String(p.params.path)}`);

describe('git files generator (flat mode)', () => {
  it('§3.4 / §11.7 git files – legacy globbing is greedy: * crosses /, results sorted by path', async () => {
    const r = await gitFiles({ files: [{ path: 'clusters/*.json' }] });
    expect(r.errors).toEqual([]);
    expect(paths(r)).toEqual([
      'config.json@clusters/east',
      'config.json@clusters/empty',
      'config.json@clusters/west/deep',
      'skip.json@clusters/west',
    ]);
  });

  it('§3.4 git files – doublestar globbing keeps * within a segment and **/ matches zero or more directories', async () => {
    const one = await gitFiles({ files: [{ path: 'clusters/*/config.json' }] }, files, {
      gitFileGlobbing: 'doublestar',
    });
    // clusters/nothing/config.json holds [] and yields no set
    expect(paths(one)).toEqual(['config.json@clusters/east', 'config.json@clusters/empty']);
    const any = await gitFiles({ files: [{ path: '**/config.json' }] }, files, {
      gitFileGlobbing: 'doublestar',
    });
    expect(paths(any)).toContain('config.json@.');
  });

  it('§3.4 git files – legacy **/x does not match a root-level x, and a directory pattern matches files below it', async () => {
    const r = await gitFiles({ files: [{ path: '**/config.json' }] });
    expect(paths(r)).not.toContain('config.json@.');
    const dir = await gitFiles({ files: [{ path: 'clusters/west' }] });
    expect(dir.paramSets.map((p) => p.params.name)).toEqual(['west-1', 'west-2', 'deep', 'skip']);
  });

  it('§3.4 / §11.7 git files – exclude is applied per pattern to the union of includes', async () => {
    const r = await gitFiles({
      files: [
        { path: 'clusters/west/*' },
        { path: 'clusters/west/skip.json', exclude: true },
        { path: 'config.json' },
      ],
    });
    expect(r.paramSets.map((p) => p.params.name)).toEqual(['west-1', 'west-2', 'deep', 'root']);
  });

  it('§2 / §11.4 git files – content is flattened and %v-stringified; empty objects vanish; null is <nil>', async () => {
    const r = await gitFiles({ files: [{ path: 'clusters/east/config.json' }] });
    expect(r.paramSets[0]?.params).toEqual({
      name: 'east',
      size: '1.5',
      'tags.0': 'a',
      'tags.1': 'b',
      none: '<nil>',
      path: 'clusters/east',
      'path.basename': 'east',
      'path.basenameNormalized': 'east',
      'path.filename': 'config.json',
      'path.filenameNormalized': 'config.json',
      'path[0]': 'clusters',
      'path[1]': 'east',
    });
  });

  it('§3.4 git files – a root file has path "." and an empty basenameNormalized; JSON with tabs parses', async () => {
    const r = await gitFiles({ files: [{ path: 'config.json' }] });
    expect(r.paramSets[0]?.params).toMatchObject({
      n: '1.234567e+06',
      path: '.',
      'path.basename': '.',
      'path.basenameNormalized': '',
      'path[0]': '.',
    });
  });

  it('§3.4 / §11.7 git files – an empty file yields one set with path params only, [] yields none', async () => {
    const empty = await gitFiles({ files: [{ path: 'clusters/empty/config.json' }] });
    expect(empty.paramSets).toHaveLength(1);
    expect(Object.keys(empty.paramSets[0]?.params ?? {}).every((k) => k.startsWith('path'))).toBe(true);
    const none = await gitFiles({ files: [{ path: 'clusters/nothing/config.json' }] });
    expect(none.paramSets).toEqual([]);
  });

  it('§3.4 git files – path params overwrite a top-level path key from the file', async () => {
    const r = await gitFiles({ files: [{ path: 'p.yaml' }] }, { 'p.yaml': 'path: mine\nother: x\n' });
    expect(r.paramSets[0]?.params.path).toBe('.');
  });

  it('§3.4 / §9 git files – a YAML syntax error names the file and line', async () => {
    const r = await gitFiles(
      { files: [{ path: 'bad.yaml' }] },
      { 'bad.yaml': 'name: ok\nlist: [a, b\nother: c\n' },
    );
    const e = r.errors[0];
    expect(e?.code).toBe('APPSET_GIT_FILE_PARSE');
    expect(e?.location.file).toBe('bad.yaml');
    expect(e?.location.line).toBeGreaterThanOrEqual(2);
    expect(e?.describe()).toMatch(/applicationset demo, spec\.generators\[0\]\.git, bad\.yaml:\d+/);
    expect(e?.message).toContain(
      `unable to process file 'bad.yaml' from repository '${REPO}': unable to parse file`,
    );
  });

  it('§3.4 / §9 git files – a scalar document and a list of non-objects are errors', async () => {
    const scalar = await gitFiles({ files: [{ path: 's.yaml' }] }, { 's.yaml': 'just text' });
    expect(scalar.errors[0]?.code).toBe('APPSET_GIT_FILE_PARSE');
    const list = await gitFiles({ files: [{ path: 'l.yaml' }] }, { 'l.yaml': '- 1\n- 2\n' });
    expect(list.errors[0]?.code).toBe('APPSET_GIT_FILE_PARSE');
  });

  it('§3.4 / §5 git files – values render against content plus path params', async () => {
    const r = await gitFiles({
      files: [{ path: 'clusters/east/config.json' }],
      values: { label: '{{name}}/{{path.basename}}' },
    });
    expect(r.paramSets[0]?.params['values.label']).toBe('east/east');
  });

  it('§3.4 git files – YAML is read like sigs.k8s.io/yaml: 1.1 booleans, octal, a repeated key overrides', async () => {
    const r = await gitFiles(
      { files: [{ path: 'v.yaml' }] },
      { 'v.yaml': 'a: yes\nb: off\nmode: 0755\nk: 1\nk: 2\nwhen: 2024-01-02\n' },
    );
    expect(r.errors).toEqual([]);
    expect(r.paramSets[0]?.params).toMatchObject({
      a: 'true',
      b: 'false',
      mode: '493',
      k: '2',
      when: '2024-01-02',
    });
  });
});
