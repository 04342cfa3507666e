import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentDigestHeader, digestFile } from './content-digest.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'apdc-cli-digest-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe(digestFile.name, () => {
  it('matches node:crypto on a file larger than one read chunk', async () => {
    const content = randomBytes(3 * 64 * 1024 + 17);
    const file = path.join(dir, 'data.bin');
    writeFileSync(file, content);

    const sut = await digestFile(file);

    expect(sut).toEqual({
      sha256Base64: createHash('sha256').update(content).digest('base64'),
      sizeBytes: content.length,
    });
  });

  it('digests an empty file', async () => {
    const file = path.join(dir, 'empty');
    writeFileSync(file, '');

    expect(await digestFile(file)).toEqual({
      sha256Base64: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
      sizeBytes: 0,
    });
  });
});

describe(contentDigestHeader.name, () => {
  it('formats the RFC 9530 header with a byte sequence', async () => {
    const file = path.join(dir, 'hello.txt');
    writeFileSync(file, 'hello');
    const expected = createHash('sha256').update('hello').digest('base64');

    expect(contentDigestHeader((await digestFile(file)).sha256Base64)).toBe(`sha-256=:${expected}:`);
  });
});
