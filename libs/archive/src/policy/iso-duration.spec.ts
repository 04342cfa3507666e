import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ISO_DURATION_PATTERN, SECONDS_PER_UNIT, parseIsoDuration } from './index.js';

const DAY = 86_400;

describe(parseIsoDuration.name, () => {
  it.each([
    ['P30D', 30 * DAY],
    ['PT10M', 600],
    ['P90D', 90 * DAY],
    ['P2W', 14 * DAY],
    ['PT36H', 36 * 3600],
    ['P1DT12H', 36 * 3600],
    ['P1Y', 365.25 * DAY],
    ['P30Y', 30 * 365.25 * DAY],
    ['P12M', 365.25 * DAY],
    ['P1M', 30.4375 * DAY],
    ['P1Y2M3W4DT5H6M7S', 31_557_600 + 2 * 2_629_800 + 25 * DAY + 5 * 3600 + 6 * 60 + 7],
    ['PT0S', 0],
    ['P0D', 0],
  ])('reads %s as %i s', (text, seconds) => {
    expect(parseIsoDuration(text)).toBe(seconds);
  });

  it.each([
    '',
    'P',
    'PT',
    'P1DT',
    '30D',
    'p30d',
    'P30d',
    'P1.5D',
    'P-1D',
    'PT1D',
    'P1H',
    'P1D1Y',
    ' P1D',
    'P1D ',
    'P1DT1H1D',
  ])('refuses "%s"', (text) => {
    expect(() => parseIsoDuration(text)).toThrow(RangeError);
    expect(() => parseIsoDuration(text)).toThrow(`"${text}" is not an ISO 8601 duration`);
  });

  it('refuses a duration beyond 2^53 - 1 seconds instead of rounding it', () => {
    expect(() => parseIsoDuration('P999999999999Y')).toThrow('too long a duration');
    expect(parseIsoDuration(`PT${Number.MAX_SAFE_INTEGER}S`)).toBe(Number.MAX_SAFE_INTEGER);
  });

  const component = fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined });
  const components = fc.record({
    Y: component,
    M: component,
    W: component,
    D: component,
    h: component,
    m: component,
    s: component,
  });

  it('adds up its components with the documented unit lengths, and agrees with the schema pattern', () => {
    const pattern = new RegExp(ISO_DURATION_PATTERN, 'u');
    fc.assert(
      fc.property(components, (c) => {
        const date = ['Y', 'M', 'W', 'D'] as const;
        const time = [
          ['h', 'H'],
          ['m', 'M'],
          ['s', 'S'],
        ] as const;
        const datePart = date.map((u) => (c[u] === undefined ? '' : `${c[u]}${u}`)).join('');
        const timePart = time.map(([k, u]) => (c[k] === undefined ? '' : `${c[k]}${u}`)).join('');
        const text = `P${datePart}${timePart === '' ? '' : `T${timePart}`}`;
        const valid = datePart !== '' || timePart !== '';
        expect(pattern.test(text)).toBe(valid);
        if (!valid) {
          expect(() => parseIsoDuration(text)).toThrow(RangeError);
          return;
        }
        const expected =
          (c.Y ?? 0) * SECONDS_PER_UNIT.year +
          (c.M ?? 0) * SECONDS_PER_UNIT.month +
          (c.W ?? 0) * SECONDS_PER_UNIT.week +
          (c.D ?? 0) * SECONDS_PER_UNIT.day +
          (c.h ?? 0) * SECONDS_PER_UNIT.hour +
          (c.m ?? 0) * SECONDS_PER_UNIT.minute +
          (c.s ?? 0);
        expect(parseIsoDuration(text)).toBe(expected);
      }),
    );
  });

  it('accepts exactly what the schema pattern accepts', () => {
    const pattern = new RegExp(ISO_DURATION_PATTERN, 'u');
    const text = fc.stringMatching(/^P?[0-9YMWDTHS]{0,8}$/);
    fc.assert(
      fc.property(text, (candidate) => {
        let parsed = true;
        try {
          parseIsoDuration(candidate);
        } catch {
          parsed = false;
        }
        expect(parsed).toBe(pattern.test(candidate));
      }),
      { numRuns: 2000 },
    );
  });
});
