import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listFilesUnder, resolveListedFiles } from './release-files.js';

let sandbox: string;
let filesDir: string;

function write(relative: string, content = relative): void {
  const target = path.join(filesDir, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
}

beforeEach(() => {
  sandbox = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'apdc-cli-files-')));
  filesDir = path.join(sandbox, 'release');
  mkdirSync(filesDir);
  writeFileSync(path.join(sandbox, 'secret.txt'), 'not for release');
});

afterEach(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

describe(listFilesUnder.name, () => {
  it('lists every regular file recursively, sorted, as relative POSIX paths with sizes', async () => {
    write('b.txt', 'bb');
    write('a/z.fits', 'zzz');
    write('a/b/c.h5');
    write('a-b.csv');
    mkdirSync(path.join(filesDir, 'empty'));

    const sut = await listFilesUnder(filesDir);

    expect(sut.violations).toEqual([]);
    expect(sut.files.map((f) => f.path)).toEqual(['a-b.csv', 'a/b/c.h5', 'a/z.fits', 'b.txt']);
    expect(sut.files.find((f) => f.path === 'a/z.fits')).toEqual({
      path: 'a/z.fits',
      absolutePath: path.join(filesDir, 'a', 'z.fits'),
      sizeBytes: 3,
      restricted: false,
    });
  });

  it('follows a symbolic link to a file inside the directory', async () => {
    write('data/real.fits', 'x');
    symlinkSync('data/real.fits', path.join(filesDir, 'latest.fits'));

    const sut = await listFilesUnder(filesDir);

    expect(sut.violations).toEqual([]);
    expect(sut.files.map((f) => [f.path, f.absolutePath])).toEqual([
      ['data/real.fits', path.join(filesDir, 'data', 'real.fits')],
      ['latest.fits', path.join(filesDir, 'data', 'real.fits')],
    ]);
  });

  it('refuses symbolic links that escape the directory, dangle, or point to a directory', async () => {
    write('ok.txt');
    write('sub/inner.txt');
    symlinkSync('../secret.txt', path.join(filesDir, 'escape.txt'));
    symlinkSync(sandbox, path.join(filesDir, 'parent'));
    symlinkSync('missing.txt', path.join(filesDir, 'dangling.txt'));
    symlinkSync('sub', path.join(filesDir, 'sub-link'));

    const sut = await listFilesUnder(filesDir);

    expect(sut.files.map((f) => f.path)).toEqual(['ok.txt', 'sub/inner.txt']);
    expect(sut.violations).toEqual(
      expect.arrayContaining([
        { path: 'escape.txt', message: expect.stringContaining('outside the files directory') },
        { path: 'parent', message: expect.stringContaining('outside the files directory') },
        { path: 'dangling.txt', message: expect.stringContaining('no such file') },
        { path: 'sub-link', message: expect.stringContaining('directory') },
      ]),
    );
    expect(sut.violations).toHaveLength(4);
  });

  it('leaves out excluded files such as the manifest kept beside the data', async () => {
    write('manifest.yaml', 'group: g');
    write('data.fits');

    const sut = await listFilesUnder(filesDir, { exclude: [path.join(filesDir, 'manifest.yaml')] });

    expect(sut.files.map((f) => f.path)).toEqual(['data.fits']);
  });

  it('reports a missing directory and an empty one', async () => {
    expect((await listFilesUnder(path.join(sandbox, 'nope'))).violations).toEqual([
      { path: 'files-dir', message: expect.stringContaining('no such directory') },
    ]);
    expect((await listFilesUnder(filesDir)).violations).toEqual([
      { path: 'files-dir', message: 'no files to upload' },
    ]);
  });
});

describe(resolveListedFiles.name, () => {
  const key = (index: number) => `files[${index}].path`;

  it('resolves listed files in the given order, keeping their restricted flag', async () => {
    write('b.fits', 'bbbb');
    write('a/c.fits');

    const sut = await resolveListedFiles(
      filesDir,
      [
        { path: 'b.fits', restricted: true },
        { path: 'a/c.fits', restricted: false },
      ],
      key,
    );

    expect(sut.violations).toEqual([]);
    expect(sut.files).toEqual([
      { path: 'b.fits', absolutePath: path.join(filesDir, 'b.fits'), sizeBytes: 4, restricted: true },
      { path: 'a/c.fits', absolutePath: path.join(filesDir, 'a', 'c.fits'), sizeBytes: 8, restricted: false },
    ]);
  });

  it('refuses .., absolute paths, missing files, directories and links out of the directory, each by key', async () => {
    write('ok.fits');
    mkdirSync(path.join(filesDir, 'dir'));
    symlinkSync(sandbox, path.join(filesDir, 'up'));

    const sut = await resolveListedFiles(
      filesDir,
      [
        'ok.fits',
        '../secret.txt',
        path.join(sandbox, 'secret.txt'),
        'missing.fits',
        'dir',
        'up/secret.txt',
      ].map((p) => ({ path: p, restricted: false })),
      key,
    );

    expect(sut.files.map((f) => f.path)).toEqual(['ok.fits']);
    expect(sut.violations).toEqual([
      { path: 'files[1].path', message: expect.stringContaining('..') },
      { path: 'files[2].path', message: expect.stringContaining('absolute') },
      { path: 'files[3].path', message: expect.stringContaining('no such file') },
      { path: 'files[4].path', message: expect.stringContaining('directory') },
      { path: 'files[5].path', message: expect.stringContaining('outside the files directory') },
    ]);
  });
});
