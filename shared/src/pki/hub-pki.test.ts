import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from './certificate-authority.ts';
import { certificateInfo, isIssuedBy } from './certificate-info.ts';
import { loadOrCreateHubPki } from './hub-pki.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-pki-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadOrCreateHubPki', () => {
  it('first start creates CA and serving cert with private keys at mode 0600; a second start loads the same', async () => {
    const first = await loadOrCreateHubPki(dir, { hosts: ['localhost', '127.0.0.1'] });
    expect(first.created).toHaveLength(4);
    expect((await stat(join(dir, 'pki', 'ca.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'pki', 'server.key'))).mode & 0o777).toBe(0o600);
    expect(await isIssuedBy(first.server.certPem, first.ca.certPem)).toBe(true);
    const second = await loadOrCreateHubPki(dir, { hosts: ['localhost', '127.0.0.1'] });
    expect(second.created).toEqual([]);
    expect(second.caFingerprint).toBe(first.caFingerprint);
    expect(second.server.certPem).toBe(first.server.certPem);
  });

  it('a serving cert that does not cover a newly requested host is reissued from the same CA', async () => {
    const first = await loadOrCreateHubPki(dir, { hosts: ['localhost'] });
    const second = await loadOrCreateHubPki(dir, { hosts: ['localhost', 'hub.example.org'] });
    expect(second.caFingerprint).toBe(first.caFingerprint);
    expect(second.created.map((p) => p.split('/').pop())).toEqual(['server.crt', 'server.key']);
    expect(certificateInfo(second.server.certPem).subjectCommonName).toBe('localhost');
  });

  it('an operator-provided CA is used and never copied into the data dir', async () => {
    const ca = await createCertificateAuthority({ commonName: 'Corp CA' });
    await writeFile(join(dir, 'corp.crt'), ca.certPem);
    await writeFile(join(dir, 'corp.key'), ca.keyPem);
    const pki = await loadOrCreateHubPki(dir, {
      caCertFile: join(dir, 'corp.crt'),
      caKeyFile: join(dir, 'corp.key'),
    });
    expect(certificateInfo(pki.server.certPem).issuerCommonName).toBe('Corp CA');
    await expect(readFile(join(dir, 'pki', 'ca.key'))).rejects.toThrow(/ENOENT/);
  });

  it('a provided CA without its key is refused with PKI_INVALID', async () => {
    await expect(loadOrCreateHubPki(dir, { caCertFile: join(dir, 'x.crt') })).rejects.toMatchObject({
      code: 'PKI_INVALID',
    });
    await expect(
      loadOrCreateHubPki(dir, { caCertFile: join(dir, 'missing.crt'), caKeyFile: join(dir, 'missing.key') }),
    ).rejects.toThrow(/cannot read .*missing\.crt/);
  });
});
