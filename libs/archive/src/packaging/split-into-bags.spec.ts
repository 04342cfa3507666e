import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compareBagPaths, splitIntoBags } from './index.js';

interface File {
  readonly path: string;
  readonly sizeBytes: number;
}

const file = (path: string, sizeBytes: number): File => ({ path, sizeBytes });
const paths = (bags: File[][]): string[][] => bags.map((bag) => bag.map((f) => f.path));
const bytes = (bag: readonly File[]): number => bag.reduce((sum, f) => sum + f.sizeBytes, 0);

describe(splitIntoBags.name, () => {
  it('keeps a version that fits in one bag', () => {
    expect(paths(splitIntoBags([file('b', 10), file('a', 20)], 30))).toEqual([['a', 'b']]);
  });

  it('fills bags greedily in path order', () => {
    const files = [file('a', 40), file('b', 40), file('c', 30), file('d', 70), file('e', 1)];

    expect(paths(splitIntoBags(files, 100))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('gives a file larger than the maximum a bag of its own', () => {
    const files = [file('a', 10), file('big', 500), file('c', 10), file('d', 10)];

    expect(paths(splitIntoBags(files, 100))).toEqual([['a'], ['big'], ['c', 'd']]);
  });

  it('counts empty files and fills a bag exactly to the maximum', () => {
    expect(paths(splitIntoBags([file('a', 100), file('b', 0), file('c', 1)], 100))).toEqual([
      ['a', 'b'],
      ['c'],
    ]);
  });

  it('gives a version without files one empty bag, so that its metadata is still archived', () => {
    expect(splitIntoBags([], 100)).toEqual([[]]);
  });

  it('orders paths by their UTF-8 bytes, like COLLATE "C"', () => {
    // U+FF5E sorts after U+1F600 in UTF-16 code units, before it in UTF-8 bytes.
    const files = [file('\u{1F600}.txt', 1), file('\uFF5E.txt', 1), file('Z.txt', 1), file('a.txt', 1)];

    expect(paths(splitIntoBags(files, 100))).toEqual([['Z.txt', 'a.txt', '\uFF5E.txt', '\u{1F600}.txt']]);
  });

  it('keeps the caller’s objects', () => {
    const files = [{ path: 'a', sizeBytes: 1, storageKey: 'k1' }];

    expect(splitIntoBags(files, 10)[0]?.[0]).toBe(files[0]);
  });

  it.each([0, -1, 1.5, Number.POSITIVE_INFINITY])('refuses a maximum of %p', (max) => {
    expect(() => splitIntoBags([file('a', 1)], max)).toThrow(RangeError);
  });

  it('refuses a file size that cannot be right', () => {
    expect(() => splitIntoBags([file('a', -1)], 10)).toThrow('size of "a" is not a whole number of bytes');
  });

  const files = fc.uniqueArray(
    fc.record({
      path: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
      sizeBytes: fc.nat({ max: 1000 }),
    }),
    { selector: (f) => f.path, maxLength: 40 },
  );
  const max = fc.integer({ min: 1, max: 1500 });

  it('puts every file in exactly one bag, in byte-wise path order (property)', () => {
    fc.assert(
      fc.property(files, max, (input, maxBytes) => {
        const bags = splitIntoBags(input, maxBytes);
        const flat = bags.flat();
        expect(flat).toHaveLength(input.length);
        expect(new Set(flat)).toEqual(new Set(input));
        const sorted = [...input].sort((a, b) =>
          Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8')),
        );
        expect(flat).toEqual(sorted);
      }),
    );
  });

  it('keeps each bag within the maximum unless it holds one file, and never leaves one empty (property)', () => {
    fc.assert(
      fc.property(files, max, (input, maxBytes) => {
        const bags = splitIntoBags(input, maxBytes);
        expect(bags.length).toBeGreaterThanOrEqual(1);
        for (const bag of bags) {
          if (input.length > 0) expect(bag.length).toBeGreaterThan(0);
          if (bag.length > 1) expect(bytes(bag)).toBeLessThanOrEqual(maxBytes);
        }
      }),
    );
  });

  it('starts a new bag only when the next file would not fit (property)', () => {
    fc.assert(
      fc.property(files, max, (input, maxBytes) => {
        const bags = splitIntoBags(input, maxBytes);
        for (let i = 1; i < bags.length; i += 1) {
          const next = bags[i]?.[0];
          expect(bytes(bags[i - 1] ?? []) + (next?.sizeBytes ?? 0)).toBeGreaterThan(maxBytes);
        }
      }),
    );
  });
});

describe(compareBagPaths.name, () => {
  it('agrees with a comparison of UTF-8 bytes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const bytesA = [...Buffer.from(a, 'utf8')];
        const bytesB = [...Buffer.from(b, 'utf8')];
        let expected = bytesA.length - bytesB.length;
        for (let i = 0; i < Math.min(bytesA.length, bytesB.length); i += 1) {
          const difference = (bytesA[i] ?? 0) - (bytesB[i] ?? 0);
          if (difference !== 0) {
            expected = difference;
            break;
          }
        }
        expect(Math.sign(compareBagPaths(a, b))).toBe(Math.sign(expected));
      }),
    );
  });
});
