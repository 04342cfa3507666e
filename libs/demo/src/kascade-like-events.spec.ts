import { describe, expect, it } from '@jest/globals';
import {
  KASCADE_LIKE_COLUMNS,
  KASCADE_LIKE_MODEL,
  type KascadeLikeEvent,
  generateKascadeLikeEvents,
  kascadeLikeEventsCsv,
  kascadeLikeZenithDensity,
} from './kascade-like-events.js';

const SAMPLE_SIZE = 20_000;
const sample: readonly KascadeLikeEvent[] = [
  ...generateKascadeLikeEvents({ count: SAMPLE_SIZE, seed: 1998 }),
];

function csvText(seed: number, count = 500): string {
  return [...kascadeLikeEventsCsv({ count, seed })].join('');
}

function column(name: keyof KascadeLikeEvent, events: readonly KascadeLikeEvent[] = sample): number[] {
  return events.map((event) => event[name]);
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function standardDeviation(values: readonly number[]): number {
  const average = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1));
}

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const meanX = mean(xs);
  const meanY = mean(ys);
  let covariance = 0;
  xs.forEach((x, index) => {
    covariance += (x - meanX) * ((ys[index] ?? Number.NaN) - meanY);
  });
  return covariance / (xs.length - 1) / (standardDeviation(xs) * standardDeviation(ys));
}

/** Golden-section search for the maximum of a unimodal function on [low, high]. */
function argMax(f: (x: number) => number, low: number, high: number): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = low;
  let b = high;
  while (b - a > 1e-6) {
    const left = b - ratio * (b - a);
    const right = a + ratio * (b - a);
    if (f(left) < f(right)) {
      a = left;
    } else {
      b = right;
    }
  }
  return (a + b) / 2;
}

/**
 * Maximum-likelihood index of a power law dN/dE ∝ E^-γ truncated to [low, high] (the sample below the
 * knee is bounded on both sides, so the untruncated estimator 1 + n/Σln(E/Emin) would be biased).
 */
function fittedSpectralIndex(energies: readonly number[], low: number, high: number): number {
  const sumLogRatios = energies.reduce((sum, energy) => sum + Math.log(energy / low), 0);
  const highRatio = high / low;
  const logLikelihood = (index: number): number =>
    energies.length * Math.log((index - 1) / (1 - highRatio ** (1 - index))) - index * sumLogRatios;
  return argMax(logLikelihood, 1.05, 6);
}

/** Simpson's rule with `intervals` (even) intervals. */
function integrate(f: (x: number) => number, low: number, high: number, intervals = 4000): number {
  const step = (high - low) / intervals;
  let sum = f(low) + f(high);
  for (let index = 1; index < intervals; index++) {
    sum += (index % 2 === 1 ? 4 : 2) * f(low + index * step);
  }
  return (sum * step) / 3;
}

describe(generateKascadeLikeEvents.name, () => {
  it('gives exactly the same events for the same seed and different ones for another seed', () => {
    expect([...generateKascadeLikeEvents({ count: 300, seed: 7 })]).toEqual([
      ...generateKascadeLikeEvents({ count: 300, seed: 7 }),
    ]);
    expect(csvText(7)).toBe(csvText(7));
    expect(csvText(8)).not.toBe(csvText(7));
  });

  it('gives a longer sample that starts with the shorter one', () => {
    const shorter = [...generateKascadeLikeEvents({ count: 100, seed: 3 })];
    const longer = [...generateKascadeLikeEvents({ count: 200, seed: 3 })];

    expect(longer.slice(0, 100)).toEqual(shorter);
  });

  it('gives events with a value for every column', () => {
    const [event] = sample;

    expect(Object.keys(event ?? {}).sort()).toEqual(KASCADE_LIKE_COLUMNS.map((c) => c.name).sort());
  });

  it('keeps every value within its valid range', () => {
    const { minLgE, maxLgE, maxZenithDeg, arrayHalfWidthM } = KASCADE_LIKE_MODEL;
    const range = (name: keyof KascadeLikeEvent): [number, number] => {
      const values = column(name);
      return [Math.min(...values), Math.max(...values)];
    };
    const within = (name: keyof KascadeLikeEvent, low: number, high: number): void => {
      const [min, max] = range(name);
      expect({ name, min: min >= low, max: max <= high }).toEqual({ name, min: true, max: true });
    };

    expect(sample.every((event) => Object.values(event).every(Number.isFinite))).toBe(true);
    expect(sample.every((event) => Number.isInteger(event.Gt) && Number.isInteger(event.Mt))).toBe(true);
    within('Mt', 0, 999_999);
    within('lgE', minLgE, maxLgE);
    within('Xc', -arrayHalfWidthM, arrayHalfWidthM);
    within('Yc', -arrayHalfWidthM, arrayHalfWidthM);
    within('Ze', 0, maxZenithDeg);
    within('Az', 0, 360 - Number.EPSILON);
    within('lgNe', 2.5, 9.5);
    within('lgNmu', 2.5, 7.5);
    within('Age', 0.2, 2);
    within('T', 243.15, 318.15); // -30 °C to +45 °C
    within('P', 940, 1060);
  });

  it('has a spectral index of 2.7 below the knee, by maximum likelihood', () => {
    const { minLgE, kneeLgE } = KASCADE_LIKE_MODEL;
    const energies = column('lgE')
      .filter((lgE) => lgE < kneeLgE)
      .map((lgE) => 10 ** lgE);

    const index = fittedSpectralIndex(energies, 10 ** minLgE, 10 ** kneeLgE);

    expect(Math.abs(index - 2.7)).toBeLessThanOrEqual(0.15);
  });

  it('has a steeper spectrum above the knee', () => {
    const { kneeLgE, maxLgE } = KASCADE_LIKE_MODEL;
    const energies: number[] = [];
    for (const event of generateKascadeLikeEvents({ count: 200_000, seed: 11 })) {
      if (event.lgE >= kneeLgE) {
        energies.push(10 ** event.lgE);
      }
    }

    const index = fittedSpectralIndex(energies, 10 ** kneeLgE, 10 ** maxLgE);

    expect(energies.length).toBeGreaterThan(1000);
    expect(Math.abs(index - 3.1)).toBeLessThanOrEqual(0.15);
  });

  it('has the mean zenith angle of the density it implements, a plausible one for a flat array', () => {
    const maxZenith = KASCADE_LIKE_MODEL.maxZenithDeg;
    const expectedMean =
      integrate((zenith) => zenith * kascadeLikeZenithDensity(zenith), 0, maxZenith) /
      integrate(kascadeLikeZenithDensity, 0, maxZenith);
    const zeniths = column('Ze');
    const standardError = standardDeviation(zeniths) / Math.sqrt(zeniths.length);

    expect(Math.abs(mean(zeniths) - expectedMean)).toBeLessThan(4 * standardError);
    expect(expectedMean).toBeGreaterThan(15);
    expect(expectedMean).toBeLessThan(25);
  });

  it('spreads azimuths and core positions uniformly', () => {
    expect(mean(column('Az'))).toBeCloseTo(180, -1);
    expect(mean(column('Xc'))).toBeCloseTo(0, -1);
    expect(mean(column('Yc'))).toBeCloseTo(0, -1);
    expect(standardDeviation(column('Xc'))).toBeCloseTo(
      (2 * KASCADE_LIKE_MODEL.arrayHalfWidthM) / Math.sqrt(12),
      -1,
    );
  });

  it('gives shower sizes that rise with energy, and electron numbers and ages that follow the zenith angle', () => {
    const lgE = column('lgE');
    const secZenith = column('Ze').map((zenith) => 1 / Math.cos((zenith * Math.PI) / 180));

    expect(correlation(lgE, column('lgNe'))).toBeGreaterThan(0.6);
    expect(correlation(lgE, column('lgNmu'))).toBeGreaterThan(0.8);
    expect(correlation(secZenith, column('lgNe'))).toBeLessThan(-0.3);
    expect(correlation(secZenith, column('Age'))).toBeGreaterThan(0.5);
  });

  it('gives strictly increasing event times after the start time', () => {
    const startTime = new Date('2005-06-01T12:00:00Z');
    const events = [...generateKascadeLikeEvents({ count: 5000, seed: 5, startTime })];
    const micros = events.map((event) => event.Gt * 1_000_000 + event.Mt);

    expect(micros[0]).toBeGreaterThan(startTime.getTime() * 1000);
    micros.slice(1).forEach((time, index) => expect(time).toBeGreaterThan(micros[index] ?? Infinity));
  });

  it('starts at 1998-01-01 by default', () => {
    const [first] = generateKascadeLikeEvents({ count: 1, seed: 1 });

    expect(first?.Gt).toBeGreaterThanOrEqual(Date.parse('1998-01-01T00:00:00Z') / 1000);
  });

  it('varies the air temperature with the seasons', () => {
    const monthOf = (event: KascadeLikeEvent): number => new Date(event.Gt * 1000).getUTCMonth();
    const january = sample.filter((event) => monthOf(event) === 0);
    const july = sample.filter((event) => monthOf(event) === 6);

    expect(mean(column('T', july)) - mean(column('T', january))).toBeGreaterThan(10);
    expect(mean(column('P'))).toBeGreaterThan(990);
    expect(mean(column('P'))).toBeLessThan(1015);
  });

  it('rejects a negative or fractional count, a fractional seed and an invalid start time', () => {
    expect(() => generateKascadeLikeEvents({ count: -1, seed: 1 })).toThrow(RangeError);
    expect(() => generateKascadeLikeEvents({ count: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => generateKascadeLikeEvents({ count: 1, seed: 0.5 })).toThrow(RangeError);
    expect(() => kascadeLikeEventsCsv({ count: 1, seed: 1, startTime: new Date('nonsense') })).toThrow(
      RangeError,
    );
  });
});

describe(kascadeLikeEventsCsv.name, () => {
  it('yields the header, then one line per event with the columns’ decimal places', () => {
    const count = 50;
    const lines = [...kascadeLikeEventsCsv({ count, seed: 9 })];
    const events = [...generateKascadeLikeEvents({ count, seed: 9 })];

    expect(lines).toHaveLength(count + 1);
    expect(lines.every((line) => line.endsWith('\n') && line.indexOf('\n') === line.length - 1)).toBe(true);
    expect(lines[0]).toBe(`${KASCADE_LIKE_COLUMNS.map((c) => c.name).join(',')}\n`);
    lines.slice(1).forEach((line, row) => {
      const fields = line.trimEnd().split(',');
      expect(fields).toHaveLength(KASCADE_LIKE_COLUMNS.length);
      KASCADE_LIKE_COLUMNS.forEach((column, index) => {
        const field = fields[index] ?? '';
        const decimals = field.includes('.') ? field.length - field.indexOf('.') - 1 : 0;
        expect(decimals).toBe(column.decimals);
        expect(field.startsWith('-0') && Number(field) === 0).toBe(false);
        const value = events[row]?.[column.name] ?? Number.NaN;
        expect(Math.abs(Number(field) - value)).toBeLessThanOrEqual(0.5 * 10 ** -column.decimals + 1e-9);
      });
    });
  });
});
