import { describe, expect, it } from '@jest/globals';
import { parseReleaseManifest, relativePathProblem } from './release-manifest.js';

const GOOD = `
group: cta-lst
dataset: 0190a6c2-7e4f-7c3a-9d2b-1f2e3d4c5b6a
metadata:
  '@context': https://schema.org/
  '@type': Dataset
  name: LST-1 Crab observations
embargoUntil: 2030-01-31
software: { name: lstchain, version: '0.10' }
files:
  - path: dl3/crab.fits
  - path: raw/run-0042.h5
    restricted: true
`;

function violationsOf(yaml: string) {
  const result = parseReleaseManifest(yaml);
  if (result.ok) throw new Error('expected violations');
  return result.violations;
}

describe(parseReleaseManifest.name, () => {
  it('accepts a complete manifest and normalises a date to the start of its day in UTC', () => {
    const sut = parseReleaseManifest(GOOD);
    expect(sut).toEqual({
      ok: true,
      manifest: {
        group: 'cta-lst',
        dataset: '0190a6c2-7e4f-7c3a-9d2b-1f2e3d4c5b6a',
        metadata: { '@context': 'https://schema.org/', '@type': 'Dataset', name: 'LST-1 Crab observations' },
        metadataFile: undefined,
        embargoUntil: '2030-01-31T00:00:00Z',
        software: { name: 'lstchain', version: '0.10' },
        files: [
          { path: 'dl3/crab.fits', restricted: false },
          { path: 'raw/run-0042.h5', restricted: true },
        ],
      },
    });
  });

  it('accepts a minimal manifest: files omitted means every file', () => {
    const sut = parseReleaseManifest('group: km3net\nmetadataFile: meta/release.jsonld\n');
    expect(sut.ok && sut.manifest).toEqual({
      group: 'km3net',
      dataset: undefined,
      metadata: undefined,
      metadataFile: 'meta/release.jsonld',
      embargoUntil: undefined,
      software: undefined,
      files: undefined,
    });
  });

  it('keeps a date-time with a time zone, and null clears an embargo', () => {
    const withTime = parseReleaseManifest('group: g\nembargoUntil: 2030-01-31T12:30:00+01:00\n');
    expect(withTime.ok && withTime.manifest.embargoUntil).toBe('2030-01-31T12:30:00+01:00');
    const cleared = parseReleaseManifest('group: g\nembargoUntil: null\n');
    expect(cleared.ok && cleared.manifest.embargoUntil).toBeNull();
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    expect(violationsOf('group: a\ngroup: b\n')).toEqual([
      { path: '(yaml line 2, column 1)', message: expect.stringContaining('unique') },
    ]);
    expect(violationsOf('group: [a\n')[0]?.path).toMatch(/^\(yaml line \d+, column \d+\)$/);
  });

  it('refuses a document that is not a mapping', () => {
    expect(violationsOf('')).toEqual([{ path: '(root)', message: expect.stringContaining('group') }]);
    expect(violationsOf('- group: a\n')).toEqual([{ path: '(root)', message: expect.any(String) }]);
  });

  it.each([
    ['a missing group', 'dataset: x\n', 'group', 'required'],
    ['a group that is not a slug', 'group: CTA LST\n', 'group', 'slug'],
    ['an unknown key', 'group: g\nembargo_until: 2030-01-01\n', 'embargo_until', 'unknown key'],
    ['a dataset id with a slash', 'group: g\ndataset: a/b\n', 'dataset', 'dataset id'],
    ['metadata that is not a mapping', 'group: g\nmetadata: [1]\n', 'metadata', 'mapping'],
    [
      'both metadata and metadataFile',
      'group: g\nmetadata: {a: 1}\nmetadataFile: m.json\n',
      'metadataFile',
      'not both',
    ],
    ['an absolute metadataFile', 'group: g\nmetadataFile: /etc/m.json\n', 'metadataFile', 'relative'],
    ['an embargo that is not a date', 'group: g\nembargoUntil: soon\n', 'embargoUntil', 'ISO 8601'],
    [
      'an embargo on a day that does not exist',
      'group: g\nembargoUntil: 2030-02-30\n',
      'embargoUntil',
      'ISO',
    ],
    [
      'an embargo without a time zone',
      'group: g\nembargoUntil: 2030-01-01T10:00:00\n',
      'embargoUntil',
      'ISO',
    ],
    ['software that is not a mapping', 'group: g\nsoftware: lstchain\n', 'software', 'mapping'],
    ['software without a name', 'group: g\nsoftware: {version: "1"}\n', 'software.name', 'required'],
    [
      'a software version YAML reads as a number',
      'group: g\nsoftware: {name: x, version: 1.10}\n',
      'software.version',
      'quote it ("1.1")',
    ],
    ['files that are not a list', 'group: g\nfiles: a.fits\n', 'files', 'list'],
    ['an empty file list', 'group: g\nfiles: []\n', 'files', 'at least one'],
    ['a file entry that is not a mapping', 'group: g\nfiles: [a.fits]\n', 'files[0]', 'mapping'],
    ['a file without a path', 'group: g\nfiles: [{restricted: true}]\n', 'files[0].path', 'required'],
    ['an absolute file path', 'group: g\nfiles: [{path: /etc/passwd}]\n', 'files[0].path', 'absolute'],
    ['a file path with ..', 'group: g\nfiles: [{path: a/../../b}]\n', 'files[0].path', '".."'],
    [
      'restricted that is not a boolean',
      'group: g\nfiles: [{path: a, restricted: yes}]\n',
      'files[0].restricted',
      'true or false',
    ],
    [
      'a duplicate file',
      'group: g\nfiles: [{path: a}, {path: b}, {path: a}]\n',
      'files[2].path',
      'duplicate of files[0].path',
    ],
  ])('reports %s', (_case, yaml, path, message) => {
    expect(violationsOf(yaml)).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  it('reports every problem at once, with its key path, and keeps the valid parts for checks on disk', () => {
    const sut = parseReleaseManifest(`
group: Not A Slug
colour: blue
metadata: 42
metadataFile: meta.json
embargoUntil: tomorrow
software: { name: '', version: 2, licence: MIT }
files:
  - path: ok.fits
  - path: ../escape.fits
    restricted: maybe
`);
    expect(sut.ok).toBe(false);
    if (sut.ok) return;
    expect(sut.violations.map((v) => v.path)).toEqual([
      'colour',
      'group',
      'metadata',
      'metadataFile',
      'embargoUntil',
      'software.licence',
      'software.name',
      'software.version',
      'files[1].path',
      'files[1].restricted',
    ]);
    expect(sut.partial).toEqual({
      files: [{ path: 'ok.fits', restricted: false }, undefined],
      metadataFile: 'meta.json',
    });
  });
});

describe(relativePathProblem.name, () => {
  it.each(['a.fits', 'dir/sub/a b#1.fits', '.hidden/x', 'a..b'])('accepts %s', (path) => {
    expect(relativePathProblem(path)).toBeUndefined();
  });

  it.each(['', '/abs', 'C:/x', 'a\\b', '..', 'a/../b', './a', 'a//b', 'a/', 'a\nb'])('refuses %j', (path) => {
    expect(relativePathProblem(path)).toEqual(expect.any(String));
  });
});
