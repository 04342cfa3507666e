import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { BagValidationOptions, BagValidationReport } from './bag-assessment.js';
import type { BagProblem } from './bag-problem.js';
import type { BagPlan } from './bag-plan.js';
import {
  type TarEntrySpec,
  bytesPayload,
  filesOfBag,
  hexDigest,
  readAll,
  resealTagManifests,
  samplePlan,
  tarOf,
  tarOfBag,
  writeFiles,
} from './bag-test.factory.js';
import { validateBagDirectory, validateBagTar } from './bag-validator.js';
import { packBagAsTar, writeBagToDirectory } from './bag-writer.js';
import { extractFromTar } from './tar-extract.js';

let root: string;
let counter = 0;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'apdc-bag-validator-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

type Files = Map<string, Buffer>;
type Finding = Pick<BagProblem, 'code' | 'path' | 'algorithm' | 'expected' | 'actual'>;

/** The bag as a directory and as a tar, both validated: they must agree on every problem. */
async function validateBoth(files: Files, options: BagValidationOptions = {}): Promise<BagValidationReport> {
  counter += 1;
  const directory = path.join(root, `bag-${counter}`);
  await writeFiles(directory, files);
  const fromDirectory = await validateBagDirectory(directory, options);
  const fromTar = await validateBagTar(Readable.from([tarOfBag('bag', files)]), options);
  const { tarSha256: _sha, tarSizeBytes: _size, bagName, ...tarReport } = fromTar;
  expect(bagName).toBe('bag');
  expect(tarReport).toEqual(fromDirectory);
  return fromDirectory;
}

/** Code, path, algorithm and, when given, expected and actual of each problem: what "precisely" means here. */
function findings(report: BagValidationReport): Finding[] {
  return report.problems.map(({ code, path: at, algorithm, expected, actual }) => ({
    code,
    ...(at === undefined ? {} : { path: at }),
    ...(algorithm === undefined ? {} : { algorithm }),
    ...(expected === undefined ? {} : { expected }),
    ...(actual === undefined ? {} : { actual }),
  }));
}

function codes(report: BagValidationReport): Array<[string, string | undefined, string | undefined]> {
  return report.problems.map((problem) => [problem.code, problem.path, problem.algorithm]);
}

const text = (files: Files, name: string): string => files.get(name)?.toString('utf8') ?? '';
const edit = (files: Files, name: string, change: (content: string) => string): void => {
  files.set(name, Buffer.from(change(text(files, name))));
};
const bothManifests = ['manifest-sha256.txt', 'manifest-sha512.txt'];

function plan(overrides: Partial<BagPlan> = {}): BagPlan {
  return samplePlan(overrides);
}

describe('bag validation', () => {
  it('finds a freshly written bag valid, as a directory and as a tar', async () => {
    const files = await filesOfBag(plan());
    const report = await validateBoth(files);
    expect(report).toMatchObject({
      complete: true,
      valid: true,
      problems: [],
      algorithms: ['sha256', 'sha512'],
      tagAlgorithms: ['sha256', 'sha512'],
      payloadFileCount: 3,
      bagitVersion: '1.0',
      digestsVerified: true,
    });
    expect(report.payloadOxum).toEqual({ octets: 38, streamCount: 3 });
    expect(report.bagInfo[0]).toEqual(['Source-Organization', 'Astroparticle Physics Data Centre (APDC)']);
  });

  it('reports a flipped byte in a payload file once per algorithm, with both digests', async () => {
    const files = await filesOfBag(plan());
    const original = files.get('data/events.csv') ?? Buffer.alloc(0);
    const flipped = Buffer.from(original);
    flipped[5] = (flipped[5] ?? 0) ^ 0x01;
    files.set('data/events.csv', flipped);
    const report = await validateBoth(files);
    expect(report).toMatchObject({ complete: true, valid: false });
    expect(findings(report)).toEqual(
      ['sha256', 'sha512'].map((algorithm) => ({
        code: 'payload-digest-mismatch',
        path: 'data/events.csv',
        algorithm,
        expected: hexDigest(algorithm, original),
        actual: hexDigest(algorithm, flipped),
      })),
    );
  });

  it('reports a missing payload file, and the Payload-Oxum it breaks', async () => {
    const files = await filesOfBag(plan());
    files.delete('data/docs/README.md');
    const report = await validateBoth(files);
    expect(report.complete).toBe(false);
    expect(findings(report)).toEqual([
      { code: 'payload-oxum-mismatch', path: 'bag-info.txt', expected: '38.3', actual: '29.2' },
      { code: 'missing-payload-file', path: 'data/docs/README.md' },
    ]);
  });

  it('reports an extra payload file that no manifest lists', async () => {
    const files = await filesOfBag(plan());
    files.set('data/stowaway.bin', Buffer.from('12345'));
    const report = await validateBoth(files);
    expect(report.complete).toBe(false);
    expect(findings(report)).toEqual([
      { code: 'payload-oxum-mismatch', path: 'bag-info.txt', expected: '38.3', actual: '43.4' },
      { code: 'unlisted-payload-file', path: 'data/stowaway.bin' },
    ]);
  });

  it('reports a wrong Payload-Oxum with the declared and the measured value', async () => {
    const files = await filesOfBag(plan());
    edit(files, 'bag-info.txt', (content) => content.replace('Payload-Oxum: 38.3', 'Payload-Oxum: 39.3'));
    resealTagManifests(files);
    const report = await validateBoth(files);
    expect(report).toMatchObject({ complete: true, valid: false });
    expect(findings(report)).toEqual([
      { code: 'payload-oxum-mismatch', path: 'bag-info.txt', expected: '39.3', actual: '38.3' },
    ]);
  });

  it('reports an edited bag-info.txt through the tag manifests', async () => {
    const files = await filesOfBag(plan());
    const before = files.get('bag-info.txt') ?? Buffer.alloc(0);
    edit(files, 'bag-info.txt', (content) =>
      content.replace('Bagging-Date: 2026-01-02', 'Bagging-Date: 2026-01-03'),
    );
    const after = files.get('bag-info.txt') ?? Buffer.alloc(0);
    const report = await validateBoth(files);
    expect(report).toMatchObject({ complete: true, valid: false });
    expect(findings(report)).toEqual(
      ['sha256', 'sha512'].map((algorithm) => ({
        code: 'tag-digest-mismatch',
        path: 'bag-info.txt',
        algorithm,
        expected: hexDigest(algorithm, before),
        actual: hexDigest(algorithm, after),
      })),
    );
  });

  describe('reports bad file names in manifests', () => {
    it.each([
      ['a ".." segment', 'data/../bagit.txt'],
      ['an absolute path', '/etc/passwd'],
      ['a path outside data/', 'metadata/datacite.xml'],
    ])('%s', async (_, name) => {
      const files = await filesOfBag(plan());
      for (const manifest of bothManifests) {
        const algorithm = manifest.slice('manifest-'.length, -'.txt'.length);
        edit(files, manifest, (content) => `${content}${hexDigest(algorithm, 'x')}  ${name}\n`);
      }
      resealTagManifests(files);
      const report = await validateBoth(files);
      expect(report.complete).toBe(false);
      expect(codes(report)).toEqual([
        ['bad-file-name', name, 'sha256'],
        ['bad-file-name', name, 'sha512'],
      ]);
    });

    it('a raw CR in a name instead of %0D, naming the file on disk', async () => {
      const files = await filesOfBag(
        plan({ payload: [bytesPayload('odd\rname.csv', 'x'), bytesPayload('b.csv', 'y')] }),
      );
      for (const manifest of bothManifests) edit(files, manifest, (content) => content.replace('%0D', '\r'));
      resealTagManifests(files);
      const report = await validateBoth(files);
      expect(findings(report)).toEqual(
        ['sha256', 'sha512'].map((algorithm) => ({
          code: 'bad-file-name',
          path: 'data/odd\rname.csv',
          algorithm,
          expected: 'data/odd%0Dname.csv',
        })),
      );
      expect(report.complete).toBe(false);
    });

    it('a raw LF, even with more lines after it', async () => {
      const files = await filesOfBag(
        plan({ payload: [bytesPayload('a\nb\nc.csv', 'x'), bytesPayload('z.csv', 'y')] }),
      );
      edit(files, 'manifest-sha512.txt', (content) => content.replaceAll('%0A', '\n'));
      resealTagManifests(files);
      const report = await validateBoth(files);
      expect(codes(report)).toEqual([['bad-file-name', 'data/a\nb\nc.csv', 'sha512']]);
    });

    it('a line that is not "<digest> <path>", and an undecodable leftover of a raw CR', async () => {
      const files = await filesOfBag(plan());
      edit(files, 'manifest-sha256.txt', (content) => `${content}this is not a manifest line\n`);
      edit(files, 'manifest-sha512.txt', (content) => `${content}${'0'.repeat(128)}  data/ghost\rfile.csv\n`);
      resealTagManifests(files);
      const report = await validateBoth(files);
      expect(findings(report)).toEqual([
        { code: 'manifests-disagree', path: 'data/ghost', algorithm: 'sha256' },
        { code: 'missing-payload-file', path: 'data/ghost' },
        { code: 'bad-manifest-line', path: 'manifest-sha256.txt', actual: 'this is not a manifest line' },
        { code: 'bad-manifest-line', path: 'manifest-sha512.txt', actual: 'file.csv' },
      ]);
    });

    it('a % written raw, whether or not it happens to decode', async () => {
      const files = await filesOfBag(
        plan({ payload: [bytesPayload('100%.txt', 'x'), bytesPayload('x%25y.txt', 'y')] }),
      );
      for (const manifest of bothManifests)
        edit(files, manifest, (content) => content.replaceAll('%25', '%'));
      resealTagManifests(files);
      const report = await validateBoth(files);
      expect(findings(report)).toEqual([
        ...['sha256', 'sha512'].map((algorithm) => ({
          code: 'bad-file-name',
          path: 'data/100%.txt',
          algorithm,
          expected: 'data/100%25.txt',
          actual: 'data/100%.txt',
        })),
        ...['sha256', 'sha512'].map((algorithm) => ({
          code: 'bad-file-name',
          path: 'data/x%25y.txt',
          algorithm,
          expected: 'data/x%2525y.txt',
          actual: 'data/x%25y.txt',
        })),
      ]);
    });
  });

  it('reports a payload file missing from one manifest only', async () => {
    const files = await filesOfBag(plan());
    edit(files, 'manifest-sha256.txt', (content) => content.replace(/^.*data\/empty\.dat\n/m, ''));
    resealTagManifests(files);
    const report = await validateBoth(files);
    expect(codes(report)).toEqual([['manifests-disagree', 'data/empty.dat', 'sha256']]);
    expect(report.complete).toBe(false);
  });

  it('reports a tag file listed in the tag manifests but absent', async () => {
    const files = await filesOfBag(plan());
    files.delete('metadata/datacite.xml');
    const report = await validateBoth(files);
    expect(codes(report)).toEqual([
      ['missing-tag-file', 'metadata/datacite.xml', 'sha256'],
      ['missing-tag-file', 'metadata/datacite.xml', 'sha512'],
    ]);
    expect(report.complete).toBe(false);
  });

  it('reports a missing or malformed bagit.txt', async () => {
    const files = await filesOfBag(plan());
    files.delete('bagit.txt');
    expect(codes(await validateBoth(files))).toContainEqual(['missing-bagit-txt', 'bagit.txt', undefined]);
    files.set(
      'bagit.txt',
      Buffer.from('\uFEFFBagIt-Version: one\nTag-File-Character-Encoding: ISO-8859-1\n'),
    );
    const report = await validateBoth(files);
    expect(
      report.problems.filter((problem) => problem.code === 'bad-bagit-txt').map((p) => p.message),
    ).toEqual([
      'bagit.txt must not start with a byte-order mark',
      'only UTF-8 tag files can be read',
      'the first line must be "BagIt-Version: M.N"',
    ]);
  });

  it('reports a bag without payload manifest, and with a manifest of an unknown algorithm', async () => {
    const files = await filesOfBag(plan());
    const listing = text(files, 'manifest-sha256.txt');
    for (const manifest of bothManifests) files.delete(manifest);
    files.set('manifest-blake9.txt', Buffer.from(listing));
    resealTagManifests(files);
    const report = await validateBoth(files);
    expect(codes(report)).toEqual([['unsupported-algorithm', 'manifest-blake9.txt', 'blake9']]);
    expect(report).toMatchObject({ complete: true, valid: false });
    files.delete('manifest-blake9.txt');
    resealTagManifests(files);
    const bare = await validateBoth(files);
    expect(codes(bare)).toEqual([
      ['no-payload-manifest', undefined, undefined],
      ...['data/docs/README.md', 'data/empty.dat', 'data/events.csv'].map((file) => [
        'unlisted-payload-file',
        file,
        undefined,
      ]),
    ]);
  });

  it('reads bags other tools write with md5 and sha1 manifests', async () => {
    const files = await filesOfBag(plan());
    for (const algorithm of ['md5', 'sha1']) {
      const lines = [...files]
        .filter(([file]) => file.startsWith('data/'))
        .map(([file, content]) => `${hexDigest(algorithm, content).toUpperCase()} ${file}\n`);
      files.set(`manifest-${algorithm}.txt`, Buffer.from(lines.join('')));
    }
    for (const manifest of bothManifests) files.delete(manifest);
    files.set('tagmanifest-md5.txt', Buffer.alloc(0));
    resealTagManifests(files);
    const directory = path.join(root, 'md5-bag');
    await writeFiles(directory, files);
    expect(await validateBagDirectory(directory)).toMatchObject({ valid: true, algorithms: ['md5', 'sha1'] });
    const tar = tarOfBag('bag', files);
    expect(
      (await validateBagTar(Readable.from([tar]), { assumedPayloadAlgorithms: ['md5', 'sha1'] })).valid,
    ).toBe(true);
    const unassumed = await validateBagTar(Readable.from([tar]));
    expect(codes(unassumed).filter(([code]) => code === 'unverifiable-digest')).toHaveLength(6);
  });

  it('checks a payload file that a tag manifest lists too, against both', async () => {
    const files = await filesOfBag(plan());
    const events = files.get('data/events.csv') ?? Buffer.alloc(0);
    edit(
      files,
      'tagmanifest-sha512.txt',
      (content) => `${content}${hexDigest('sha512', events)}  data/events.csv\n`,
    );
    files.set('manifest-md5.txt', Buffer.from(`${hexDigest('md5', events)}  data/events.csv\n`));
    files.set('tagmanifest-md5.txt', Buffer.from(`${hexDigest('md5', 'not the file')}  data/events.csv\n`));
    const directory = path.join(root, 'tag-listed-payload');
    await writeFiles(directory, files);
    expect(codes(await validateBagDirectory(directory))).toEqual([
      ['manifests-disagree', 'data/docs/README.md', 'md5'],
      ['manifests-disagree', 'data/empty.dat', 'md5'],
      ['tag-digest-mismatch', 'data/events.csv', 'md5'],
    ]);
  });

  it('reports a holey bag not complete until the fetched file is in place', async () => {
    const remote = Buffer.from('remote bytes\n');
    const holey = plan({
      fetch: [
        {
          url: 'https://apdc.example.org/f/remote.csv',
          sizeBytes: remote.length,
          path: 'remote.csv',
          digests: { sha512: hexDigest('sha512', remote), sha256: hexDigest('sha256', remote) },
        },
      ],
    });
    const files = await filesOfBag(holey);
    const before = await validateBoth(files);
    expect(before).toMatchObject({ complete: false, valid: false });
    expect(findings(before)).toEqual([
      { code: 'fetch-not-retrieved', path: 'data/remote.csv', expected: '13 bytes' },
    ]);
    files.set('data/remote.csv', remote);
    const after = await validateBoth(files);
    expect(after).toMatchObject({ complete: true, valid: true, problems: [] });
    expect(after.payloadOxum).toEqual({ octets: 38 + remote.length, streamCount: 4 });
    files.set('data/remote.csv', Buffer.from('remote bytez\n'));
    expect(codes(await validateBoth(files))).toEqual([
      ['payload-digest-mismatch', 'data/remote.csv', 'sha256'],
      ['payload-digest-mismatch', 'data/remote.csv', 'sha512'],
    ]);
  });

  it('reports fetch.txt lines that cannot be read or name files outside the manifests', async () => {
    const files = await filesOfBag(plan());
    files.set(
      'fetch.txt',
      Buffer.from(
        'https://x.example/a twelve data/a.csv\nhttps://x.example/b 5 data/b.csv\nhttps://x.example/c - ../c\n',
      ),
    );
    resealTagManifests(files);
    expect(findings(await validateBoth(files))).toEqual([
      { code: 'bad-file-name', path: '../c' },
      { code: 'bad-fetch-line', path: 'data/b.csv', algorithm: 'sha256' },
      { code: 'bad-fetch-line', path: 'data/b.csv', algorithm: 'sha512' },
      { code: 'fetch-not-retrieved', path: 'data/b.csv', expected: '5 bytes' },
      { code: 'bad-fetch-line', path: 'fetch.txt', actual: 'https://x.example/a twelve data/a.csv' },
    ]);
  });

  it('checks completeness only when asked, and then never calls the bag valid', async () => {
    const files = await filesOfBag(plan());
    const tampered = Buffer.from(files.get('data/events.csv') ?? '');
    tampered[0] = 0x52;
    files.set('data/events.csv', tampered);
    const report = await validateBoth(files, { completenessOnly: true });
    expect(report).toMatchObject({ complete: true, valid: false, digestsVerified: false, problems: [] });
  });

  it('sorts problems by path, code and algorithm', async () => {
    const files = await filesOfBag(plan());
    files.delete('data/events.csv');
    files.set('data/aaa.bin', Buffer.from('a'));
    files.delete('metadata/datacite.xml');
    const report = await validateBoth(files);
    const keys = report.problems.map((p) => `${p.path ?? ''}\u0000${p.code}\u0000${p.algorithm ?? ''}`);
    expect(keys).toEqual([...keys].sort());
    expect(report.problems.length).toBe(5);
  });
});

describe('bag validation of what only one form can hold', () => {
  it('reports a symbolic link in a bag directory', async () => {
    const directory = path.join(root, 'with-link');
    await writeBagToDirectory(plan(), directory);
    await symlink('/etc/hostname', path.join(directory, 'data', 'link'));
    const report = await validateBagDirectory(directory);
    expect(codes(report)).toEqual([['not-a-regular-file', 'data/link', undefined]]);
    expect(report.complete).toBe(false);
  });

  it('reports a missing data/ directory', async () => {
    const directory = path.join(root, 'no-data');
    await mkdir(directory);
    await writeFile(
      path.join(directory, 'bagit.txt'),
      'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
    );
    await writeFile(path.join(directory, 'manifest-sha256.txt'), '');
    expect(codes(await validateBagDirectory(directory))).toEqual([
      ['missing-payload-directory', 'data', undefined],
    ]);
  });

  it('reports links, members outside the top directory, duplicates and a missing end marker in a tar', async () => {
    const files = await filesOfBag(plan());
    const entries: TarEntrySpec[] = [
      ...[...files].map(([file, content]) => ({ path: `bag/${file}`, content })),
      { path: 'bag/data/link', typeflag: '2', linkTarget: '/etc/passwd' },
      { path: 'other/file.txt', content: 'x' },
      { path: 'bag/data/events.csv', content: 'again' },
      { path: 'bag/../escape', content: 'x' },
    ];
    const report = await validateBagTar(Readable.from([tarOf(entries, { endMarker: false })]));
    expect(codes(report)).toEqual([
      ['bad-serialization', undefined, undefined],
      ['bad-serialization', undefined, undefined],
      ['bad-serialization', undefined, undefined],
      ['bad-serialization', 'data/events.csv', undefined],
      ['not-a-regular-file', 'data/link', undefined],
    ]);
    expect(report.problems.map((p) => p.message).slice(0, 3)).toEqual([
      `tar member "bag/../escape" has a '..' segment`,
      `tar member "other/file.txt" is outside the bag's top directory bag/`,
      'the tar ends without its end-of-archive blocks (truncated?)',
    ]);
  });

  it('reports a truncated tar, and still hashes every byte it was given', async () => {
    const tar = await readAll(packBagAsTar(plan()).stream);
    const truncated = tar.subarray(0, 2000);
    const report = await validateBagTar(Readable.from([truncated]));
    expect(report.complete).toBe(false);
    expect(report.problems[0]?.message).toMatch(/cannot be read further: archive ends inside a member/);
    expect(report.tarSizeBytes).toBe(2000);
    expect(report.tarSha256).toBe(hexDigest('sha256', truncated));
  });

  it('returns the SHA-256 and size of the whole tar stream, trailing bytes included', async () => {
    const tar = Buffer.concat([await readAll(packBagAsTar(plan()).stream), Buffer.alloc(10240 - 512)]);
    const report = await validateBagTar(Readable.from([tar.subarray(0, 777), tar.subarray(777)]));
    expect(report).toMatchObject({
      valid: true,
      tarSizeBytes: tar.length,
      tarSha256: hexDigest('sha256', tar),
      bagName: 'sample-bag',
    });
  });

  it('validates a tar straight from packBagAsTar, and extracts single members from it', async () => {
    const awkward = 'Ångström ν-events\n100%.csv';
    const packed = packBagAsTar(plan({ payload: [bytesPayload(awkward, 'ν,E\n1,2\n')] }));
    const tar = await readAll(packed.stream);
    expect((await validateBagTar(Readable.from([tar]))).valid).toBe(true);
    const member = await extractFromTar(Readable.from([tar]), `data/${awkward}`);
    expect((await readAll(member ?? Readable.from([]))).toString()).toBe('ν,E\n1,2\n');
    expect(await extractFromTar(Readable.from([tar]), 'data/none.csv')).toBeUndefined();
  });
});
