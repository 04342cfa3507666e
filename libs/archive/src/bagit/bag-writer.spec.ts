import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { BagPayloadFile, BagPlan } from './bag-plan.js';
import {
  TEST_MODIFIED_AT,
  bytesPayload,
  filesOfBag,
  filesOfTar,
  hexDigest,
  readAll,
  samplePlan,
} from './bag-test.factory.js';
import { packBagAsTar, tarBagSize, writeBagToDirectory } from './bag-writer.js';
import {
  BagDirectoryNotEmptyError,
  BagPlanError,
  BagSourceMismatchError,
  BagSourceSizeError,
} from './errors.js';
import { readTarMembers } from './tar-reader.js';

const awkwardNames = [
  'Ångström ν-events.csv',
  'with space/and 100% more.txt',
  'line\nbreak\rand carriage.txt',
  `${'very-long-folder-name/'.repeat(8)}deep.txt`,
];

function awkwardPlan(): BagPlan {
  return samplePlan({
    payload: awkwardNames.map((name, index) => bytesPayload(name, `content ${index}\n`.repeat(index * 100))),
    fetch: [
      {
        url: 'https://apdc.example.org/files/remote.bin',
        sizeBytes: 1000,
        path: 'remote/remote.bin',
        digests: { sha512: 'a'.repeat(128), sha256: 'B'.repeat(64) },
      },
    ],
    tagFiles: [
      { path: 'metadata/datacite.xml', content: '<resource/>\n' },
      { path: 'metadata/Ünïcode notes.txt', content: Buffer.from([0xe2, 0x82, 0xac]) },
    ],
  });
}

describe(packBagAsTar.name, () => {
  it.each([
    ['the sample bag', samplePlan()],
    ['awkward names, fetch.txt and a binary tag file', awkwardPlan()],
    ['an empty payload', samplePlan({ payload: [] })],
    ['sha256 only', samplePlan({ algorithms: ['sha256'] })],
    ['a caller-given Bag-Size', samplePlan({ bagInfo: [['Bag-Size', 'about 3 KB']] })],
  ])('streams exactly tarBagSize bytes for %s', async (_, plan) => {
    const packed = packBagAsTar(plan);
    const tar = await readAll(packed.stream);
    expect(tar.length).toBe(tarBagSize(plan));
    expect(packed.sizeBytes).toBe(tar.length);
    expect((await packed.result).sizeBytes).toBe(tar.length);
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(-1024).every((byte) => byte === 0)).toBe(true);
  });

  it('is deterministic: packing the same plan twice gives the same bytes', async () => {
    const [first, second] = await Promise.all([
      readAll(packBagAsTar(awkwardPlan()).stream),
      readAll(packBagAsTar(awkwardPlan()).stream),
    ]);
    expect(first.equals(second)).toBe(true);
    const later = await readAll(
      packBagAsTar({ ...awkwardPlan(), modifiedAt: new Date('2027-01-01T00:00:00Z') }).stream,
    );
    expect(later.equals(first)).toBe(false);
  });

  it('writes members in the documented order under the bag name, with manifests of both algorithms', async () => {
    const tar = await readAll(packBagAsTar(samplePlan()).stream);
    const paths: string[] = [];
    for await (const member of readTarMembers(Readable.from([tar])[Symbol.asyncIterator]()))
      paths.push(member.path);
    expect(paths).toEqual([
      'sample-bag/bagit.txt',
      'sample-bag/bag-info.txt',
      'sample-bag/data/events.csv',
      'sample-bag/data/docs/README.md',
      'sample-bag/data/empty.dat',
      'sample-bag/manifest-sha512.txt',
      'sample-bag/manifest-sha256.txt',
      'sample-bag/metadata/datacite.xml',
      'sample-bag/tagmanifest-sha512.txt',
      'sample-bag/tagmanifest-sha256.txt',
    ]);
  });

  it('writes bagit.txt, bag-info.txt with Payload-Oxum and Bag-Size, and manifests with digests of the bytes', async () => {
    const plan = samplePlan();
    const tar = await readAll(packBagAsTar(plan).stream);
    const files = await filesOfTar(tar);
    expect(files.get('bagit.txt')?.toString()).toBe(
      'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
    );
    const payloadBytes = 'run,energy\n1,1.5e15\n2,3.1e16\n'.length + '# Sample\n'.length;
    expect(files.get('bag-info.txt')?.toString()).toBe(
      'Source-Organization: Astroparticle Physics Data Centre (APDC)\n' +
        'External-Identifier: doi:10.5072/apdc-test\n' +
        'Bagging-Date: 2026-01-02\n' +
        `Payload-Oxum: ${payloadBytes}.3\n` +
        `Bag-Size: ${(tar.length / 1000).toPrecision(3)} KB\n`,
    );
    const events = files.get('data/events.csv') ?? Buffer.alloc(0);
    expect(files.get('manifest-sha256.txt')?.toString()).toContain(
      `${hexDigest('sha256', events)}  data/events.csv\n`,
    );
    expect(files.get('manifest-sha512.txt')?.toString()).toContain(
      `${hexDigest('sha512', '')}  data/empty.dat\n`,
    );
    const tagManifest = files.get('tagmanifest-sha256.txt')?.toString() ?? '';
    for (const tag of [
      'bagit.txt',
      'bag-info.txt',
      'manifest-sha512.txt',
      'manifest-sha256.txt',
      'metadata/datacite.xml',
    ]) {
      expect(tagManifest).toContain(`${hexDigest('sha256', files.get(tag) ?? '')}  ${tag}\n`);
    }
    expect(tagManifest).not.toContain('tagmanifest');
  });

  it('encodes CR, LF and % in manifest names, and lists fetched files with the digests given', async () => {
    const files = await filesOfBag(awkwardPlan());
    expect(files.has('data/line\nbreak\rand carriage.txt')).toBe(true);
    const manifest = files.get('manifest-sha256.txt')?.toString() ?? '';
    expect(manifest).toContain('  data/line%0Abreak%0Dand carriage.txt\n');
    expect(manifest).toContain('  data/with space/and 100%25 more.txt\n');
    expect(manifest).toContain(`${'b'.repeat(64)}  data/remote/remote.bin\n`);
    expect(files.get('fetch.txt')?.toString()).toBe(
      'https://apdc.example.org/files/remote.bin 1000 data/remote/remote.bin\n',
    );
    expect(files.get('bag-info.txt')?.toString()).toMatch(/^Payload-Oxum: \d+\.5$/m);
  });

  it('reports each payload file where its content starts in the tar, and its digests', async () => {
    const plan = awkwardPlan();
    const packed = packBagAsTar(plan);
    const tar = await readAll(packed.stream);
    const result = await packed.result;
    for (const file of plan.payload) {
      const content = await readAll(await file.open());
      const offset = result.payloadOffsets.get(file.path) ?? -1;
      expect(tar.subarray(offset, offset + file.sizeBytes).equals(content)).toBe(true);
      expect(result.payloadDigests.get(file.path)).toEqual({
        sha512: hexDigest('sha512', content),
        sha256: hexDigest('sha256', content),
      });
    }
    expect(result.payloadOxum).toEqual({
      octets: plan.payload.reduce((sum, file) => sum + file.sizeBytes, 0) + 1000,
      streamCount: plan.payload.length + 1,
    });
  });

  it('reads a source only as fast as the tar is consumed', async () => {
    let produced = 0;
    const chunk = Buffer.alloc(64 * 1024, 7);
    const size = 256 * 1024 * 1024;
    const lazy: BagPayloadFile = {
      path: 'big.bin',
      sizeBytes: size,
      open: () =>
        Promise.resolve(
          new Readable({
            highWaterMark: chunk.length,
            read() {
              if (produced >= size) this.push(null);
              else {
                produced += chunk.length;
                this.push(chunk);
              }
            },
          }),
        ),
    };
    const packed = packBagAsTar(samplePlan({ payload: [lazy] }));
    let consumed = 0;
    for await (const part of packed.stream as AsyncIterable<Buffer>) {
      consumed += part.length;
      if (consumed > 1024 * 1024) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced).toBeLessThan(8 * 1024 * 1024);
    await expect(packed.result).rejects.toThrow();
  });

  it('fails with BagSourceMismatchError naming the file when the bytes differ from the catalogue digests', async () => {
    const packed = packBagAsTar(
      samplePlan({
        payload: [
          bytesPayload('ok.csv', 'fine', { sha256: hexDigest('sha256', 'fine') }),
          bytesPayload('tampered.csv', 'tampered', { sha512: hexDigest('sha512', 'original') }),
        ],
      }),
    );
    const consumed = readAll(packed.stream);
    await expect(consumed).rejects.toBeInstanceOf(BagSourceMismatchError);
    const error = await packed.result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BagSourceMismatchError);
    expect(error).toMatchObject({
      path: 'tampered.csv',
      algorithm: 'sha512',
      expected: hexDigest('sha512', 'original'),
      actual: hexDigest('sha512', 'tampered'),
    });
    expect(packed.stream.destroyed).toBe(true);
  });

  it.each([
    ['fewer', 'short', 10],
    ['more', 'much too long', 5],
  ])(
    'fails with BagSourceSizeError when a source yields %s bytes than declared',
    async (_, content, declared) => {
      const file = { ...bytesPayload('sized.bin', content), sizeBytes: declared };
      const packed = packBagAsTar(samplePlan({ payload: [file] }));
      await expect(readAll(packed.stream)).rejects.toBeInstanceOf(BagSourceSizeError);
      await expect(packed.result).rejects.toMatchObject({ path: 'sized.bin', expectedBytes: declared });
    },
  );

  it('rejects result and errors the stream when a source fails', async () => {
    const failing: BagPayloadFile = {
      path: 'broken.bin',
      sizeBytes: 10,
      open: () =>
        Promise.resolve(
          new Readable({
            read() {
              this.destroy(new Error('disk on fire'));
            },
          }),
        ),
    };
    const packed = packBagAsTar(samplePlan({ payload: [failing] }));
    await expect(readAll(packed.stream)).rejects.toThrow('disk on fire');
    await expect(packed.result).rejects.toThrow('disk on fire');
  });
});

describe('bag plans', () => {
  const violationsOf = (plan: BagPlan): string[] => {
    try {
      tarBagSize(plan);
    } catch (error) {
      if (error instanceof BagPlanError) return error.violations.map((v) => `${v.path}: ${v.message}`);
      throw error;
    }
    return [];
  };

  it('are refused with every fault listed', () => {
    const violations = violationsOf(
      samplePlan({
        name: 'a/b',
        payload: [
          bytesPayload('x/../y', ''),
          bytesPayload('dup', ''),
          bytesPayload('dup', ''),
          bytesPayload('dup/z', ''),
        ],
        tagFiles: [
          { path: 'data/meta.xml', content: '' },
          { path: 'manifest-md5.txt', content: '' },
          { path: '/abs', content: '' },
        ],
        bagInfo: [
          ['Bad Label:', 'x'],
          ['Note', ' padded'],
        ],
        algorithms: ['sha256', 'sha256'],
      }),
    );
    expect(violations).toEqual([
      'name: must be a single, non-empty path segment',
      'algorithms/1: sha256 appears twice',
      'bagInfo/0: a label must not contain ":", CR or LF',
      'bagInfo/1: no line of a value may start or end with whitespace',
      `payload/0: path "x/../y" has a '..' segment`,
      'payload/2: path "dup" is also used by payload/1',
      'payload/2: path "dup" is also a folder of dup/z',
      'tagFiles/0: must not be under data/',
      'tagFiles/1: manifest-md5.txt is written by the bag writer',
      'tagFiles/2: path "/abs" is absolute',
    ]);
  });

  it('need a size for every fetched file unless Payload-Oxum is given, and a right Payload-Oxum', () => {
    const fetch = [
      {
        url: 'https://x.example/f',
        sizeBytes: null,
        path: 'f',
        digests: { sha512: 'a'.repeat(128), sha256: 'a'.repeat(64) },
      },
    ];
    expect(violationsOf(samplePlan({ fetch }))).toEqual([
      'fetch: Payload-Oxum cannot be computed while a fetched file has no size: give its size or Payload-Oxum',
    ]);
    expect(violationsOf(samplePlan({ fetch, bagInfo: [['Payload-Oxum', '100.4']] }))).toEqual([]);
    expect(violationsOf(samplePlan({ bagInfo: [['Payload-Oxum', '1.1']] }))).toEqual([
      "bagInfo: Payload-Oxum 1.1 differs from the payload's 38.3",
    ]);
  });
});

describe(writeBagToDirectory.name, () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'apdc-bag-writer-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes the same files as the tar, awkward names included', async () => {
    const target = path.join(directory, 'bag');
    const result = await writeBagToDirectory(awkwardPlan(), target);
    const inTar = await filesOfBag(awkwardPlan());
    for (const [file, content] of inTar) {
      expect((await readFile(path.join(target, ...file.split('/')))).equals(content)).toBe(true);
    }
    expect(result.payloadOffsets.size).toBe(0);
    expect(result.payloadDigests.size).toBe(awkwardNames.length);
    expect(result.sizeBytes).toBe([...inTar.values()].reduce((sum, content) => sum + content.length, 0));
  });

  it('creates data/ for an empty payload', async () => {
    await writeBagToDirectory(samplePlan({ payload: [] }), directory);
    expect(await readdir(path.join(directory, 'data'))).toEqual([]);
  });

  it('refuses a directory that is not empty', async () => {
    await writeFile(path.join(directory, 'stray.txt'), 'x');
    await expect(writeBagToDirectory(samplePlan(), directory)).rejects.toBeInstanceOf(
      BagDirectoryNotEmptyError,
    );
    expect(await readdir(directory)).toEqual(['stray.txt']);
  });

  it('fails with BagSourceMismatchError on bytes that differ from the catalogue', async () => {
    const plan = samplePlan({
      payload: [bytesPayload('a.csv', 'new', { sha256: hexDigest('sha256', 'old') })],
    });
    await expect(writeBagToDirectory(plan, directory)).rejects.toMatchObject({
      path: 'a.csv',
      algorithm: 'sha256',
    });
  });

  it('stamps nothing time-dependent: two directories hold the same bytes', async () => {
    await writeBagToDirectory(samplePlan(), path.join(directory, 'one'));
    await writeBagToDirectory({ ...samplePlan(), modifiedAt: TEST_MODIFIED_AT }, path.join(directory, 'two'));
    for (const file of ['bag-info.txt', 'tagmanifest-sha512.txt']) {
      expect(await readFile(path.join(directory, 'one', file))).toEqual(
        await readFile(path.join(directory, 'two', file)),
      );
    }
  });
});
