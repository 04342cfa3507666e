import { describe, expect, it } from '@jest/globals';
import { readReleaseMetadata } from './release-metadata.js';
import { shaclViolations } from './shacl-validation.js';

/** A release description in canonical form that satisfies the shapes. */
const VALID = {
  '@context': 'https://w3id.org/apdc/context/v1',
  '@type': 'Dataset',
  name: 'KM3-230213A',
  description: 'One ultra-high-energy neutrino event.',
  license: 'https://spdx.org/licenses/BSD-3-Clause',
  creator: [{ '@type': 'Organization', name: 'KM3NeT Collaboration' }],
  skyCoverage: [
    { '@type': 'SkyCone', frame: 'icrs', lon: 94.3, lat: -7.8, radius: 3 },
    { '@type': 'SkyBox', frame: 'galactic', lonMin: 250, lonMax: 65, latMin: -3.5, latMax: 3.5 },
  ],
  energyRange: { '@type': 'QuantitativeValue', minValue: 72, maxValue: 2600, unitText: 'PeV' },
};

const cone = (properties: Record<string, unknown>) => ({
  ...VALID,
  skyCoverage: [{ ...VALID.skyCoverage[0], ...properties }],
});
const box = (properties: Record<string, unknown>) => ({
  ...VALID,
  skyCoverage: [{ ...VALID.skyCoverage[1], ...properties }],
});
const energy = (properties: Record<string, unknown>) => ({
  ...VALID,
  energyRange: { ...VALID.energyRange, ...properties },
});

// The shapes are the shareable contract: on their own they must refuse what the checks in code refuse.
describe('release shapes: sky coverage and energy range', () => {
  it('accept all-sky, cones and boxes, and an energy range open at either end', async () => {
    expect(await shaclViolations(VALID)).toEqual([]);
    expect(await shaclViolations({ ...VALID, skyCoverage: ['all-sky'] })).toEqual([]);
    expect(await shaclViolations(energy({ maxValue: undefined }))).toEqual([]);
    expect(await shaclViolations(energy({ minValue: undefined }))).toEqual([]);
  });

  it.each([
    ['a keyword other than all-sky', { ...VALID, skyCoverage: ['whole-sky'] }, '/skyCoverage'],
    ['a cone without a frame', cone({ frame: undefined }), '/skyCoverage/0/frame'],
    ['a cone in an unknown frame', cone({ frame: 'fk5' }), '/skyCoverage/0/frame'],
    ['a cone at longitude 361', cone({ lon: 361 }), '/skyCoverage/0/lon'],
    ['a cone at latitude -91', cone({ lat: -91 }), '/skyCoverage/0/lat'],
    ['a cone of radius 0', cone({ radius: 0 }), '/skyCoverage/0/radius'],
    ['a cone of radius 180.5', cone({ radius: 180.5 }), '/skyCoverage/0/radius'],
    ['a cone with a text radius', cone({ radius: 'three' }), '/skyCoverage/0/radius'],
    ['a box without lonMin', box({ lonMin: undefined }), '/skyCoverage/0/lonMin'],
    ['a box at lonMax 400', box({ lonMax: 400 }), '/skyCoverage/0/lonMax'],
    ['an upside-down box', box({ latMin: 4, latMax: 3 }), '/skyCoverage/0/latMin'],
    ['two energy ranges', { ...VALID, energyRange: [VALID.energyRange, VALID.energyRange] }, '/energyRange'],
    ['an energy range of another type', energy({ '@type': 'PropertyValue' }), '/energyRange'],
    ['an energy range without a unit', energy({ unitText: undefined }), '/energyRange/unitText'],
    ['an energy range in ergs', energy({ unitText: 'erg' }), '/energyRange/unitText'],
    ['a zero minimum', energy({ minValue: 0 }), '/energyRange/minValue'],
    ['a negative maximum', energy({ maxValue: -5 }), '/energyRange/maxValue'],
    ['an inverted energy range', energy({ minValue: 3000 }), '/energyRange/minValue'],
    ['an energy range without ends', energy({ minValue: undefined, maxValue: undefined }), '/energyRange'],
  ])('refuse %s, where the checks in code do', async (_, document, path) => {
    const paths = (
      await shaclViolations(JSON.parse(JSON.stringify(document)) as Record<string, unknown>)
    ).map((violation) => violation.path);
    expect(paths).toContain(path);
    const fromCode = readReleaseMetadata(JSON.parse(JSON.stringify(document))).violations;
    expect(
      fromCode.some((violation) => violation.path === path || violation.path.startsWith(`${path}/`)),
    ).toBe(true);
  });
});
