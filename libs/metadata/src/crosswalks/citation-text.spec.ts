import { describe, expect, it } from '@jest/globals';
import type { ReleaseRecord } from '../release-record.js';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import {
  citationKey,
  doiUrl,
  isoDateParts,
  publicationDateParts,
  relationIri,
  releaseIri,
  toCitationText,
} from './citation-text.js';

describe('citation text and shared identifiers', () => {
  it('cites a release in DataCite’s recommended form', () => {
    const sut = toCitationText(KASCADE_LIKE_RECORD);
    expect(sut.startsWith('Carberry, Josiah; KASCADE Collaboration (2024): ')).toBe(true);
    expect(sut).toContain(`: ${KASCADE_LIKE_RECORD.metadata.title!}. Version 2.0. `);
    expect(sut).toContain(` ${KASCADE_LIKE_RECORD.publisher.name}. Dataset. `);
    expect(sut.endsWith(' https://doi.org/10.5072/apdc.k7q2-x4mv')).toBe(true);
    expect(toCitationText(MINIMAL_RECORD)).toMatch(
      /^IceCube Collaboration \(2023\): IceCat-1: .*\. Version 1\. .*\. Dataset\. https:\/\/apdc\.example\.org\/datasets\/.*\/versions\/1$/u,
    );
  });

  it('identifies a release by its DOI URL, else its landing page', () => {
    expect(releaseIri(KASCADE_LIKE_RECORD)).toBe('https://doi.org/10.5072/apdc.k7q2-x4mv');
    expect(releaseIri(MINIMAL_RECORD)).toBe(MINIMAL_RECORD.landingPage);
  });

  it('percent-encodes DOI characters that would break a URL', () => {
    expect(doiUrl('10.1016/s0168-9002(03)00466-5')).toBe('https://doi.org/10.1016/s0168-9002(03)00466-5');
    expect(doiUrl('10.1000/a#b c<d>')).toBe('https://doi.org/10.1000/a%23b%20c%3Cd%3E');
  });

  it('resolves related identifiers', () => {
    expect(
      relationIri({
        relationType: 'IsDocumentedBy',
        identifier: 'arXiv:1806.05493',
        identifierType: 'arXiv',
      }),
    ).toBe('https://arxiv.org/abs/1806.05493');
    expect(
      relationIri({ relationType: 'References', identifier: 'https://example.org/x', identifierType: 'URL' }),
    ).toBe('https://example.org/x');
  });

  it('reads dates as precisely as given, preferring the curator’s year', () => {
    expect(isoDateParts('2023')).toEqual([2023]);
    expect(isoDateParts('2023-07')).toEqual([2023, 7]);
    expect(isoDateParts('2024-03-01T10:15:00.000Z')).toEqual([2024, 3, 1]);
    expect(isoDateParts('March 2024')).toBeNull();
    const disagreeing: ReleaseRecord = {
      ...KASCADE_LIKE_RECORD,
      metadata: { ...KASCADE_LIKE_RECORD.metadata, publicationYear: 2025 },
    };
    expect(publicationDateParts(disagreeing)).toEqual([2025]);
    const noDate: ReleaseRecord = {
      ...MINIMAL_RECORD,
      metadata: { ...MINIMAL_RECORD.metadata, publicationYear: null, datePublished: null },
    };
    expect(publicationDateParts(noDate)).toBeNull();
    expect(citationKey(noDate)).toBe('icecubend-571fv1');
  });
});
