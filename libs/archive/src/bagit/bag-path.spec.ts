import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bagPathEncodingFault, decodeBagPath, encodeBagPath, relativePathFault } from './bag-path.js';

/** Strings rich in the three characters that need encoding and in look-alikes of their encodings. */
const trickyPath = fc.string({
  unit: fc.oneof(
    fc.constantFrom('%', '\r', '\n', '%0A', '%0d', '%25', ' ', '\t', 'ν', 'Å', '/'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
});

describe('bag path encoding', () => {
  it('round-trips every string', () => {
    fc.assert(
      fc.property(trickyPath, (path) => {
        expect(decodeBagPath(encodeBagPath(path))).toBe(path);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves no CR or LF in an encoded name, and no % that starts anything but an escape', () => {
    fc.assert(
      fc.property(trickyPath, (path) => {
        const encoded = encodeBagPath(path);
        expect(encoded).not.toMatch(/[\r\n]/);
        expect(bagPathEncodingFault(encoded)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('encodes only %, CR and LF', () => {
    expect(encodeBagPath('data/Ångström ν-events 100%\r\n.csv')).toBe(
      'data/Ångström ν-events 100%25%0D%0A.csv',
    );
  });

  it('decodes hex case-insensitively and keeps other % sequences as they are', () => {
    expect(decodeBagPath('a%0d%0Ab%0D%0a%25c')).toBe('a\r\nb\r\n%c');
    expect(decodeBagPath('100%41%2')).toBe('100%41%2');
  });

  it('names a raw % as an encoding fault', () => {
    expect(bagPathEncodingFault('data/100%.txt')).toMatch(/%25/);
    expect(bagPathEncodingFault('data/100%25.txt')).toBeUndefined();
  });
});

describe(relativePathFault.name, () => {
  it.each([
    ['/etc/passwd', 'is absolute'],
    ['data/../bagit.txt', "has a '..' segment"],
    ['data/./x', "has a '.' segment"],
    ['data//x', 'has an empty segment (//)'],
    ['data/x/', 'ends with /'],
    ['', 'is empty'],
    ['C:/x', 'starts with a drive letter'],
    ['data/a\0b', 'contains a NUL character'],
  ])('refuses %j', (path, reason) => {
    expect(relativePathFault(path)).toBe(reason);
  });

  it('accepts spaces, unicode, %, CR and LF', () => {
    expect(relativePathFault('data/Ångström ν-events 100%\r\n.csv')).toBeUndefined();
  });
});
