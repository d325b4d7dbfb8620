import { describe, expect, it } from 'vitest';
import { parseClusterInventory } from './cluster-inventory-file.ts';

describe('cluster inventory file', () => {
  it('reads a YAML list of clusters with labels and annotations', () => {
    const clusters = parseClusterInventory(
      '- name: east\n  server: https://east\n  project: retail\n  labels: {env: prod}\n- name: west\n  server: https://west\n',
      'c.yaml',
    );
    expect(clusters).toEqual([
      { name: 'east', server: 'https://east', project: 'retail', labels: { env: 'prod' } },
      { name: 'west', server: 'https://west' },
    ]);
  });

  it('reads JSON', () => {
    expect(parseClusterInventory('[{"name": "a", "server": "s"}]', 'c.json')).toEqual([
      { name: 'a', server: 's' },
    ]);
  });

  it('names the file and line of a cluster without a server', () => {
    try {
      parseClusterInventory('- name: a\n  server: s\n- name: b\n', 'c.yaml');
      expect.unreachable();
    } catch (err) {
      const e = err as { code: string; location: { file: string; line: number }; message: string };
      expect(e.code).toBe('CONFIG_INVALID');
      expect(e.message).toMatch(/cluster b: server/);
      expect(e.location).toMatchObject({ file: 'c.yaml', line: 3 });
    }
  });

  it('rejects a non-string label value and a duplicate name', () => {
    expect(() => parseClusterInventory('- {name: a, server: s, labels: {n: 1}}', 'c')).toThrow(
      /labels.n must be a string/,
    );
    expect(() => parseClusterInventory('- {name: a, server: s}\n- {name: a, server: t}', 'c')).toThrow(
      /listed twice/,
    );
  });
});
