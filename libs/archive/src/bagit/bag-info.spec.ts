import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  bagInfoEntryFault,
  bagInfoValues,
  formatBagSize,
  parsePayloadOxum,
  parseTagFile,
  serialiseBagInfo,
} from './bag-info.js';

const label = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
  .filter((text) => bagInfoEntryFault(text, 'x') === undefined);
const valueLine = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map((text) => text.trim());
const value = fc
  .array(valueLine, { minLength: 1, maxLength: 4 })
  .map((lines) => lines.join('\n'))
  .filter((text) => bagInfoEntryFault('L', text) === undefined);

describe('bag-info.txt', () => {
  it('parses what it serialises, multi-line values included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(label, value), { maxLength: 8 }), (entries) => {
        const { entries: parsed, faults } = parseTagFile(serialiseBagInfo(entries));
        expect(faults).toEqual([]);
        expect(parsed).toEqual(entries);
      }),
      { numRuns: 500 },
    );
  });

  it('writes a line break of a value as an indented continuation line', () => {
    expect(serialiseBagInfo([['External-Description', 'first line\nsecond line']])).toBe(
      'External-Description: first line\n  second line\n',
    );
  });

  it('reads continuation lines from other writers: CRLF, tabs, deep indentation', () => {
    const text =
      'Source-Organization: APDC\r\nExternal-Description: A long\r\n\t   description\r\n  in three lines\r\n\r\nBag-Count: 1 of 2';
    expect(parseTagFile(text)).toEqual({
      entries: [
        ['Source-Organization', 'APDC'],
        ['External-Description', 'A long\ndescription\nin three lines'],
        ['Bag-Count', '1 of 2'],
      ],
      faults: [],
    });
  });

  it('reports lines that are neither "label: value" nor continuations, by line number', () => {
    expect(parseTagFile('  orphan\nno colon here\n: empty label\nGood: yes\n').faults).toEqual([
      { line: 1, message: 'continuation line before any label' },
      { line: 2, message: 'has no "label: value" form' },
      { line: 3, message: 'has an empty label' },
    ]);
  });

  it('keeps colons inside values and finds labels case-insensitively', () => {
    const { entries } = parseTagFile('External-Identifier: doi:10.5072/x\nexternal-identifier: urn:x\n');
    expect(bagInfoValues(entries, 'External-Identifier')).toEqual(['doi:10.5072/x', 'urn:x']);
  });

  it('refuses values it could not write back unchanged', () => {
    expect(bagInfoEntryFault('Label', ' leading')).toBeDefined();
    expect(bagInfoEntryFault('Label', 'a\n\nb')).toBeDefined();
    expect(bagInfoEntryFault('Label', 'a\rb')).toBeDefined();
    expect(bagInfoEntryFault('La:bel', 'a')).toBeDefined();
    expect(bagInfoEntryFault('Label', 'a\nb')).toBeUndefined();
  });
});

describe('Payload-Oxum and Bag-Size', () => {
  it('parses "<octets>.<streams>" only', () => {
    expect(parsePayloadOxum('279164409.1198')).toEqual({ octets: 279164409, streamCount: 1198 });
    expect(parsePayloadOxum('12.')).toBeUndefined();
    expect(parsePayloadOxum('1.2.3')).toBeUndefined();
  });

  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [1000, '1.00 KB'],
    [42_600_000_000, '42.6 GB'],
    [260_000_000_000, '260 GB'],
    [999_600, '1.00 MB'],
    [2 * 1024 ** 3, '2.15 GB'],
  ])('writes %d bytes as %j', (bytes, text) => {
    expect(formatBagSize(bytes)).toBe(text);
  });
});
