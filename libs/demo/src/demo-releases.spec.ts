import { describe, expect, it } from '@jest/globals';
import { DEMO_GROUPS, DEMO_RELEASES, type DemoFile, type DemoRelease } from './demo-releases.js';
import { KASCADE_LIKE_COLUMNS } from './kascade-like-events.js';

const TEST_ORCID = 'https://orcid.org/0000-0002-1825-0097';

function text(file: DemoFile): string {
  return [...file.content()].join('');
}

function metadataOf(release: DemoRelease): Record<string, unknown> {
  return release.metadata;
}

function creatorsOf(release: DemoRelease): Record<string, unknown>[] {
  const creators = metadataOf(release)['creator'];
  return Array.isArray(creators) ? (creators as Record<string, unknown>[]) : [];
}

function kascadeLikeVersions(): DemoRelease[] {
  return DEMO_RELEASES.filter((release) => release.key === 'kascade-like-air-showers');
}

function csvOf(release: DemoRelease): string {
  const csv = release.files.find((file) => file.mediaType === 'text/csv');
  if (csv === undefined) {
    throw new Error(`${release.key} has no CSV file`);
  }
  return text(csv);
}

describe('DEMO_RELEASES', () => {
  it.each(
    DEMO_RELEASES.map((release) => ({
      label: `${release.key} ${String(release.metadata['version'])}`,
      release,
    })),
  )('$label has a name, description, licence, creator and file', ({ release }) => {
    const metadata = metadataOf(release);

    expect(metadata['@context']).toBe('https://w3id.org/apdc/context/v1');
    expect(metadata['@type']).toBe('Dataset');
    expect(metadata['name']).toEqual(expect.stringMatching(/\S/));
    expect(metadata['description']).toEqual(expect.stringMatching(/\S/));
    expect(metadata['version']).toEqual(expect.stringMatching(/\S/));
    expect(metadata['license']).toEqual(
      expect.stringMatching(/^https:\/\/spdx\.org\/licenses\/[A-Za-z0-9.-]+$/),
    );
    expect(metadata['datePublished']).toEqual(expect.stringMatching(/^\d{4}(-\d{2}){0,2}$/));
    expect(creatorsOf(release).length).toBeGreaterThanOrEqual(1);
    expect(creatorsOf(release).every((creator) => typeof creator['name'] === 'string')).toBe(true);
    expect(release.files.length).toBeGreaterThanOrEqual(1);
    expect(metadata['skyCoverage']).toBeDefined();
    expect(metadata['energyRange']).toMatchObject({ '@type': 'QuantitativeValue' });
    expect(DEMO_GROUPS.map((group) => group.slug)).toContain(release.group);
  });

  it('gives every file a relative path, a media type and some text, afresh on every call', () => {
    for (const release of DEMO_RELEASES) {
      const paths = release.files.map((file) => file.path);
      expect(new Set(paths).size).toBe(paths.length);
      for (const file of release.files) {
        expect(file.path).toMatch(/^[\w.-]+(\/[\w.-]+)*$/);
        expect(file.mediaType).toMatch(/^[a-z]+\/[\w.+-]+$/);
        expect(text(file).trim().length).toBeGreaterThan(0);
        expect(text(file)).toBe(text(file));
      }
    }
  });

  it('names persons only with the ORCID test identity', () => {
    const persons = DEMO_RELEASES.flatMap(creatorsOf).filter((creator) => creator['@type'] === 'Person');

    expect(persons.length).toBeGreaterThan(0);
    expect(persons.every((person) => person['@id'] === TEST_ORCID)).toBe(true);
  });

  it('lists versions of one release oldest first, with distinct version names', () => {
    const byKey = new Map<string, DemoRelease[]>();
    for (const release of DEMO_RELEASES) {
      byKey.set(release.key, [...(byKey.get(release.key) ?? []), release]);
    }

    for (const versions of byKey.values()) {
      const names = versions.map((release) => String(release.metadata['version']));
      const dates = versions.map((release) => String(release.metadata['datePublished']));
      expect(new Set(names).size).toBe(names.length);
      expect(dates).toEqual([...dates].sort());
      expect(new Set(versions.map((release) => release.group)).size).toBe(1);
    }
  });

  it('has a KASCADE-like CSV whose header matches KASCADE_LIKE_COLUMNS', () => {
    const versions = kascadeLikeVersions();

    expect(versions.length).toBeGreaterThan(0);
    for (const release of versions) {
      const [header] = csvOf(release).split('\n');
      expect(header?.split(',')).toEqual(KASCADE_LIKE_COLUMNS.map((column) => column.name));
    }
  });

  it('has a KASCADE-like version 2 with more events, a new description and version 1 as its start', () => {
    const [first, second] = kascadeLikeVersions().map((release) => ({
      release,
      rows: csvOf(release).trimEnd().split('\n').slice(1),
    }));

    expect(first?.rows.length).toBeGreaterThan(0);
    expect(second?.rows.length).toBeGreaterThan(first?.rows.length ?? Infinity);
    expect(second?.rows.slice(0, first?.rows.length)).toEqual(first?.rows);
    expect(second?.release.metadata['description']).not.toBe(first?.release.metadata['description']);
  });

  it('gives the KASCADE-like release the sky seen up to 40° from the zenith at Karlsruhe', () => {
    for (const release of kascadeLikeVersions()) {
      expect(release.metadata['skyCoverage']).toEqual([
        { '@type': 'SkyBox', frame: 'icrs', lonMin: 0, lonMax: 360, latMin: 9.1, latMax: 89.1 },
      ]);
    }
  });

  it('gives the KASCADE-like release the energy range of its generator, holding every event of its CSV', () => {
    for (const release of kascadeLikeVersions()) {
      const range = release.metadata['energyRange'] as {
        minValue: number;
        maxValue: number;
        unitText: string;
      };
      expect(range.unitText).toBe('GeV');
      const [header = '', ...rows] = csvOf(release).trimEnd().split('\n');
      const column = header.split(',').indexOf('lgE');
      const energies = rows.map((row) => 10 ** Number(row.split(',')[column]));
      expect(energies.length).toBeGreaterThan(0);
      // lgE is lg(E/GeV), written with a few decimals; allow for the rounding of 10 ** lgE.
      expect(range.minValue).toBeLessThanOrEqual(Math.min(...energies) * (1 + 1e-12));
      expect(range.maxValue).toBeGreaterThanOrEqual(Math.max(...energies) * (1 - 1e-12));
      expect(range.minValue).toBeCloseTo(10 ** 5.5, 6);
      expect(range.maxValue).toBe(1e9);
    }
  });

  it('describes each KASCADE-like column as a measured variable', () => {
    for (const release of kascadeLikeVersions()) {
      const variables = release.metadata['variableMeasured'] as { name: string }[];

      expect(variables.map((variable) => variable.name)).toEqual(KASCADE_LIKE_COLUMNS.map((c) => c.name));
    }
  });
});

describe('DEMO_GROUPS', () => {
  it('forms a tree with unique slugs, parents listed before their children', () => {
    const seen = new Set<string>();
    for (const group of DEMO_GROUPS) {
      expect(seen.has(group.slug)).toBe(false);
      if (group.parent !== undefined) {
        expect(seen.has(group.parent)).toBe(true);
      }
      seen.add(group.slug);
    }
  });
});
