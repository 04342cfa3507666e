import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { BagProblem } from './bag-problem.js';
import type { BagPlan } from './bag-plan.js';
import { bytesPayload, readAll, samplePlan } from './bag-test.factory.js';
import { validateBagTar } from './bag-validator.js';
import { packBagAsTar } from './bag-writer.js';
import { type BagItProfile, matchesTagFilePattern, parseBagItProfile } from './bagit-profile.js';
import { BagItProfileError } from './errors.js';

const PROFILE_ID = 'https://w3id.org/apdc/bagit-profile/v1';

async function apdcProfileJson(): Promise<Record<string, unknown>> {
  const file = path.resolve(process.cwd(), 'archive-policies/apdc-bagit-profile.json');
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}

const METADATA = ['datacite.xml', 'release.jsonld', 'prov.jsonld', 'premis.xml', 'README.txt'];

/** A bag as the archive writes it: every label and metadata file our profile asks for. */
function archivalPlan(change: { dropLabel?: string; dropTagFile?: string } = {}): BagPlan {
  const bagInfo: Array<[string, string]> = [
    ['Source-Organization', 'Astroparticle Physics Data Centre (APDC)'],
    ['External-Identifier', 'doi:10.5072/apdc.km3-230213a.v1'],
    ['External-Description', 'KM3-230213A: an ultra-high-energy neutrino event'],
    ['Bagging-Date', '2026-01-02'],
    ['Bag-Group-Identifier', 'urn:uuid:2f0b6f4e-0d7e-4a47-9a43-0b8a4c1e5d21'],
    ['Bag-Count', '1 of 1'],
    ['Bag-Software-Agent', 'APDC 0.1.0 https://w3id.org/apdc'],
    ['BagIt-Profile-Identifier', PROFILE_ID],
  ];
  return samplePlan({
    bagInfo: bagInfo.filter(([label]) => label !== change.dropLabel),
    tagFiles: METADATA.map((name) => `metadata/${name}`)
      .filter((file) => file !== change.dropTagFile)
      .map((file) => ({ path: file, content: `${file}\n` })),
  });
}

async function profileProblems(plan: BagPlan, profile: BagItProfile): Promise<BagProblem[]> {
  const tar = await readAll(packBagAsTar(plan).stream);
  const report = await validateBagTar(Readable.from([tar]), { profile });
  return report.problems.filter((problem) => problem.code === 'profile-violation');
}

function violations(json: unknown): string[] {
  try {
    parseBagItProfile(json);
  } catch (error) {
    if (error instanceof BagItProfileError) return error.violations.map((v) => `${v.path}: ${v.message}`);
    throw error;
  }
  return [];
}

describe('the APDC BagIt profile', () => {
  it('parses, and says what the archive promises', async () => {
    const profile = parseBagItProfile(await apdcProfileJson());
    expect(profile.info).toMatchObject({
      identifier: PROFILE_ID,
      sourceOrganization: 'Astroparticle Physics Data Centre (APDC)',
      specVersion: '1.4.0',
    });
    expect(profile.manifestsRequired).toEqual(['sha512', 'sha256']);
    expect(profile.tagManifestsRequired).toEqual(['sha512', 'sha256']);
    expect(profile.tagFilesRequired).toEqual(METADATA.map((name) => `metadata/${name}`));
    expect(profile).toMatchObject({
      allowFetchTxt: true,
      serialization: 'optional',
      acceptSerialization: ['application/x-tar'],
      acceptBagItVersion: ['1.0'],
    });
    const required = profile.bagInfo.filter((rule) => rule.required).map((rule) => rule.label);
    expect(required.sort()).toEqual(
      [
        'Source-Organization',
        'External-Identifier',
        'Bagging-Date',
        'Payload-Oxum',
        'Bag-Size',
        'Bag-Group-Identifier',
        'Bag-Count',
        'Bag-Software-Agent',
        'BagIt-Profile-Identifier',
      ].sort(),
    );
    expect(profile.bagInfo.find((rule) => rule.label === 'External-Description')).toMatchObject({
      required: false,
      recommended: true,
    });
  });

  it('accepts a bag as the archive writes it', async () => {
    const profile = parseBagItProfile(await apdcProfileJson());
    expect(await profileProblems(archivalPlan(), profile)).toEqual([]);
  });

  it('names the missing tag file of a bag without metadata/premis.xml', async () => {
    const profile = parseBagItProfile(await apdcProfileJson());
    expect(await profileProblems(archivalPlan({ dropTagFile: 'metadata/premis.xml' }), profile)).toEqual([
      {
        code: 'profile-violation',
        rule: 'Tag-Files-Required',
        path: 'metadata/premis.xml',
        message: `metadata/premis.xml is missing, required by profile ${PROFILE_ID}`,
      },
    ]);
  });

  it('names the missing label of a bag without External-Identifier', async () => {
    const profile = parseBagItProfile(await apdcProfileJson());
    expect(await profileProblems(archivalPlan({ dropLabel: 'External-Identifier' }), profile)).toEqual([
      {
        code: 'profile-violation',
        rule: 'Bag-Info',
        path: 'bag-info.txt',
        label: 'External-Identifier',
        message: `bag-info.txt lacks External-Identifier, required by profile ${PROFILE_ID}`,
      },
    ]);
  });

  it('names a wrong or missing BagIt-Profile-Identifier once', async () => {
    const profile = parseBagItProfile(await apdcProfileJson());
    const missing = await profileProblems(archivalPlan({ dropLabel: 'BagIt-Profile-Identifier' }), profile);
    expect(missing.map(({ rule, label }) => [rule, label])).toEqual([
      ['Bag-Info', 'BagIt-Profile-Identifier'],
    ]);
    const other = archivalPlan();
    const wrong = await profileProblems(
      {
        ...other,
        bagInfo: other.bagInfo.map(([label, value]) =>
          label === 'BagIt-Profile-Identifier' ? [label, 'https://example.org/other'] : [label, value],
        ),
      },
      profile,
    );
    expect(wrong.map(({ rule, label, actual }) => [rule, label, actual])).toEqual([
      ['Bag-Info', 'BagIt-Profile-Identifier', 'https://example.org/other'],
    ]);
  });

  it('makes a violating bag invalid, not incomplete', async () => {
    const profile = parseBagItProfile(await apdcProfileJson());
    const tar = await readAll(packBagAsTar(archivalPlan({ dropLabel: 'Bag-Count' })).stream);
    expect(await validateBagTar(Readable.from([tar]), { profile })).toMatchObject({
      complete: true,
      valid: false,
    });
    expect(await validateBagTar(Readable.from([tar]))).toMatchObject({ complete: true, valid: true });
  });
});

describe(parseBagItProfile.name, () => {
  const minimal = {
    'BagIt-Profile-Info': {
      'BagIt-Profile-Identifier': 'https://example.org/profile.json',
      'Source-Organization': 'Example',
      'External-Description': 'A test profile',
      Version: '0.1',
    },
    'Accept-BagIt-Version': ['1.0'],
    'Accept-Serialization': ['application/tar'],
  };

  it('fills in the defaults of the specification', () => {
    expect(parseBagItProfile(minimal)).toMatchObject({
      info: { specVersion: '1.1.0', version: '0.1' },
      bagInfo: [],
      manifestsRequired: [],
      manifestsAllowed: null,
      tagFilesAllowed: ['*'],
      allowFetchTxt: true,
      fetchTxtRequired: false,
      dataEmpty: false,
      serialization: 'optional',
    });
  });

  it('refuses a malformed profile, listing every fault by JSON pointer', () => {
    expect(violations('not an object')).toEqual([': a profile is a JSON object']);
    expect(
      violations({
        'BagIt-Profile-Info': { 'Source-Organization': 7, 'External-Description': 'x', Version: '1' },
        'Bag-Info': { 'Contact-Name': { required: 'yes' }, 'Odd/Label': 'required' },
        'Manifests-Required': ['sha512'],
        'Manifests-Allowed': ['md5'],
        'Tag-Files-Required': ['metadata/a.xml'],
        'Tag-Files-Allowed': ['other/*'],
        'Allow-Fetch.txt': false,
        'Fetch.txt-Required': true,
        Serialization: 'sometimes',
        'Accept-BagIt-Version': [],
      }),
    ).toEqual([
      '/BagIt-Profile-Info/BagIt-Profile-Identifier: is required',
      '/BagIt-Profile-Info/Source-Organization: must be a non-empty string',
      '/Bag-Info/Contact-Name/required: must be true or false',
      '/Bag-Info/Odd~1Label: must be an object',
      '/Manifests-Allowed: must include the required sha512',
      '/Tag-Files-Allowed: must allow the required tag file metadata/a.xml',
      '/Fetch.txt-Required: cannot be true when Allow-Fetch.txt is false',
      '/Serialization: must be "forbidden", "required" or "optional"',
      '/Accept-Serialization: needs at least one MIME type unless Serialization is "forbidden"',
      '/Accept-BagIt-Version: needs at least one BagIt version',
    ]);
  });

  it('matches tag file patterns as fnmatch does, * crossing folders', () => {
    expect(matchesTagFilePattern('metadata/*', 'metadata/a/b.xml')).toBe(true);
    expect(matchesTagFilePattern('metadata/*.xml', 'metadata/a.json')).toBe(false);
    expect(matchesTagFilePattern('DPN/dpnFirstNode.txt', 'DPN/dpnFirstNode.txt')).toBe(true);
    expect(matchesTagFilePattern('a.b', 'axb')).toBe(false);
  });
});

describe('profile violations', () => {
  const strict = parseBagItProfile({
    'BagIt-Profile-Info': {
      'BagIt-Profile-Identifier': 'https://example.org/strict.json',
      'Source-Organization': 'Example',
      'External-Description': 'Everything that can be said',
      Version: '1',
    },
    'Bag-Info': {
      'Source-Organization': { required: true, repeatable: false, values: ['Example'] },
      'Contact-Email': { required: true },
    },
    'Manifests-Required': ['sha512'],
    'Manifests-Allowed': ['sha512'],
    'Tag-Manifests-Required': ['sha512', 'md5'],
    'Tag-Files-Allowed': ['metadata/*.xml'],
    'Allow-Fetch.txt': false,
    'Data-Empty': true,
    Serialization: 'forbidden',
    'Accept-BagIt-Version': ['0.97'],
  });

  it('are each reported with the rule, the path or label, and what was expected', async () => {
    const plan = samplePlan({
      bagInfo: [
        ['Source-Organization', 'Example'],
        ['Source-Organization', 'Someone else'],
      ],
      payload: [bytesPayload('a.csv', 'a'), bytesPayload('b.csv', '')],
      tagFiles: [
        { path: 'metadata/ok.xml', content: 'x' },
        { path: 'notes/free.txt', content: 'y' },
      ],
      fetch: [
        {
          url: 'https://example.org/c',
          sizeBytes: 1,
          path: 'c.csv',
          digests: { sha512: 'a'.repeat(128), sha256: 'a'.repeat(64) },
        },
      ],
    });
    const found = (await profileProblems(plan, strict)).map(
      ({ rule, path: at, label, expected, actual }) => ({
        rule,
        ...(at === undefined ? {} : { path: at }),
        ...(label === undefined ? {} : { label }),
        ...(expected === undefined ? {} : { expected }),
        ...(actual === undefined ? {} : { actual }),
      }),
    );
    expect(found).toEqual([
      { rule: 'Serialization' },
      {
        rule: 'BagIt-Profile-Identifier',
        path: 'bag-info.txt',
        label: 'BagIt-Profile-Identifier',
        expected: 'https://example.org/strict.json',
      },
      { rule: 'Bag-Info', path: 'bag-info.txt', label: 'Contact-Email' },
      { rule: 'Bag-Info', path: 'bag-info.txt', label: 'Source-Organization' },
      {
        rule: 'Bag-Info',
        path: 'bag-info.txt',
        label: 'Source-Organization',
        expected: 'Example',
        actual: 'Someone else',
      },
      { rule: 'Accept-BagIt-Version', path: 'bagit.txt', expected: '0.97', actual: '1.0' },
      { rule: 'Data-Empty', path: 'data', actual: '2 files' },
      { rule: 'Allow-Fetch.txt', path: 'fetch.txt' },
      { rule: 'Manifests-Allowed', path: 'manifest-sha256.txt', expected: 'sha512', actual: 'sha256' },
      { rule: 'Tag-Files-Allowed', path: 'notes/free.txt' },
      { rule: 'Tag-Manifests-Required', path: 'tagmanifest-md5.txt' },
    ]);
  });
});
