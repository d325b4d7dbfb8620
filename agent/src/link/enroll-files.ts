import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The agent's identity on disk: its key (never sent), its certificate and the pinned hub CA. */
export interface AgentIdentity {
  cluster: string;
  keyPem: string;
  certPem: string;
  caPem: string;
  /** sha256 (hex) of the bootstrap token this identity was enrolled with; a different token means re-enroll. */
  tokenSha256?: string;
}

/** Files under `<state-dir>/identity/`. */
export const IdentityFiles = {
  dir: 'identity',
  key: 'tls.key',
  cert: 'tls.crt',
  ca: 'ca.crt',
  cluster: 'cluster',
  token: 'token-sha256',
} as const;

/** Reads the identity from the state dir; undefined when the agent has not enrolled yet. */
export async function readIdentity(stateDir: string): Promise<AgentIdentity | undefined> {
  const dir = join(stateDir, IdentityFiles.dir);
  try {
    const [cluster, keyPem, certPem, caPem] = await Promise.all(
      [IdentityFiles.cluster, IdentityFiles.key, IdentityFiles.cert, IdentityFiles.ca].map((f) =>
        readFile(join(dir, f), 'utf8'),
      ),
    );
    const tokenSha256 = (await readFile(join(dir, IdentityFiles.token), 'utf8').catch(() => '')).trim();
    return {
      cluster: cluster!.trim(),
      keyPem: keyPem!,
      certPem: certPem!,
      caPem: caPem!,
      ...(tokenSha256 ? { tokenSha256 } : {}),
    };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Writes the identity (key 0600), each file by write-and-rename so a crash leaves either the
 * old or the new file. The certificate is written after the key it belongs to.
 */
export async function writeIdentity(stateDir: string, id: AgentIdentity): Promise<void> {
  const dir = join(stateDir, IdentityFiles.dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const put = async (name: string, text: string, mode: number) => {
    const path = join(dir, name);
    await writeFile(`${path}.tmp`, text, { mode });
    await rename(`${path}.tmp`, path);
  };
  await put(IdentityFiles.ca, id.caPem, 0o644);
  await put(IdentityFiles.cluster, `${id.cluster}\n`, 0o644);
  if (id.tokenSha256) await put(IdentityFiles.token, `${id.tokenSha256}\n`, 0o644);
  await put(IdentityFiles.key, id.keyPem, 0o600);
  await put(IdentityFiles.cert, id.certPem, 0o644);
}
