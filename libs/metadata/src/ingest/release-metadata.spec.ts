import { describe, expect, it } from '@jest/globals';
import { readReleaseMetadata } from './release-metadata.js';

/** A canonical release description with nothing but what the sky and energy checks need around them. */
const BASE = { '@context': 'https://w3id.org/apdc/context/v1', '@type': 'Dataset', name: 'x' };

function read(properties: Record<string, unknown>) {
  return readReleaseMetadata({ ...BASE, ...properties });
}

const cone = (properties: Record<string, unknown> = {}) => ({
  '@type': 'SkyCone',
  frame: 'icrs',
  lon: 94.3,
  lat: -7.8,
  radius: 3,
  ...properties,
});

const box = (properties: Record<string, unknown> = {}) => ({
  '@type': 'SkyBox',
  frame: 'galactic',
  lonMin: 250,
  lonMax: 65,
  latMin: -3.5,
  latMax: 3.5,
  ...properties,
});

const energy = (properties: Record<string, unknown>) => ({
  '@type': 'QuantitativeValue',
  unitText: 'TeV',
  ...properties,
});

describe(readReleaseMetadata.name, () => {
  it('reads no sky coverage and no energy range when neither is given', () => {
    const sut = read({});
    expect(sut.violations).toEqual([]);
    expect(sut.metadata.skyCoverage).toEqual([]);
    expect(sut.metadata.energyRange).toBeNull();
  });

  describe('skyCoverage', () => {
    it('reads "all-sky", alone or as the one entry of a list', () => {
      for (const skyCoverage of ['all-sky', ['all-sky']]) {
        const sut = read({ skyCoverage });
        expect(sut.violations).toEqual([]);
        expect(sut.metadata.skyCoverage).toEqual([{ kind: 'all-sky' }]);
      }
    });

    it('reads cones and boxes in both frames, a box through longitude 0 and a full circle of longitude', () => {
      const sut = read({
        skyCoverage: [
          cone(),
          box(),
          box({ frame: 'icrs', lonMin: 0, lonMax: 360, latMin: -90, latMax: 45 }),
          cone({ frame: 'galactic', lon: 360, lat: 90, radius: 180 }),
        ],
      });
      expect(sut.violations).toEqual([]);
      expect(sut.metadata.skyCoverage).toEqual([
        { kind: 'cone', frame: 'icrs', lon: 94.3, lat: -7.8, radius: 3 },
        { kind: 'box', frame: 'galactic', lonMin: 250, lonMax: 65, latMin: -3.5, latMax: 3.5 },
        { kind: 'box', frame: 'icrs', lonMin: 0, lonMax: 360, latMin: -90, latMax: 45 },
        { kind: 'cone', frame: 'galactic', lon: 360, lat: 90, radius: 180 },
      ]);
    });

    it.each([
      ['a keyword other than all-sky', 'whole-sky', '/skyCoverage/1', /"all-sky", a SkyCone or a SkyBox/],
      ['a number', 42, '/skyCoverage/1', /"all-sky", a SkyCone or a SkyBox/],
      ['a node of another type', { '@type': 'Place', name: 'sky' }, '/skyCoverage/1/@type', /SkyCone/],
      ['a node without a type', { lon: 1, lat: 2, radius: 3 }, '/skyCoverage/1/@type', /SkyCone/],
      ['a cone without a frame', cone({ frame: undefined }), '/skyCoverage/1/frame', /icrs, galactic/],
      ['a cone in an unknown frame', cone({ frame: 'fk5' }), '/skyCoverage/1/frame', /icrs, galactic/],
      ['a cone without a radius', cone({ radius: undefined }), '/skyCoverage/1/radius', /finite/],
      ['a cone of radius 0', cone({ radius: 0 }), '/skyCoverage/1/radius', /\(0, 180\]/],
      ['a cone of radius 200', cone({ radius: 200 }), '/skyCoverage/1/radius', /\(0, 180\]/],
      ['a cone with a text radius', cone({ radius: '3' }), '/skyCoverage/1/radius', /finite number/],
      ['a cone with an infinite radius', cone({ radius: Infinity }), '/skyCoverage/1/radius', /finite/],
      ['a cone at longitude 361', cone({ lon: 361 }), '/skyCoverage/1/lon', /\[0, 360\]/],
      ['a cone at longitude -1', cone({ lon: -1 }), '/skyCoverage/1/lon', /\[0, 360\]/],
      ['a cone at latitude 91', cone({ lat: 91 }), '/skyCoverage/1/lat', /\[-90, 90\]/],
      ['a cone with another property', cone({ name: 'x' }), '/skyCoverage/1/name', /unknown property/],
      ['a box with a radius', box({ radius: 1 }), '/skyCoverage/1/radius', /unknown property/],
      ['a box at lonMax 400', box({ lonMax: 400 }), '/skyCoverage/1/lonMax', /\[0, 360\]/],
      ['a box at latMin -91', box({ latMin: -91 }), '/skyCoverage/1/latMin', /\[-90, 90\]/],
      ['a box without latMax', box({ latMax: undefined }), '/skyCoverage/1/latMax', /finite/],
      ['an upside-down box', box({ latMin: 4, latMax: 3 }), '/skyCoverage/1/latMin', /greater than latMax/],
    ])('refuses %s, at its pointer', (_, region, path, message) => {
      const sut = read({ skyCoverage: [cone(), JSON.parse(JSON.stringify(region)) as unknown] });
      expect(sut.violations).toEqual([{ path, message: expect.stringMatching(message) as unknown }]);
      expect(sut.metadata.skyCoverage).toEqual([
        { kind: 'cone', frame: 'icrs', lon: 94.3, lat: -7.8, radius: 3 },
      ]);
    });

    it('points a cone written with ra and dec to lon and lat with frame icrs', () => {
      const { '@type': type, radius } = cone();
      const sut = read({ skyCoverage: [{ '@type': type, ra: 94.3, dec: -7.8, radius }] });
      expect(sut.violations).toEqual(
        expect.arrayContaining([
          { path: '/skyCoverage/0/ra', message: expect.stringMatching(/write lon with "frame": "icrs"/) },
          { path: '/skyCoverage/0/dec', message: expect.stringMatching(/write lat with "frame": "icrs"/) },
          { path: '/skyCoverage/0/lon', message: expect.stringMatching(/finite/) },
        ]),
      );
    });

    it('reports every bad region and every bad number at once', () => {
      const sut = read({ skyCoverage: [cone({ lon: 400, radius: -1 }), box({ frame: 'fk4' })] });
      expect(sut.violations.map((violation) => violation.path)).toEqual([
        '/skyCoverage/0/lon',
        '/skyCoverage/0/radius',
        '/skyCoverage/1/frame',
      ]);
    });

    it('refuses "all-sky" beside other regions, and more than 100 regions', () => {
      expect(read({ skyCoverage: ['all-sky', cone()] }).violations).toEqual([
        { path: '/skyCoverage', message: expect.stringMatching(/give it alone/) },
      ]);
      expect(read({ skyCoverage: Array.from({ length: 101 }, () => cone()) }).violations).toEqual([
        { path: '/skyCoverage', message: 'at most 100 regions' },
      ]);
    });
  });

  describe('energyRange', () => {
    it.each([
      [{ minValue: 100 }, { minEv: 1e14, maxEv: null }],
      [
        { maxValue: 2, unitText: 'GeV' },
        { minEv: null, maxEv: 2e9 },
      ],
      [
        { minValue: 10, maxValue: 2000, unitText: 'GeV' },
        { minEv: 1e10, maxEv: 2e12 },
      ],
      [
        { minValue: 72, maxValue: 2600, unitText: 'PeV' },
        { minEv: 7.2e16, maxEv: 2.6e18 },
      ],
      [
        { minValue: 52, unitText: 'EeV' },
        { minEv: 5.2e19, maxEv: null },
      ],
      [
        { minValue: 0.5, maxValue: 0.5, unitText: 'ZeV' },
        { minEv: 5e20, maxEv: 5e20 },
      ],
      [
        { minValue: 1, maxValue: 511, unitText: 'keV' },
        { minEv: 1e3, maxEv: 5.11e5 },
      ],
      [
        { minValue: 13.6, unitText: 'eV' },
        { minEv: 13.6, maxEv: null },
      ],
      [
        { minValue: 1, unitText: 'MeV' },
        { minEv: 1e6, maxEv: null },
      ],
    ])('reads %j in electronvolts', (properties, expected) => {
      const sut = read({ energyRange: energy(properties) });
      expect(sut.violations).toEqual([]);
      expect(sut.metadata.energyRange).toEqual(expected);
    });

    it.each([
      ['a text', '100 TeV', '/energyRange', /QuantitativeValue/],
      ['two ranges', [energy({ minValue: 1 }), energy({ minValue: 2 })], '/energyRange', /one energy range/],
      ['no type', { minValue: 1, unitText: 'TeV' }, '/energyRange/@type', /QuantitativeValue/],
      ['another type', energy({ '@type': 'PropertyValue', minValue: 1 }), '/energyRange/@type', /Quantit/],
      ['no unit', energy({ unitText: undefined, minValue: 1 }), '/energyRange/unitText', /^required: .*eV/],
      ['a miscased unit', energy({ unitText: 'tev', minValue: 1 }), '/energyRange/unitText', /TeV/],
      ['millielectronvolts', energy({ unitText: 'meV', minValue: 1 }), '/energyRange/unitText', /one of eV/],
      ['ergs', energy({ unitText: 'erg', minValue: 1 }), '/energyRange/unitText', /MeV, GeV, TeV/],
      ['a unit code', energy({ unitCode: 'A53', minValue: 1 }), '/energyRange/unitCode', /unknown/],
      ['a zero minimum', energy({ minValue: 0 }), '/energyRange/minValue', /positive finite/],
      ['a negative maximum', energy({ maxValue: -1 }), '/energyRange/maxValue', /positive finite/],
      ['a text minimum', energy({ minValue: '100' }), '/energyRange/minValue', /positive finite/],
      ['an infinite maximum', energy({ maxValue: Infinity }), '/energyRange/maxValue', /positive finite/],
      ['neither end', energy({}), '/energyRange', /minValue, a maxValue or both/],
      ['an inverted range', energy({ minValue: 10, maxValue: 2 }), '/energyRange/minValue', /10 > 2/],
      ['a range beyond numbers', energy({ minValue: 1e300, unitText: 'ZeV' }), '/energyRange', /too large/],
    ])('refuses %s, at its pointer', (_, energyRange, path, message) => {
      const sut = read({ energyRange });
      expect(sut.violations).toEqual([{ path, message: expect.stringMatching(message) as unknown }]);
      expect(sut.metadata.energyRange).toBeNull();
    });

    it('reports a bad unit, a bad end and an unknown property at once', () => {
      const sut = read({ energyRange: energy({ unitText: 'erg', minValue: -1, maxValue: 3, note: 'x' }) });
      expect(sut.violations.map((violation) => violation.path).sort()).toEqual([
        '/energyRange/minValue',
        '/energyRange/note',
        '/energyRange/unitText',
      ]);
    });
  });
});
