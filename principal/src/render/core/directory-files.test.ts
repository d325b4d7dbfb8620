import { describe, expect, it } from 'vitest';
import { selectDirectoryFiles } from './directory-files.ts';

const files = [
  'apps/web/README.md',
  'apps/web/config.json',
  'apps/web/deploy.yaml',
  'apps/web/extra/deep/most.yaml',
  'apps/web/extra/more.yml',
  'apps/web/service.YAML',
  'apps/webber/other.yaml',
  'root.yaml',
];

describe('directory file selection', () => {
  it('without recurse only the app path’s own yaml, yml and json files are read', () => {
    expect(selectDirectoryFiles(files, 'apps/web')).toEqual(['apps/web/config.json', 'apps/web/deploy.yaml']);
  });
  it('recurse reads subdirectories but not sibling paths sharing a prefix', () => {
    expect(selectDirectoryFiles(files, 'apps/web', { recurse: true })).toEqual([
      'apps/web/config.json',
      'apps/web/deploy.yaml',
      'apps/web/extra/deep/most.yaml',
      'apps/web/extra/more.yml',
    ]);
  });
  it('include matches against the path relative to the app path', () => {
    expect(selectDirectoryFiles(files, 'apps/web', { recurse: true, include: 'extra/*' })).toEqual([
      'apps/web/extra/deep/most.yaml',
      'apps/web/extra/more.yml',
    ]);
  });
  it('exclude wins over include', () => {
    expect(
      selectDirectoryFiles(files, 'apps/web', {
        recurse: true,
        include: '{*.yaml,*.json}',
        exclude: '{config.json,extra/deep/*}',
      }),
    ).toEqual(['apps/web/deploy.yaml']);
  });
  it('the repository root is the app path when the path is empty', () => {
    expect(selectDirectoryFiles(files, '')).toEqual(['root.yaml']);
  });
  it('a malformed include glob is a render error naming the field', () => {
    expect(() => selectDirectoryFiles(files, 'apps/web', { include: '{a,b' })).toThrow(
      /spec.source.directory.include/,
    );
  });
});
