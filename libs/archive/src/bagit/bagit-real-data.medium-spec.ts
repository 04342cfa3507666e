/**
 * Bags of the real-data fixtures, checked by our validator and by tools nobody here wrote: GNU tar reads
 * our tars, coreutils sha512sum/sha256sum check our manifests, and our reader takes GNU tar's own tars.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import type { BagPayloadFile, BagPlan } from './bag-plan.js';
import { hexDigest } from './bag-test.factory.js';
import { validateBagDirectory, validateBagTar } from './bag-validator.js';
import { packBagAsTar, tarBagSize, writeBagToDirectory } from './bag-writer.js';

const run = promisify(execFile);
const DATA = path.resolve(process.cwd(), '../shared/data');
const FOLDERS = [
  'icecube-icecat1',
  'icecube-hese7yr',
  'km3net-km3-230213a',
  'fermi-3fhl',
  'hess-hgps',
  'auger-uhecr-hdf5',
];

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'apdc-bagit-real-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function fileOnDisk(file: string, bagPath: string, sizeBytes: number): BagPayloadFile {
  return { path: bagPath, sizeBytes, open: () => Promise.resolve(createReadStream(file)) };
}

async function folderPlan(folder: string, extra: readonly BagPayloadFile[] = []): Promise<BagPlan> {
  const names = (await readdir(path.join(DATA, folder))).sort();
  const payload = await Promise.all(
    names.map(async (name) => {
      const file = path.join(DATA, folder, name);
      return fileOnDisk(file, name, (await stat(file)).size);
    }),
  );
  const source = await readFile(path.join(DATA, folder, 'SOURCE.txt'), 'utf8');
  return {
    name: `apdc-${folder}`,
    bagInfo: [
      ['Source-Organization', 'Astroparticle Physics Data Centre (APDC)'],
      ['External-Description', `Real-data fixture ${folder}, with its licence\nas published by its source`],
      ['Bagging-Date', '2026-01-02'],
    ],
    payload: [...payload, ...extra],
    tagFiles: [{ path: 'metadata/SOURCE.txt', content: source }],
    modifiedAt: new Date('2026-01-02T00:00:00Z'),
  };
}

async function packToFile(plan: BagPlan, file: string): Promise<void> {
  const packed = packBagAsTar(plan);
  await pipeline(packed.stream, createWriteStream(file));
  expect((await packed.result).sizeBytes).toBe((await stat(file)).size);
}

/** coreutils checks every line of a manifest; our manifests use two spaces so it reads them as-is. */
async function checkWithCoreutils(bag: string, lines: number): Promise<void> {
  for (const [tool, manifest] of [
    ['sha512sum', 'manifest-sha512.txt'],
    ['sha256sum', 'manifest-sha256.txt'],
    ['sha512sum', 'tagmanifest-sha512.txt'],
    ['sha256sum', 'tagmanifest-sha256.txt'],
  ] as const) {
    const { stdout } = await run(tool, ['--strict', '-c', manifest], { cwd: bag });
    const verdicts = stdout.trim().split('\n');
    expect(verdicts.every((line) => line.endsWith(': OK'))).toBe(true);
    if (manifest.startsWith('manifest')) expect(verdicts).toHaveLength(lines);
  }
}

async function sameFiles(left: string, right: string): Promise<void> {
  await run('diff', ['-r', left, right]);
}

describe('bags of the real-data fixtures', () => {
  it.each(FOLDERS)('%s: valid as tar and as directory, for us, GNU tar and coreutils', async (folder) => {
    const plan = await folderPlan(folder);
    const dir = path.join(work, folder);
    await mkdir(dir);
    const tarFile = path.join(dir, 'bag.tar');
    await packToFile(plan, tarFile);
    expect((await stat(tarFile)).size).toBe(tarBagSize(plan));

    const report = await validateBagTar(createReadStream(tarFile));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ complete: true, valid: true, payloadFileCount: plan.payload.length });
    expect(report.tarSha256).toBe((await run('sha256sum', [tarFile])).stdout.split(' ')[0]);

    const listing = (await run('tar', ['--numeric-owner', '-tvf', tarFile])).stdout.trim().split('\n');
    expect(listing).toHaveLength(plan.payload.length + 7);
    for (const line of listing) expect(line).toMatch(/^-rw-r--r-- 0\/0 +\d+ 2026-01-02 00:00 apdc-/);

    const extracted = path.join(dir, 'extracted');
    await mkdir(extracted);
    await run('tar', ['-xf', tarFile, '-C', extracted]);
    const bag = path.join(extracted, plan.name);
    await checkWithCoreutils(bag, plan.payload.length);
    expect(await validateBagDirectory(bag)).toMatchObject({ valid: true, problems: [] });

    const written = path.join(dir, 'written');
    const result = await writeBagToDirectory(plan, written);
    expect(result.payloadOxum).toEqual(report.payloadOxum);
    expect(await validateBagDirectory(written)).toMatchObject({ valid: true, problems: [] });
    await sameFiles(bag, written);
    for (const file of plan.payload) {
      const original = await readFile(path.join(DATA, folder, file.path));
      expect(result.payloadDigests.get(file.path)?.sha512).toBe(hexDigest('sha512', original));
    }
  });

  it('keeps names with spaces, unicode, %, CR and LF through GNU tar, both ways', async () => {
    const csv = path.join(DATA, 'icecube-icecat1', 'IceCube_Gold_Bronze_Tracks.csv');
    const size = (await stat(csv)).size;
    const awkward = [
      'Ångström ν-events.csv',
      'with space/and 100% more.csv',
      'odd %0A-looking name.csv',
      'line\nbreak.csv',
      'carriage\rreturn.csv',
      `${'a-rather-long-folder-name/'.repeat(6)}ν-events-with-a-long-name.csv`,
    ];
    const plan = await folderPlan(
      'icecube-icecat1',
      awkward.map((name) => fileOnDisk(csv, name, size)),
    );
    const dir = path.join(work, 'awkward');
    await mkdir(dir);
    const tarFile = path.join(dir, 'bag.tar');
    await packToFile(plan, tarFile);
    expect((await validateBagTar(createReadStream(tarFile))).valid).toBe(true);

    // GNU tar extracts our pax names, and our validator then finds the bag valid on disk.
    const extracted = path.join(dir, 'extracted');
    await mkdir(extracted);
    await run('tar', ['-xf', tarFile, '-C', extracted]);
    const bag = path.join(extracted, plan.name);
    for (const name of awkward)
      expect((await stat(path.join(bag, 'data', ...name.split('/')))).size).toBe(size);
    expect(await validateBagDirectory(bag)).toMatchObject({ valid: true, problems: [] });
    const manifest = await readFile(path.join(bag, 'manifest-sha256.txt'), 'utf8');
    expect(manifest).toContain('  data/line%0Abreak.csv\n');
    expect(manifest).toContain('  data/odd %250A-looking name.csv\n');

    // Our directory writer gives the same files.
    const written = path.join(dir, 'written');
    await writeBagToDirectory(plan, written);
    expect(await validateBagDirectory(written)).toMatchObject({ valid: true, problems: [] });
    await sameFiles(bag, written);

    // And GNU tar's own tars, in its member order with directory entries, read back valid.
    for (const format of ['gnu', 'pax', 'posix']) {
      const gnuTar = path.join(dir, `gnu-${format}.tar`);
      await run('tar', [`--format=${format}`, '-cf', gnuTar, '-C', extracted, plan.name]);
      const report = await validateBagTar(createReadStream(gnuTar));
      expect({ format, problems: report.problems, valid: report.valid }).toEqual({
        format,
        problems: [],
        valid: true,
      });
    }
  });
});
