import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import os from 'node:os';
import path from 'node:path';
import { describeObjectStoreContract } from '../object-store.contract.js';
import { FilesystemObjectStore } from './filesystem-object-store.js';

describeObjectStoreContract(
  FilesystemObjectStore.name,
  () => new FilesystemObjectStore(mkdtempSync(path.join(os.tmpdir(), 'apdc-objects-'))),
);

describe('FilesystemObjectStore staging clean-up', () => {
  it('removes abandoned staging files but keeps recent ones, which may be uploads of another instance', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'apdc-objects-'));
    const staging = path.join(root, '.staging');
    mkdirSync(staging);
    writeFileSync(path.join(staging, 'old'), 'partial');
    writeFileSync(path.join(staging, 'recent'), 'partial');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(path.join(staging, 'old'), twoDaysAgo, twoDaysAgo);
    const sut = new FilesystemObjectStore(root);
    expect(await sut.removeAbandonedStagingFiles(24 * 3600 * 1000)).toBe(1);
    expect(readdirSync(staging)).toEqual(['recent']);
  });
});

describe('FilesystemObjectStore storage classes', () => {
  it('keeps a storage class in a sidecar that goes with the object, and never archives', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'apdc-objects-'));
    const sut = new FilesystemObjectStore(root);
    await sut.put('files/cold', Readable.from(['bytes']), { storageClass: 'DEEP_ARCHIVE' });
    expect(await sut.head('files/cold')).toMatchObject({
      storageClass: 'DEEP_ARCHIVE',
      archived: false,
      restore: { state: 'available', expiresAt: null },
    });
    expect(readdirSync(path.join(root, 'files')).sort()).toEqual(['cold', 'cold#meta.json']);
    await sut.delete('files/cold');
    expect(readdirSync(path.join(root, 'files'))).toEqual([]);
  });

  it('ignores a sidecar that describes other bytes than the file under the key (a writer died between renames)', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'apdc-objects-'));
    const sut = new FilesystemObjectStore(root);
    await sut.put('files/warm', Readable.from(['bytes']));
    writeFileSync(
      path.join(root, 'files', 'warm#meta.json'),
      JSON.stringify({ storageClass: 'GLACIER', sizeBytes: 5, mtimeMs: 1 }),
    );
    expect((await sut.head('files/warm'))?.storageClass).toBe('STANDARD');
    await sut.put('files/warm', Readable.from(['new bytes']));
    expect(existsSync(path.join(root, 'files', 'warm#meta.json'))).toBe(false);
  });
});
