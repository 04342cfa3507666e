import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { type DatasetSchema, DatasetSchemaError, findObservable } from './dataset-schema.js';
import { parseDatasetSchema } from './parse-dataset-schema.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLES = path.resolve(HERE, '../../examples');
const SHARED_DATA = path.resolve(HERE, '../../../../../shared/data');

function example(name: string): DatasetSchema {
  return parseDatasetSchema(readFileSync(path.join(EXAMPLES, name), 'utf8'), name);
}

function problemsOf(text: string, file = 'test.yaml'): readonly string[] {
  try {
    parseDatasetSchema(text, file);
  } catch (error) {
    if (error instanceof DatasetSchemaError) return error.problems;
    throw error;
  }
  throw new Error('expected a DatasetSchemaError');
}

function yamlWith(observables: string, extra = ''): string {
  return `schema: 1\n${extra}observables:\n${observables}`;
}

const ENERGY = '  - { name: energy, type: float64, unit: GeV, description: Energy, cuttable: true }\n';

describe(parseDatasetSchema.name, () => {
  describe('examples', () => {
    it('parses icecat-1.yaml with the columns of the real CSV, in order', () => {
      const sut = example('icecat-1.yaml');
      const csv = readFileSync(
        path.join(SHARED_DATA, 'icecube-icecat1/IceCube_Gold_Bronze_Tracks.csv'),
        'utf8',
      );
      const header = (csv.split('\n')[0] ?? '').trim().split(',');

      expect(header).toHaveLength(22);
      expect(sut.observables.map((o) => o.name)).toEqual(header.map((column) => column.toLowerCase()));
      expect(sut.time).toBe('start');
      expect(sut.sky).toEqual({ ra: 'ra', dec: 'dec', frame: 'icrs' });
      expect(findObservable(sut, 'energy')?.unit).toBe('TeV');
      expect(findObservable(sut, 'eventmjd')).toMatchObject({ type: 'float64', format: 'mjd', unit: 'd' });
      expect(findObservable(sut, 'cr_veto')?.type).toBe('bool');
    });

    it('gives icecat-1.yaml the units SOURCE.txt states', () => {
      const sut = example('icecat-1.yaml');
      const source = readFileSync(path.join(SHARED_DATA, 'icecube-icecat1/SOURCE.txt'), 'utf8');

      expect(source).toMatch(/RA, DEC \[deg J2000\]/);
      expect(source).toMatch(/ENERGY \[TeV\]/);
      expect(source).toMatch(/FAR \[1\/yr\]/);
      for (const name of ['ra', 'dec', 'ra_err_plus', 'ra_err_minus', 'dec_err_plus', 'dec_err_minus']) {
        expect(findObservable(sut, name)?.unit).toBe('deg');
      }
      expect(findObservable(sut, 'far')?.unit).toBe('yr**-1');
    });

    it('parses auger-uhecr.yaml with the HDF5 datasets SOURCE.txt lists', () => {
      const sut = example('auger-uhecr.yaml');
      const source = readFileSync(path.join(SHARED_DATA, 'auger-uhecr-hdf5/SOURCE.txt'), 'utf8');
      const line = /Datasets per group[^:]*:(.*)/.exec(source)?.[1] ?? '';
      const datasets = line.split(',').map((item) => item.trim().split(/[\s[(]/)[0]);

      expect(datasets).toEqual(['year', 'day', 'ra', 'dec', 'glon', 'glat', 'theta', 'energy']);
      expect(sut.observables.map((o) => o.name)).toEqual(datasets);
      expect(line).toMatch(/energy \[EeV\]/);
      expect(findObservable(sut, 'energy')?.unit).toBe('EeV');
      expect(findObservable(sut, 'theta')?.unit).toBe('deg');
      expect(sut.time).toBeNull();
      expect(sut.sky?.frame).toBe('icrs');
    });

    it('parses kascade-like.yaml with the KCDC quantities the data README names', () => {
      const sut = example('kascade-like.yaml');
      const readme = readFileSync(path.join(SHARED_DATA, 'README.md'), 'utf8');

      for (const quantity of [
        'lgE',
        'X/Y',
        'Ze',
        'Az',
        'lgNe',
        'lgNmu',
        'age',
        'time',
        'temperature',
        'pressure',
      ]) {
        expect(readme).toContain(quantity);
      }
      expect(sut.observables.map((o) => o.name)).toEqual([
        'event_time',
        'lg_e',
        'core_x',
        'core_y',
        'zenith',
        'azimuth',
        'lg_ne',
        'lg_nmu',
        'age',
        'air_temperature',
        'air_pressure',
      ]);
      expect(sut.time).toBe('event_time');
      expect(sut.sky).toBeNull();
      expect(findObservable(sut, 'air_pressure')?.unit).toBe('hPa');
    });
  });

  it('fills defaults and freezes the result', () => {
    const sut = parseDatasetSchema(yamlWith('  - { name: n_hits, type: int32, description: Hits }\n'));

    expect(sut).toEqual({
      schema: 1,
      release: null,
      time: null,
      sky: null,
      observables: [
        {
          name: 'n_hits',
          type: 'int32',
          unit: null,
          ucd: null,
          description: 'Hits',
          validRange: null,
          shape: null,
          format: null,
          cuttable: false,
        },
      ],
    });
    expect(Object.isFrozen(sut)).toBe(true);
    expect(Object.isFrozen(sut.observables[0])).toBe(true);
  });

  it('accepts an array observable with a shape', () => {
    const sut = parseDatasetSchema(
      yamlWith(`${ENERGY}  - { name: waveform, type: float32, shape: [4, 128], description: Traces }\n`),
    );

    expect(findObservable(sut, 'waveform')?.shape).toEqual([4, 128]);
  });

  it('reports YAML syntax errors with line and column', () => {
    const problems = problemsOf('schema: 1\nobservables: [\n', 'bad.yaml');

    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^bad\.yaml: line \d+, column \d+: /);
  });

  it('reports duplicate YAML keys', () => {
    expect(problemsOf('schema: 1\nschema: 1\nobservables: []\n')[0]).toMatch(/line 2, column 1: .*unique/i);
  });

  it('reports structural problems with key paths', () => {
    const problems = problemsOf(
      'schema: 2\ncolour: red\nobservables:\n  - { name: Energy, type: float128, description: "", extra: 1 }\n',
    );

    expect(problems).toEqual(
      expect.arrayContaining([
        'test.yaml: schema: must be the format version 1 (got 2)',
        'test.yaml: colour: unknown key (allowed here: schema, release, observables, time, sky)',
        expect.stringMatching(/^test\.yaml: observables\[0\]\.name: must be a snake_case name/),
        expect.stringMatching(/^test\.yaml: observables\[0\]\.type: must be one of int16, /),
        expect.stringMatching(/^test\.yaml: observables\[0\]\.description: must be a non-empty text/),
        expect.stringMatching(/^test\.yaml: observables\[0\]\.extra: unknown key/),
      ]),
    );
  });

  it('reports missing required keys and an empty document', () => {
    expect(problemsOf('observables: []\n')).toEqual(
      expect.arrayContaining([
        'test.yaml: schema: missing',
        expect.stringMatching(/^test\.yaml: observables: must be a non-empty list/),
      ]),
    );
    expect(problemsOf('')).toEqual([expect.stringMatching(/^test\.yaml: \(root\): /)]);
  });

  it('refuses names longer than 63 characters, duplicates and reserved SQL words', () => {
    const long = 'a'.repeat(64);
    const problems = problemsOf(
      yamlWith(
        `${ENERGY}${ENERGY}  - { name: select, type: int16, description: x }\n  - { name: user, type: int16, description: x }\n  - { name: ${long}, type: int16, description: x }\n`,
      ),
    );

    expect(problems).toEqual([
      expect.stringMatching(/^test\.yaml: observables\[4\]\.name: must be a snake_case name of at most 63/),
      'test.yaml: observables[1].name: duplicate observable "energy" (also observables[0])',
      'test.yaml: observables[2].name: "select" is a reserved SQL word; choose another name',
      'test.yaml: observables[3].name: "user" is a reserved SQL word; choose another name',
    ]);
  });

  it('checks units against the VOUnit subset and UCDs for syntax', () => {
    const problems = problemsOf(
      yamlWith(
        [
          '  - { name: a, type: float64, unit: GeV.m**-2.s**-1.sr**-1, ucd: phys.flux;em.gamma, description: ok }',
          '  - { name: b, type: float64, unit: furlong, description: x }',
          '  - { name: c, type: float64, unit: "m^2", description: x }',
          '  - { name: d, type: float64, unit: "", description: x }',
          '  - { name: e, type: float64, ucd: "phys energy", description: x }',
          '  - { name: f, type: float64, ucd: "phys.energy;;meta.main", description: x }',
          '  - { name: g, type: float64, unit: kdeg, description: x }',
          '',
        ].join('\n'),
      ),
    );

    expect(problems).toEqual([
      expect.stringMatching(/^test\.yaml: observables\[1\]\.unit: "furlong": unknown unit "furlong"/),
      expect.stringMatching(/^test\.yaml: observables\[2\]\.unit: "m\^2" is not a VOUnit/),
      expect.stringMatching(/^test\.yaml: observables\[3\]\.unit: must not be empty/),
      expect.stringMatching(/^test\.yaml: observables\[4\]\.ucd: "phys energy" is not a UCD/),
      expect.stringMatching(/^test\.yaml: observables\[5\]\.ucd: .*"" is not a word/),
      expect.stringMatching(/^test\.yaml: observables\[6\]\.unit: "kdeg": unknown unit "kdeg"/),
    ]);
  });

  it('checks valid ranges, mjd, shapes and cuttable', () => {
    const problems = problemsOf(
      yamlWith(
        [
          '  - { name: a, type: string, validRange: { min: 0, max: 1 }, description: x }',
          '  - { name: b, type: float64, validRange: { min: 2, max: 1 }, description: x }',
          '  - { name: c, type: float64, validRange: { min: .nan, max: .inf }, description: x }',
          '  - { name: d, type: float32, format: mjd, unit: s, description: x }',
          '  - { name: e, type: float32, shape: [3], cuttable: true, description: x }',
          '  - { name: f, type: timestamp, cuttable: true, description: x }',
          '  - { name: g, type: int16, shape: [0], description: x }',
          '',
        ].join('\n'),
      ),
    );

    expect(problems).toEqual(
      expect.arrayContaining([
        'test.yaml: observables[0].validRange: applies to numeric observables only, not to type string',
        'test.yaml: observables[1].validRange: min (2) is greater than max (1)',
        expect.stringMatching(/^test\.yaml: observables\[2\]\.validRange\.min: /),
        expect.stringMatching(/^test\.yaml: observables\[2\]\.validRange\.max: /),
        'test.yaml: observables[3].format: mjd needs type float64 (got float32)',
        'test.yaml: observables[3].unit: an mjd observable has unit d (got "s")',
        'test.yaml: observables[4].cuttable: array observables (with a shape) cannot be cuttable',
        expect.stringMatching(
          /^test\.yaml: observables\[5\]\.cuttable: timestamps are selected with the time/,
        ),
        expect.stringMatching(/^test\.yaml: observables\[6\]\.shape\[0\]: must be a positive integer/),
      ]),
    );
  });

  it('checks the time and sky observables', () => {
    const observables = [
      '  - { name: t, type: float64, description: x }',
      '  - { name: ra, type: float64, unit: deg, description: x }',
      '  - { name: lat, type: int32, unit: rad, description: x }',
      '',
    ].join('\n');

    expect(problemsOf(yamlWith(observables, 'time: t\nsky: { ra: ra, dec: lat, frame: icrs }\n'))).toEqual([
      'test.yaml: time: "t" must be a scalar timestamp, or a float64 with format mjd (got "float64")',
      'test.yaml: sky.dec: "lat" must be a scalar float32 or float64 (got "int32")',
      'test.yaml: sky.dec: "lat" must have unit deg (got "rad")',
    ]);
    expect(problemsOf(yamlWith(observables, 'time: when\nsky: { ra: ra, dec: ra, frame: fk4 }\n'))).toEqual([
      expect.stringMatching(/^test\.yaml: sky\.frame: must be icrs or galactic/),
      'test.yaml: time: names no declared observable ("when")',
      'test.yaml: sky: ra and dec name the same observable ("ra")',
    ]);
    expect(problemsOf(yamlWith(observables, 'sky: { ra: alpha, dec: ra, frame: icrs }\n'))).toEqual([
      'test.yaml: sky.ra: names no declared observable ("alpha")',
    ]);
  });

  it('accepts an mjd float64 as the time observable', () => {
    const sut = parseDatasetSchema(
      yamlWith('  - { name: mjd, type: float64, format: mjd, unit: d, description: x }\n', 'time: mjd\n'),
    );

    expect(sut.time).toBe('mjd');
  });

  it('names the file in the error message', () => {
    expect(() => parseDatasetSchema('schema: 1\n', 'x/y.yaml')).toThrow(
      /^x\/y\.yaml: invalid dataset schema/,
    );
  });
});
