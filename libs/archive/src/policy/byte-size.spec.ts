import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { BYTE_SIZE_PATTERN, BYTE_UNITS, formatByteSize, parseByteSize } from './index.js';

describe(parseByteSize.name, () => {
  it.each<[number | string, number]>([
    [0, 0],
    [1_048_576, 1_048_576],
    ['1048576', 1_048_576],
    ['512 B', 512],
    ['500 MB', 500_000_000],
    ['50 GiB', 50 * 1024 ** 3],
    ['100 GiB', 107_374_182_400],
    ['100GiB', 107_374_182_400],
    ['1.5 KiB', 1536],
    ['1.1 MB', 1_100_000],
    ['2 TB', 2e12],
    ['3 TiB', 3 * 1024 ** 4],
    ['1 kB', 1000],
    ['7 PiB', 7 * 1024 ** 5],
    ['8 PB', 8e15],
  ])('reads %p as %i bytes', (value, bytes) => {
    expect(parseByteSize(value)).toBe(bytes);
  });

  it.each<[number | string, string]>([
    [-1, 'is not a whole, non-negative number of bytes'],
    [1.5, 'is not a whole, non-negative number of bytes'],
    [Number.NaN, 'is not a whole, non-negative number of bytes'],
    [2 ** 53, 'is not a whole, non-negative number of bytes'],
    ['100 KB', '"KB" is ambiguous: write kB for 1000 or KiB for 1024'],
    ['100 gib', 'is not a byte size such as'],
    ['100 Mb', 'is not a byte size such as'],
    ['100  GiB', 'is not a byte size such as'],
    ['-1 GiB', 'is not a byte size such as'],
    ['.5 GiB', 'is not a byte size such as'],
    ['1e9', 'is not a byte size such as'],
    ['', 'is not a byte size such as'],
    ['0.1 KiB', 'is not a whole number of bytes'],
    ['0.5 B', 'is not a whole number of bytes'],
    ['8 EiB', 'is too large'],
  ])('refuses %p', (value, message) => {
    expect(() => parseByteSize(value)).toThrow(RangeError);
    expect(() => parseByteSize(value)).toThrow(message);
  });

  it('multiplies a whole number by its unit exactly', () => {
    const units = Object.keys(BYTE_UNITS);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8191 }),
        fc.constantFrom(...units),
        fc.boolean(),
        (n, unit, space) => {
          const exact = BigInt(n) * (BYTE_UNITS[unit] ?? 0n);
          const text = `${n}${space ? ' ' : ''}${unit}`;
          if (exact > BigInt(Number.MAX_SAFE_INTEGER)) expect(() => parseByteSize(text)).toThrow('too large');
          else expect(parseByteSize(text)).toBe(Number(exact));
        },
      ),
    );
  });

  it('accepts exactly the strings the schema pattern accepts (whole numbers of bytes below 2^53)', () => {
    const pattern = new RegExp(BYTE_SIZE_PATTERN, 'u');
    const text = fc.stringMatching(/^[0-9.]{0,5} ?(?:B|kB|KB|MB|GB|KiB|MiB|GiB|mb|b)?$/);
    fc.assert(
      fc.property(text, (candidate) => {
        let parsed = true;
        try {
          parseByteSize(candidate);
        } catch (error) {
          parsed = !(error instanceof RangeError && error.message.includes('is not a byte size'));
        }
        expect(parsed).toBe(pattern.test(candidate));
      }),
      { numRuns: 2000 },
    );
  });
});

describe(formatByteSize.name, () => {
  it.each([
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [100 * 1024 ** 3, '100 GiB'],
    [734_123, '716.92 KiB'],
  ])('writes %i as %s', (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
  });
});
