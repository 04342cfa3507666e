import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newId } from '@apdc/platform';
import { InvalidObjectKeyError, ObjectNotFoundError } from '../errors.js';
import { type ByteRange, ObjectStore, type StoredObject } from '../ports/object-store.port.js';

const VALID_KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const STAGING_DIR = '.staging';

/**
 * Objects as files below a root directory. Writes go to a staging file that is fsynced and then renamed
 * into place, so a crash never leaves a partial object under its key.
 */
export class FilesystemObjectStore extends ObjectStore {
  constructor(private readonly root: string) {
    super();
  }

  async put(key: string, body: Readable): Promise<StoredObject> {
    const target = this.pathOf(key);
    const staging = path.join(this.root, STAGING_DIR, newId());
    await mkdir(path.dirname(staging), { recursive: true });
    try {
      await pipeline(body, createWriteStream(staging, { flags: 'wx' }));
      const handle = await open(staging, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await mkdir(path.dirname(target), { recursive: true });
      await rename(staging, target);
    } catch (error) {
      await rm(staging, { force: true });
      throw error;
    }
    const { size } = await stat(target);
    return { key, sizeBytes: size };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    if ((await this.head(key)) === undefined) throw new ObjectNotFoundError(key);
    return createReadStream(file, range === undefined ? {} : { start: range.start, end: range.end });
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { key, sizeBytes: info.size } : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
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
    if (!VALID_KEY.test(key) || key.split('/').some((segment) => segment === '.' || segment === '..')) {
      throw new InvalidObjectKeyError(key);
    }
    if (key === STAGING_DIR || key.startsWith(`${STAGING_DIR}/`)) throw new InvalidObjectKeyError(key);
    return path.join(this.root, ...key.split('/'));
  }
}
