import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newId } from '@apdc/platform';
import { ObjectNotFoundError } from '../errors.js';
import { STAGING_DIR, assertValidObjectKey } from '../object-key.js';
import {
  type ByteRange,
  type ObjectInfo,
  ObjectStore,
  type PutOptions,
  type RestoreState,
  type StoredObject,
} from '../ports/object-store.port.js';

const STANDARD = 'STANDARD';
/** `#` cannot occur in a key, so no key names a sidecar. */
const SIDECAR_SUFFIX = '#meta.json';

/**
 * What the store remembers about an object beyond its bytes, next to it. `sizeBytes` and `mtimeMs` bind it
 * to one write of the object: a sidecar left by a writer that died between its two renames describes other
 * bytes than the file under the key and is ignored.
 */
interface Sidecar {
  readonly storageClass: string;
  readonly sizeBytes: number;
  readonly mtimeMs: number;
}

/**
 * Objects as files below a root directory. Writes go to a staging file that is fsynced and then renamed
 * into place, so a crash never leaves a partial object under its key. A storage class other than
 * `STANDARD` is kept in a sidecar file; the filesystem has no tape, so nothing is ever archived.
 */
export class FilesystemObjectStore extends ObjectStore {
  constructor(private readonly root: string) {
    super();
  }

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<StoredObject> {
    const target = this.pathOf(key);
    const storageClass = options.storageClass ?? STANDARD;
    const stagingDir = path.join(this.root, STAGING_DIR);
    const staging = path.join(stagingDir, newId());
    const stagingSidecar = `${staging}${SIDECAR_SUFFIX}`;
    await mkdir(stagingDir, { recursive: true });
    const hash = createHash('sha256');
    try {
      await pipeline(
        body,
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            hash.update(chunk);
            callback(null, chunk);
          },
        }),
        createWriteStream(staging, { flags: 'wx' }),
      );
      const info = await syncFile(staging);
      await mkdir(path.dirname(target), { recursive: true });
      if (storageClass !== STANDARD) {
        const sidecar: Sidecar = { storageClass, sizeBytes: info.size, mtimeMs: info.mtimeMs };
        await writeFile(stagingSidecar, JSON.stringify(sidecar), { flag: 'wx' });
        await syncFile(stagingSidecar);
        await rename(stagingSidecar, sidecarOf(target));
      }
      await rename(staging, target);
    } catch (error) {
      await rm(staging, { force: true });
      await rm(stagingSidecar, { force: true });
      throw error;
    }
    // A sidecar of an earlier object under this key no longer matches; removing it is only tidiness.
    if (storageClass === STANDARD) await rm(sidecarOf(target), { force: true });
    const { size } = await stat(target);
    return { key, sizeBytes: size, sha256: hash.digest('hex'), serverChecksum: null, storageClass };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    if ((await statFile(file)) === undefined) throw new ObjectNotFoundError(key);
    return createReadStream(file, range === undefined ? {} : { start: range.start, end: range.end });
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const file = this.pathOf(key);
    const info = await statFile(file);
    if (info === undefined) return undefined;
    const sidecar = await readSidecar(file);
    const storageClass =
      sidecar !== undefined && sidecar.sizeBytes === info.size && sidecar.mtimeMs === info.mtimeMs
        ? sidecar.storageClass
        : STANDARD;
    return {
      key,
      sizeBytes: info.size,
      storageClass,
      archived: false,
      restore: { state: 'available', expiresAt: null },
      serverChecksum: null,
    };
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await rm(file, { force: true });
    await rm(sidecarOf(file), { force: true });
  }

  async requestRestore(key: string, _days: number): Promise<RestoreState> {
    if ((await this.head(key)) === undefined) throw new ObjectNotFoundError(key);
    return 'available';
  }

  /**
   * Removes staging files left by writers that died. Only files untouched for `olderThanMs` go, so that
   * another instance sharing the store keeps its uploads in progress.
   */
  async removeAbandonedStagingFiles(olderThanMs: number): Promise<number> {
    const dir = path.join(this.root, STAGING_DIR);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info !== undefined && Date.now() - info.mtimeMs > olderThanMs) {
        await rm(file, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  private pathOf(key: string): string {
    assertValidObjectKey(key);
    return path.join(this.root, ...key.split('/'));
  }
}

function sidecarOf(file: string): string {
  return `${file}${SIDECAR_SUFFIX}`;
}

async function syncFile(file: string): Promise<{ size: number; mtimeMs: number }> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
    return await handle.stat();
  } finally {
    await handle.close();
  }
}

async function statFile(file: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  try {
    const info = await stat(file);
    return info.isFile() ? info : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readSidecar(file: string): Promise<Sidecar | undefined> {
  let text: string;
  try {
    text = await readFile(sidecarOf(file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Sidecar>;
    return typeof parsed.storageClass === 'string' &&
      typeof parsed.sizeBytes === 'number' &&
      typeof parsed.mtimeMs === 'number'
      ? { storageClass: parsed.storageClass, sizeBytes: parsed.sizeBytes, mtimeMs: parsed.mtimeMs }
      : undefined;
  } catch {
    // Renamed into place whole, so never torn; anything unreadable was not written by this store.
    return undefined;
  }
}
