import { describe, expect, it } from '@jest/globals';
import { doiPrefixOf, isValidDoi } from './doi-syntax.js';

describe(isValidDoi.name, () => {
  it.each([
    '10.5072/k7q2-x4mv3',
    '10.82247/ABC.def_1',
    '10.5438/0012',
    '10.18730/nvb5=',
    '10.18730/nvb4$',
    '10.18730/nvb3~',
    '10.18730/nvb2*',
    '10.1234/a;b(c)/d:e',
  ])('accepts %s', (doi) => {
    expect(isValidDoi(doi)).toBe(true);
  });

  it.each([
    ['no suffix', '10.5072/'],
    ['no slash', '10.5072'],
    ['three-digit registrant', '10.507/abc'],
    ['six-digit registrant (DataCite allows 4 or 5)', '10.123456/abc'],
    ['sub-prefix', '10.1000.5/abc'],
    ['not a DOI directory', '11.5072/abc'],
    ['space', '10.5072/a b'],
    ['non-ASCII', '10.5072/ümlaut'],
    ['URL form', 'https://doi.org/10.5072/abc'],
    ['hash', '10.5072/a#b'],
  ])('refuses %s', (_why, doi) => {
    expect(isValidDoi(doi)).toBe(false);
  });
});

describe(doiPrefixOf.name, () => {
  it('splits at the first slash', () => {
    expect(doiPrefixOf('10.5072/a/b')).toBe('10.5072');
    expect(doiPrefixOf('nothing')).toBeUndefined();
  });
});
