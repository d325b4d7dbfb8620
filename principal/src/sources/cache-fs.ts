import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';

/** The promise-based file system port isomorphic-git takes (`{ promises }` shape). */
export interface IsoGitFs {
  promises: {
    readFile: typeof fsp.readFile;
    writeFile: typeof fsp.writeFile;
    mkdir: typeof fsp.mkdir;
    rmdir: typeof fsp.rmdir;
    unlink: typeof fsp.unlink;
    stat: typeof fsp.stat;
    lstat: typeof fsp.lstat;
    readdir: typeof fsp.readdir;
    readlink: typeof fsp.readlink;
    symlink: typeof fsp.symlink;
    rm: typeof fsp.rm;
    /** Not used by isomorphic-git: pack compaction moves finished files into place with it. */
    rename: typeof fsp.rename;
  };
}

const notFound = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
/** isomorphic-git probes the port by calling `readFile()` with no path on every API call. */
const NO_PATH = Object.freeze(Object.assign(new Error('ENOENT: no path'), { code: 'ENOENT' }));

/**
 * isomorphic-git's file system port for a bare cache that only this process writes
 * (through this very object). isomorphic-git looks for every object it reads as a loose
 * file first and lists `objects/pack` each time; a cache filled by fetches holds packs
 * only, so this adapter remembers the listings of `objects/` and `objects/pack`
 * (forgetting them on any write, mkdir or delete under `objects/`) and answers "no such
 * loose object" without a system call. Everything else goes straight to `node:fs`.
 */
export function createCacheFs(gitdir: string): IsoGitFs {
  const objectsDir = join(gitdir, 'objects');
  const packDir = join(objectsDir, 'pack');
  let fanout: Promise<Set<string>> | undefined;
  let packs: Promise<string[]> | undefined;
  const forget = (path: string) => {
    if (path === objectsDir || path.startsWith(`${objectsDir}/`)) {
      fanout = undefined;
      packs = undefined;
    }
  };
  const listFanout = () =>
    (fanout ??= fsp.readdir(objectsDir).then(
      (names) => new Set(names),
      () => new Set<string>(),
    ));
  const looseObject = /^([0-9a-f]{2})\/[0-9a-f]{38}$/;

  const readFile = (async (path: unknown, options?: unknown) => {
    if (typeof path !== 'string') throw NO_PATH;
    if (path.startsWith(`${objectsDir}/`)) {
      const fan = looseObject.exec(path.slice(objectsDir.length + 1));
      if (fan && !(await listFanout()).has(fan[1]!)) throw notFound(path);
    }
    return fsp.readFile(path, options as Parameters<typeof fsp.readFile>[1]);
  }) as typeof fsp.readFile;

  const readdir = (async (path: string, options?: unknown) => {
    if (path === packDir && options === undefined) {
      packs ??= fsp.readdir(packDir).catch((error: unknown) => {
        packs = undefined;
        throw error;
      });
      return [...(await packs)];
    }
    return fsp.readdir(path, options as never);
  }) as typeof fsp.readdir;

  const writing =
    <A extends unknown[], R>(fn: (path: string, ...rest: A) => Promise<R>) =>
    async (path: string, ...rest: A): Promise<R> => {
      try {
        return await fn(path, ...rest);
      } finally {
        forget(path);
        forget(dirname(path));
      }
    };

  return {
    promises: {
      readFile,
      readdir,
      writeFile: writing(
        fsp.writeFile as (p: string, ...r: unknown[]) => Promise<void>,
      ) as typeof fsp.writeFile,
      mkdir: writing(
        fsp.mkdir as (p: string, ...r: unknown[]) => Promise<string | undefined>,
      ) as typeof fsp.mkdir,
      rmdir: writing(fsp.rmdir as (p: string, ...r: unknown[]) => Promise<void>) as typeof fsp.rmdir,
      unlink: writing(fsp.unlink as (p: string) => Promise<void>) as typeof fsp.unlink,
      rm: writing(fsp.rm as (p: string, ...r: unknown[]) => Promise<void>) as typeof fsp.rm,
      rename: (async (from: string, to: string) => {
        try {
          await fsp.rename(from, to);
        } finally {
          forget(from);
          forget(to);
        }
      }) as typeof fsp.rename,
      symlink: fsp.symlink,
      stat: fsp.stat,
      lstat: fsp.lstat,
      readlink: fsp.readlink,
    },
  };
}
