import type { EnergyRange } from './release-record.js';

/**
 * The energy units a release description may name in `energyRange.unitText`, with their size in
 * electronvolts: the SI-prefixed electronvolts astroparticle papers use, from eV to ZeV.
 */
export const ELECTRONVOLTS_PER_UNIT = Object.freeze({
  eV: 1,
  keV: 1e3,
  MeV: 1e6,
  GeV: 1e9,
  TeV: 1e12,
  PeV: 1e15,
  EeV: 1e18,
  ZeV: 1e21,
} as const);

export type EnergyUnit = keyof typeof ELECTRONVOLTS_PER_UNIT;

export const ENERGY_UNITS = Object.keys(ELECTRONVOLTS_PER_UNIT) as readonly EnergyUnit[];

export function isEnergyUnit(value: unknown): value is EnergyUnit {
  return typeof value === 'string' && Object.hasOwn(ELECTRONVOLTS_PER_UNIT, value);
}

/**
 * An energy range written in the largest unit that keeps its numbers at least 1 (`1e14`–`1e18` eV →
 * 100–1,000,000 TeV), for people to read. A unit is taken only when converting back with
 * {@link ELECTRONVOLTS_PER_UNIT} gives exactly the same electronvolts, so that reading the output again
 * yields the same record (eV, always exact, is the last resort).
 */
export function energyRangeInUnit(range: EnergyRange): {
  readonly unit: EnergyUnit;
  readonly min: number | null;
  readonly max: number | null;
} {
  const bounds = [range.minEv, range.maxEv].filter((value) => value !== null);
  const smallest = Math.min(...bounds);
  const unit =
    [...ENERGY_UNITS]
      .reverse()
      .find(
        (candidate) =>
          ELECTRONVOLTS_PER_UNIT[candidate] <= smallest &&
          bounds.every(
            (ev) => (ev / ELECTRONVOLTS_PER_UNIT[candidate]) * ELECTRONVOLTS_PER_UNIT[candidate] === ev,
          ),
      ) ?? 'eV';
  const size = ELECTRONVOLTS_PER_UNIT[unit];
  return {
    unit,
    min: range.minEv === null ? null : range.minEv / size,
    max: range.maxEv === null ? null : range.maxEv / size,
  };
}
