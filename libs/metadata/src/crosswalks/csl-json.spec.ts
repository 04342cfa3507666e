import { describe, expect, it } from '@jest/globals';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import { toBibtex } from './bibtex.js';
import type { CslItem } from './csl-json.js';
import { toCslJson } from './csl-json.js';

/** What a reference manager reads back from the serialised item. */
function readBack(item: CslItem): Record<string, unknown> {
  return JSON.parse(JSON.stringify(item)) as Record<string, unknown>;
}

describe('toCslJson', () => {
  it('writes a dataset item with persons, organisations, the full date, bare DOI and version', () => {
    const sut = readBack(toCslJson(KASCADE_LIKE_RECORD));
    expect(sut['type']).toBe('dataset');
    expect(sut['title']).toBe(KASCADE_LIKE_RECORD.metadata.title);
    expect(sut['author']).toEqual([
      { family: 'Carberry', given: 'Josiah' },
      { literal: 'KASCADE Collaboration' },
    ]);
    expect(sut['issued']).toEqual({ 'date-parts': [[2024, 3, 1]] });
    expect(sut['publisher']).toBe(KASCADE_LIKE_RECORD.publisher.name);
    expect(sut['DOI']).toBe('10.5072/apdc.k7q2-x4mv');
    expect(sut['URL']).toBe(KASCADE_LIKE_RECORD.landingPage);
    expect(sut['version']).toBe('2.0');
    expect(sut['abstract']).toBe(KASCADE_LIKE_RECORD.metadata.description);
    expect(sut['keyword']).toBe('cosmic rays, extensive air showers, KASCADE');
    expect(sut['language']).toBe('en');
  });

  it('shares its id with the BibTeX citation key', () => {
    const { id } = toCslJson(KASCADE_LIKE_RECORD);
    expect(id).toBe('carberry2024-f450v2');
    expect(toBibtex(KASCADE_LIKE_RECORD)).toMatch(new RegExp(`^@misc\\{${id},`, 'u'));
  });

  it('writes the minimal record without a DOI', () => {
    const sut = readBack(toCslJson(MINIMAL_RECORD));
    expect(sut).not.toHaveProperty('DOI');
    expect(sut).not.toHaveProperty('keyword');
    expect(sut['URL']).toBe(MINIMAL_RECORD.landingPage);
    expect(sut['author']).toEqual([{ literal: 'IceCube Collaboration' }]);
    expect(sut['issued']).toEqual({ 'date-parts': [[2023]] });
    expect(sut['version']).toBe('1');
    expect(sut['id']).toBe('icecube2023-571fv1');
  });
});
