import { describe, expect, it } from 'vitest';
import { validatePlainApplication } from './plain-application.ts';

const ok = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'web' },
  spec: { destination: { name: 'edge-1' }, source: { repoURL: 'https://git/x.git', path: 'web' } },
};

describe('plain application', () => {
  it('plain application – a complete Application is accepted as is', () => {
    expect(validatePlainApplication(ok)).toBe(ok);
  });

  it('plain application – a missing destination is an error naming the app and file:line', () => {
    const bad = { ...ok, spec: { source: ok.spec.source } };
    expect(() => validatePlainApplication(bad, { file: 'apps.yaml', line: 7 })).toThrow(
      /spec.destination needs name or server/,
    );
    try {
      validatePlainApplication(bad, { file: 'apps.yaml', line: 7 });
    } catch (e) {
      expect((e as { location: unknown }).location).toEqual({ file: 'apps.yaml', line: 7, app: 'web' });
    }
  });

  it('plain application – an Application without source.repoURL is refused', () => {
    expect(() => validatePlainApplication({ ...ok, spec: { destination: { name: 'x' } } })).toThrow(
      /repoURL is required/,
    );
  });
});
