import { describe, expect, it } from 'vitest';
import { OutpostError, ErrorCodes, redactSecrets } from './errors.ts';

describe('errors', () => {
  it('redaction – masks the password of a URL and keeps the host readable', () => {
    expect(redactSecrets('fetch https://bot:s3cret@git.example.com/r.git failed')).toBe(
      'fetch https://bot:***@git.example.com/r.git failed',
    );
  });
  it('redaction – masks bearer tokens', () => {
    expect(redactSecrets('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer ***');
  });
  it('an OutpostError describes code, location and hint on one line', () => {
    const e = new OutpostError(ErrorCodes.APPSET_GIT_FILE_PARSE, 'bad YAML', {
      hint: 'fix the file',
      location: { appset: 'guestbook', generator: 'spec.generators[0].git', file: 'a/config.yaml', line: 3 },
    });
    expect(e.describe()).toBe(
      'APPSET_GIT_FILE_PARSE: applicationset guestbook, spec.generators[0].git, a/config.yaml:3: bad YAML (hint: fix the file)',
    );
  });
});
