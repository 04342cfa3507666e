import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
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
