import { describe, expect, it } from '@jest/globals';
import { ELECTRONVOLTS_PER_UNIT, ENERGY_UNITS, energyRangeInUnit, isEnergyUnit } from './energy-units.js';

describe(energyRangeInUnit.name, () => {
  it.each([
    [
      { minEv: 1e14, maxEv: 1e18 },
      { unit: 'TeV', min: 100, max: 1_000_000 },
    ],
    [
      { minEv: 72 * 1e15, maxEv: 2.6 * 1e18 },
      { unit: 'PeV', min: 72, max: 2600 },
    ],
    [
      { minEv: 52 * 1e18, maxEv: null },
      { unit: 'EeV', min: 52, max: null },
    ],
    [
      { minEv: null, maxEv: 2e12 },
      { unit: 'TeV', min: null, max: 2 },
    ],
    [
      { minEv: 10e9, maxEv: 2000e9 },
      { unit: 'GeV', min: 10, max: 2000 },
    ],
    [
      { minEv: 0.5, maxEv: 13.6 },
      { unit: 'eV', min: 0.5, max: 13.6 },
    ],
  ])('writes %j in the largest unit that keeps the numbers at least 1', (range, expected) => {
    expect(energyRangeInUnit(range)).toEqual(expected);
  });

  it('always reads back to the same electronvolts', () => {
    const mantissas = [1, 1.5, 2.6, 3.3, 19.9, 54, 0.19, 1 / 3, 2 / 7, 123.456, 999.999];
    for (const unit of ENERGY_UNITS) {
      for (const a of mantissas) {
        for (const b of mantissas) {
          const range = {
            minEv: a * ELECTRONVOLTS_PER_UNIT[unit],
            maxEv: b * 1e3 * ELECTRONVOLTS_PER_UNIT[unit],
          };
          const written = energyRangeInUnit(range);
          const size = ELECTRONVOLTS_PER_UNIT[written.unit];
          expect({
            range,
            back: { minEv: (written.min ?? 0) * size, maxEv: (written.max ?? 0) * size },
          }).toEqual({
            range,
            back: range,
          });
        }
      }
    }
  });
});

describe(isEnergyUnit.name, () => {
  it('knows eV to ZeV, case-sensitively, and nothing inherited', () => {
    expect(ENERGY_UNITS).toEqual(['eV', 'keV', 'MeV', 'GeV', 'TeV', 'PeV', 'EeV', 'ZeV']);
    expect(['TeV', 'eV', 'ZeV'].every(isEnergyUnit)).toBe(true);
    expect(['tev', 'meV', 'erg', 'toString', '', 1].some(isEnergyUnit)).toBe(false);
  });
});
