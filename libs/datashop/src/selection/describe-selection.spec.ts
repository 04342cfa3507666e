import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parseDatasetSchema } from '../schema/parse-dataset-schema.js';
import { describeSelection } from './describe-selection.js';
import { parseIsoInstant } from './iso-time.js';
import { validateSelection } from './validate-selection.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');
const schemas = new Map([
  ['icecat-1', parseDatasetSchema(readFileSync(path.join(EXAMPLES, 'icecat-1.yaml'), 'utf8'))],
]);

describe(describeSelection.name, () => {
  it('describes every part of a selection, with units', () => {
    const { selection, violations } = validateSelection(
      {
        releases: ['icecat-1'],
        cuts: [
          { observable: 'energy', min: 100, max: 1000, maxExclusive: true },
          { observable: 'signal', min: 0.5, minExclusive: true },
          { observable: 'far', max: 1 },
          { observable: 'i3type', in: ['gfu-gold', 'gfu-bronze'] },
          { observable: 'cr_veto', in: [false] },
        ],
        time: { from: '2017-01-01', to: '2018-01-01T00:00:00Z' },
        cone: { ra: 77.36, dec: 5.69, radius: 3 },
        columns: ['name', 'energy'],
      },
      schemas,
    );
    expect(violations).toEqual([]);

    expect(describeSelection(selection, schemas)).toBe(
      [
        'Releases: icecat-1',
        'Cuts (all must hold):',
        '  - energy in [100, 1000) TeV',
        '  - signal > 0.5',
        '  - far <= 1 yr**-1',
        '  - i3type in {"gfu-gold", "gfu-bronze"}',
        '  - cr_veto in {false}',
        'Event time: from 2017-01-01 to before 2018-01-01T00:00:00Z',
        'Sky: within 3 deg of RA 77.36 deg, Dec 5.69 deg (ICRS)',
        'Columns: name, energy',
        '',
      ].join('\n'),
    );
  });

  it('describes an unrestricted selection, and open-ended times, without schemas', () => {
    expect(describeSelection({ releases: ['a', 'b'], cuts: [] })).toBe(
      'Releases: a, b\nCuts: none (all events)\nEvent time: any\nSky: whole sky\nColumns: all\n',
    );
    expect(
      describeSelection({ releases: ['a'], cuts: [{ observable: 'e', min: 1 }], time: { to: '2020-01-01' } }),
    ).toContain('  - e >= 1\nEvent time: before 2020-01-01\n');
    expect(
      describeSelection({
        releases: ['a'],
        cuts: [{ observable: 'e', max: 2, maxExclusive: true }],
        time: { from: '2020-01-01' },
      }),
    ).toContain('  - e < 2\nEvent time: from 2020-01-01\n');
  });

  it('is deterministic', () => {
    const selection = { releases: ['icecat-1'], cuts: [{ observable: 'energy', min: 1 }] };

    expect(describeSelection(selection, schemas)).toBe(
      describeSelection(structuredClone(selection), schemas),
    );
  });
});

describe(parseIsoInstant.name, () => {
  it('reads dates as the start of the UTC day and date-times with their zone', () => {
    expect(parseIsoInstant('2017-09-22')).toBe(Date.UTC(2017, 8, 22));
    expect(parseIsoInstant('2017-09-22T20:54:30.43Z')).toBe(Date.UTC(2017, 8, 22, 20, 54, 30, 430));
    expect(parseIsoInstant('2017-09-22T22:54+02:00')).toBe(Date.UTC(2017, 8, 22, 20, 54));
  });

  it('refuses zone-less times, impossible dates and other formats', () => {
    for (const text of [
      '2017-09-22T20:54:30',
      '2023-02-30',
      '2023-13-01',
      '2023-01-01T24:00Z',
      '22.09.2017',
      '2017',
      '',
    ]) {
      expect(parseIsoInstant(text)).toBeUndefined();
    }
  });
});
