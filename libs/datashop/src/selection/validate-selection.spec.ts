import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { DatasetSchema } from '../schema/dataset-schema.js';
import { parseDatasetSchema } from '../schema/parse-dataset-schema.js';
import { validateSelection } from './validate-selection.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

function example(name: string): DatasetSchema {
  return parseDatasetSchema(readFileSync(path.join(EXAMPLES, `${name}.yaml`), 'utf8'), name);
}

/** A small release with an energy in GeV, a time and a sky position; `extra` YAML adds observables. */
function release(extra = '', header = 'time: t\nsky: { ra: ra, dec: dec, frame: icrs }\n'): DatasetSchema {
  return parseDatasetSchema(
    `schema: 1\n${header}observables:\n` +
      '  - { name: t, type: timestamp, description: time }\n' +
      '  - { name: ra, type: float64, unit: deg, description: ra, cuttable: true }\n' +
      '  - { name: dec, type: float64, unit: deg, description: dec, cuttable: true }\n' +
      '  - { name: energy, type: float64, unit: GeV, description: energy, cuttable: true, validRange: { min: 1, max: 100 } }\n' +
      extra,
  );
}

const schemas: ReadonlyMap<string, DatasetSchema> = new Map([
  ['icecat-1', example('icecat-1')],
  ['auger-uhecr', example('auger-uhecr')],
  ['kascade', example('kascade-like')],
  ['a', release('  - { name: n_hits, type: int32, description: hits, cuttable: true }\n')],
  [
    'b',
    release(
      '  - { name: n_hits, type: int64, description: hits, cuttable: true }\n' +
        '  - { name: trace, type: float32, shape: [8], description: trace }\n' +
        '  - { name: quality, type: string, description: q }\n',
    ),
  ],
  ['c', release('  - { name: n_hits, type: string, description: hits, cuttable: true }\n')],
  ['d', release('', '')],
  ['gal', release('', 'sky: { ra: ra, dec: dec, frame: galactic }\n')],
  [
    'tev',
    parseDatasetSchema(
      'schema: 1\nobservables:\n  - { name: energy, type: float64, unit: TeV, description: e, cuttable: true }\n',
    ),
  ],
]);

function violationsOf(input: unknown): readonly { path: string; message: string }[] {
  return validateSelection(input, schemas).violations;
}

describe(validateSelection.name, () => {
  it('accepts a full selection on IceCat-1 and returns it unchanged', () => {
    const input = {
      releases: ['icecat-1'],
      cuts: [
        { observable: 'energy', min: 100, maxExclusive: true, max: 1000 },
        { observable: 'i3type', in: ['gfu-gold'] },
        { observable: 'cr_veto', in: [false] },
      ],
      time: { from: '2017-01-01', to: '2018-01-01T00:00:00Z' },
      cone: { ra: 77.36, dec: 5.69, radius: 3 },
      columns: ['name', 'start', 'ra', 'dec', 'energy'],
    };

    const sut = validateSelection(input, schemas);

    expect(sut.violations).toEqual([]);
    expect(sut.selection).toEqual(input);
  });

  it('accepts a combined selection on observables every release has with the same unit', () => {
    const sut = validateSelection(
      {
        releases: ['icecat-1', 'auger-uhecr'],
        cuts: [{ observable: 'dec', min: -10, max: 10 }],
        cone: { ra: 0, dec: 0, radius: 180 },
      },
      schemas,
    );

    expect(sut.violations).toEqual([]);
  });

  it('refuses input that is not an object', () => {
    for (const input of [null, 3, 'x', [], undefined]) {
      expect(violationsOf(input)).toEqual([
        { path: '', message: expect.stringMatching(/^a selection must be an object/) },
      ]);
    }
  });

  it('refuses unknown keys at every level', () => {
    expect(
      violationsOf({
        releases: ['a'],
        where: 'x',
        cuts: [{ observable: 'energy', min: 2, op: '<' }],
        time: { from: '2020-01-01', until: 'now' },
        cone: { ra: 1, dec: 2, radius: 3, frame: 'icrs' },
      }),
    ).toEqual([
      { path: '/where', message: expect.stringMatching(/^unknown key \(allowed here: releases, cuts/) },
      { path: '/cuts/0/op', message: expect.stringMatching(/^unknown key/) },
      { path: '/time/until', message: expect.stringMatching(/^unknown key \(allowed here: from, to\)/) },
      { path: '/cone/frame', message: expect.stringMatching(/^unknown key/) },
    ]);
  });

  describe('releases', () => {
    it('refuses missing, empty, duplicate, unknown and non-string releases', () => {
      expect(violationsOf({})).toEqual([{ path: '/releases', message: expect.stringMatching(/^missing/) }]);
      expect(violationsOf({ releases: 'a' })).toEqual([
        { path: '/releases', message: 'must be a list of release keys (got string "a")' },
      ]);
      expect(violationsOf({ releases: [] })).toEqual([
        { path: '/releases', message: 'must name at least one release' },
      ]);
      expect(violationsOf({ releases: ['a', 'a', 'zzz', 7] })).toEqual([
        { path: '/releases/1', message: 'lists release "a" twice' },
        {
          path: '/releases/2',
          message: expect.stringMatching(/^unknown release "zzz" \(known: a, auger-uhecr, b, /),
        },
        { path: '/releases/3', message: 'must be a release key (got number 7)' },
      ]);
    });
  });

  describe('cuts', () => {
    it('refuses a cut list that is not a list, and cuts that are not objects', () => {
      expect(violationsOf({ releases: ['a'], cuts: {} })).toEqual([
        { path: '/cuts', message: 'must be a list of cuts (got an object)' },
      ]);
      expect(violationsOf({ releases: ['a'], cuts: ['energy > 3'] })).toEqual([
        { path: '/cuts/0', message: expect.stringMatching(/^must be a cut/) },
      ]);
    });

    it('refuses an unknown observable and a missing or empty name', () => {
      expect(
        violationsOf({
          releases: ['a'],
          cuts: [{ observable: 'colour', min: 1 }, { min: 1 }, { observable: '', min: 1 }],
        }),
      ).toEqual([
        { path: '/cuts/0/observable', message: 'release "a" has no observable "colour"' },
        { path: '/cuts/1/observable', message: 'must be the name of an observable (got nothing)' },
        { path: '/cuts/2/observable', message: 'must be the name of an observable (got string "")' },
      ]);
    });

    it('says which releases of a combined selection lack an observable', () => {
      expect(
        violationsOf({
          releases: ['icecat-1', 'auger-uhecr', 'kascade'],
          cuts: [{ observable: 'signal', min: 0.5 }],
        }),
      ).toEqual([
        {
          path: '/cuts/0/observable',
          message: expect.stringMatching(
            /^observable "signal" is missing from release\(s\) "auger-uhecr", "kascade"; a combined/,
          ),
        },
      ]);
    });

    it('refuses combining releases whose observable differs in unit or kind of value', () => {
      expect(
        violationsOf({ releases: ['icecat-1', 'auger-uhecr'], cuts: [{ observable: 'energy', min: 1 }] }),
      ).toEqual([
        {
          path: '/cuts/0/observable',
          message: expect.stringMatching(
            /^"energy" is in EeV in release "auger-uhecr" but in TeV in "icecat-1"/,
          ),
        },
      ]);
      expect(violationsOf({ releases: ['a', 'c'], cuts: [{ observable: 'n_hits', min: 1 }] })).toEqual([
        {
          path: '/cuts/0/observable',
          message: expect.stringMatching(/^"n_hits" is string in release "c" but int32 in "a"/),
        },
      ]);
    });

    it('accepts combining int32 and int64 observables', () => {
      expect(violationsOf({ releases: ['a', 'b'], cuts: [{ observable: 'n_hits', in: [1, 2] }] })).toEqual(
        [],
      );
    });

    it('refuses cuts on non-cuttable, array and timestamp observables', () => {
      expect(
        violationsOf({
          releases: ['b'],
          cuts: [
            { observable: 'quality', in: ['good'] },
            { observable: 'trace', min: 0 },
            { observable: 't', min: 0 },
          ],
        }),
      ).toEqual([
        { path: '/cuts/0/observable', message: '"quality" is not cuttable in release "b"' },
        {
          path: '/cuts/1/observable',
          message: '"trace" is an array observable in release "b"; arrays cannot be cut',
        },
        { path: '/cuts/2/observable', message: '"t" is a timestamp; select event times with the time range' },
      ]);
    });

    it('refuses an empty or inverted range, and exclusivity without its bound', () => {
      expect(
        violationsOf({
          releases: ['a'],
          cuts: [
            { observable: 'energy' },
            { observable: 'energy', min: 50, max: 10 },
            { observable: 'energy', min: 10, max: 10, minExclusive: true },
            { observable: 'energy', min: 10, max: 10 },
            { observable: 'energy', max: 10, minExclusive: false },
            { observable: 'energy', max: 10, maxExclusive: 'yes' },
          ],
        }),
      ).toEqual([
        { path: '/cuts/0', message: 'needs min, max (or both) or in' },
        { path: '/cuts/1', message: 'selects nothing: the range [50, 10] is empty' },
        { path: '/cuts/2', message: 'selects nothing: the range (10, 10] is empty' },
        { path: '/cuts/4/minExclusive', message: 'applies only together with min' },
        { path: '/cuts/5/maxExclusive', message: 'must be true or false (got string "yes")' },
      ]);
    });

    it('refuses NaN, Infinity and numbers given as strings', () => {
      expect(
        violationsOf({
          releases: ['a'],
          cuts: [
            { observable: 'energy', min: Number.NaN },
            { observable: 'energy', max: Number.POSITIVE_INFINITY },
            { observable: 'energy', min: 'NaN' },
            { observable: 'energy', min: '5' },
          ],
        }),
      ).toEqual([
        { path: '/cuts/0/min', message: 'must be a finite number (got NaN)' },
        { path: '/cuts/1/max', message: 'must be a finite number (got Infinity)' },
        { path: '/cuts/2/min', message: 'must be a number (got string "NaN")' },
        { path: '/cuts/3/min', message: 'must be a number (got string "5")' },
      ]);
    });

    it('refuses a range wholly outside the valid range, and accepts one that overlaps it', () => {
      expect(
        violationsOf({
          releases: ['a'],
          cuts: [
            { observable: 'energy', min: 200 },
            { observable: 'energy', max: 1, maxExclusive: true },
            { observable: 'energy', min: 50, max: 5000 },
            { observable: 'energy', max: 1 },
          ],
        }),
      ).toEqual([
        { path: '/cuts/0', message: 'selects nothing in release "a": "energy" lies within [1, 100]' },
        { path: '/cuts/1', message: 'selects nothing in release "a": "energy" lies within [1, 100]' },
      ]);
    });

    it('refuses min and max on a string or boolean observable', () => {
      expect(violationsOf({ releases: ['icecat-1'], cuts: [{ observable: 'i3type', min: 1 }] })).toEqual([
        { path: '/cuts/0', message: 'min and max need a numeric observable; "i3type" is string (use in)' },
      ]);
    });

    it('refuses in with wrong value types, an empty list, too many values, and mixing in with min', () => {
      expect(
        violationsOf({
          releases: ['icecat-1'],
          cuts: [
            { observable: 'i3type', in: ['gfu-gold', 3, null] },
            { observable: 'cr_veto', in: ['FALSE'] },
            { observable: 'runid', in: [1] },
            { observable: 'energy', in: [1.5, 'high', Number.NaN] },
            { observable: 'signal', in: [] },
            { observable: 'signal', in: 'x' },
            { observable: 'signal', in: Array.from({ length: 1001 }, (_, i) => i) },
            { observable: 'signal', in: [1], min: 0 },
            { observable: 'name', in: [{ a: 1 }] },
          ],
        }),
      ).toEqual([
        { path: '/cuts/0/in/1', message: 'must be a string, as "i3type" is (got number 3)' },
        { path: '/cuts/0/in/2', message: 'must be a number, string or boolean (got null)' },
        { path: '/cuts/1/in/0', message: 'must be true or false, as "cr_veto" is (got string "FALSE")' },
        { path: '/cuts/2/observable', message: '"runid" is not cuttable in release "icecat-1"' },
        { path: '/cuts/3/in/1', message: 'must be a number, as "energy" is numeric (got string "high")' },
        { path: '/cuts/3/in/2', message: 'must be a finite number (got NaN)' },
        { path: '/cuts/4/in', message: 'must list at least one value (an empty list selects nothing)' },
        { path: '/cuts/5/in', message: 'must be a list of values (got string "x")' },
        { path: '/cuts/6/in', message: 'lists 1001 values; at most 1000 are allowed' },
        { path: '/cuts/7', message: 'give either in, or min and max, not both' },
        { path: '/cuts/8/in/0', message: 'must be a number, string or boolean (got an object)' },
      ]);
    });

    it('refuses non-integers in an in cut on an integer observable', () => {
      expect(violationsOf({ releases: ['a'], cuts: [{ observable: 'n_hits', in: [1, 2.5] }] })).toEqual([
        { path: '/cuts/0/in/1', message: 'must be an integer, as "n_hits" is (got 2.5)' },
      ]);
    });
  });

  describe('time', () => {
    it('refuses bad, zone-less, impossible and inverted times', () => {
      expect(violationsOf({ releases: ['a'], time: '2020' })).toEqual([
        { path: '/time', message: 'must be a time range { from, to } (got string "2020")' },
      ]);
      expect(violationsOf({ releases: ['a'], time: {} })).toEqual([
        { path: '/time', message: 'give from, to or both (or leave time out)' },
      ]);
      expect(
        violationsOf({ releases: ['a'], time: { from: '2020-01-01T10:00:00', to: '2023-02-30' } }),
      ).toEqual([
        {
          path: '/time/from',
          message: expect.stringMatching(/^must be an ISO 8601 date or date-time with Z or an offset/),
        },
        { path: '/time/to', message: expect.stringMatching(/^must be an ISO 8601 date/) },
      ]);
      expect(
        violationsOf({ releases: ['a'], time: { from: '2021-01-01', to: '2020-12-31T23:00:00+02:00' } }),
      ).toEqual([
        { path: '/time', message: 'from (2021-01-01) must be earlier than to (2020-12-31T23:00:00+02:00)' },
      ]);
      expect(violationsOf({ releases: ['a'], time: { from: 20200101 } })).toEqual([
        { path: '/time/from', message: expect.stringMatching(/\(got number 20200101\)$/) },
      ]);
    });

    it('accepts an open-ended range with an offset and fractional seconds', () => {
      expect(violationsOf({ releases: ['a'], time: { to: '2017-09-22T20:54:30.43+02:00' } })).toEqual([]);
    });

    it('refuses a time range on a release without an event time', () => {
      expect(violationsOf({ releases: ['icecat-1', 'auger-uhecr'], time: { from: '2010-01-01' } })).toEqual([
        {
          path: '/time',
          message: 'release "auger-uhecr" declares no event time; it cannot be selected by time',
        },
      ]);
    });
  });

  describe('cone', () => {
    it('refuses coordinates and radii out of range, missing and non-finite values', () => {
      expect(violationsOf({ releases: ['a'], cone: { ra: 360, dec: -91, radius: 500 } })).toEqual([
        { path: '/cone/ra', message: 'must be at least 0 and less than 360 degrees (got 360)' },
        { path: '/cone/dec', message: 'must be between -90 and 90 degrees (got -91)' },
        { path: '/cone/radius', message: 'must be greater than 0 and at most 180 degrees (got 500)' },
      ]);
      expect(violationsOf({ releases: ['a'], cone: { ra: -1, dec: Number.NaN, radius: 0 } })).toEqual([
        { path: '/cone/ra', message: 'must be at least 0 and less than 360 degrees (got -1)' },
        { path: '/cone/dec', message: 'must be a finite number (got NaN)' },
        { path: '/cone/radius', message: 'must be greater than 0 and at most 180 degrees (got 0)' },
      ]);
      expect(violationsOf({ releases: ['a'], cone: { ra: '10' } })).toEqual([
        { path: '/cone/ra', message: 'must be a number (got string "10")' },
        { path: '/cone/dec', message: 'must be a number (got nothing)' },
        { path: '/cone/radius', message: 'must be a number (got nothing)' },
      ]);
      expect(violationsOf({ releases: ['a'], cone: [1, 2, 3] })).toEqual([
        { path: '/cone', message: expect.stringMatching(/^must be a cone/) },
      ]);
    });

    it('refuses a cone on a release without sky positions or with galactic ones', () => {
      expect(violationsOf({ releases: ['kascade', 'gal'], cone: { ra: 1, dec: 2, radius: 3 } })).toEqual([
        {
          path: '/cone',
          message: 'release "kascade" declares no sky position; it cannot be selected by a cone',
        },
        { path: '/cone', message: 'release "gal" gives galactic positions; cones are in ICRS' },
      ]);
    });
  });

  describe('columns', () => {
    it('refuses unknown, duplicate, empty and non-string columns', () => {
      expect(violationsOf({ releases: ['a', 'd'], columns: ['energy', 'energy', 'n_hits', 5] })).toEqual([
        { path: '/columns/1', message: 'lists "energy" twice' },
        {
          path: '/columns/2',
          message: expect.stringMatching(/^observable "n_hits" is missing from release\(s\) "d"/),
        },
        { path: '/columns/3', message: 'must be the name of an observable (got number 5)' },
      ]);
      expect(violationsOf({ releases: ['a'], columns: [] })).toEqual([
        { path: '/columns', message: 'must name at least one observable (leave columns out for all)' },
      ]);
      expect(violationsOf({ releases: ['a'], columns: 'energy' })).toEqual([
        { path: '/columns', message: 'must be a list of observable names (got string "energy")' },
      ]);
    });

    it('allows non-cuttable and array observables as columns', () => {
      expect(violationsOf({ releases: ['b'], columns: ['trace', 'quality', 't'] })).toEqual([]);
    });
  });

  it('reports every problem of a selection at once', () => {
    const violations = violationsOf({
      releases: ['icecat-1', 'auger-uhecr', 'nope'],
      cuts: [{ observable: 'signal', min: 2, max: 1 }],
      time: { from: 'yesterday' },
      cone: { ra: 0, dec: 0, radius: 500 },
      columns: ['glon'],
      sort: 'energy',
    });

    expect(violations.map((v) => v.path)).toEqual([
      '/sort',
      '/releases/2',
      '/cuts/0/observable',
      '/cuts/0',
      '/time/from',
      '/time',
      '/cone/radius',
      '/columns/0',
    ]);
  });

  it('never throws on arbitrary input and returns violations instead', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (input) => {
        const result = validateSelection(input, schemas);
        expect(Array.isArray(result.violations)).toBe(true);
        expect(Array.isArray(result.selection.releases)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on selection-shaped input and accepts it only with valid parts', () => {
    const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom('NaN', null, 1e308));
    const name = fc.constantFrom('energy', 'ra', 'dec', 'signal', 'i3type', 'n_hits', 'trace', 't', 'x');
    const cut = fc.oneof(
      fc.record(
        {
          observable: name,
          min: number,
          max: number,
          minExclusive: fc.boolean(),
          maxExclusive: fc.anything(),
        },
        { requiredKeys: ['observable'] },
      ),
      fc.record({
        observable: name,
        in: fc.array(fc.oneof(fc.string(), fc.double(), fc.boolean()), { maxLength: 4 }),
      }),
    );
    const selection = fc.record(
      {
        releases: fc.uniqueArray(
          fc.constantFrom('icecat-1', 'auger-uhecr', 'kascade', 'a', 'b', 'c', 'd', 'zz'),
        ),
        cuts: fc.array(cut, { maxLength: 4 }),
        time: fc.record({
          from: fc.oneof(
            fc.string(),
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          ),
        }),
        cone: fc.record({ ra: number, dec: number, radius: number }),
        columns: fc.array(name, { maxLength: 3 }),
      },
      { requiredKeys: ['releases'] },
    );
    fc.assert(
      fc.property(selection, (input) => {
        const { selection: out, violations } = validateSelection(input, schemas);
        if (violations.length === 0) {
          expect(out.releases.length).toBeGreaterThan(0);
          expect(out.cuts).toHaveLength(input.cuts?.length ?? 0);
          for (const c of out.cuts) {
            if ('min' in c && c.min !== undefined) expect(Number.isFinite(c.min)).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
