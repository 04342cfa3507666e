import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import type { Creator, ReleaseRecord } from '../release-record.js';
import {
  CITATION_LOCALES,
  CITATION_STYLES,
  UnknownCitationStyleError,
  renderBibliography,
} from './csl-bibliography.js';

function person(givenName: string, familyName: string): Creator {
  return {
    kind: 'person',
    name: `${givenName} ${familyName}`,
    givenName,
    familyName,
    orcid: null,
    ror: null,
    affiliations: [],
  };
}

function organisation(name: string): Creator {
  return {
    kind: 'organization',
    name,
    givenName: null,
    familyName: null,
    orcid: null,
    ror: null,
    affiliations: [],
  };
}

/** A record as a real open-data release looks: compound and particle family names, a collaboration. */
const AUGER_LIKE_RECORD: ReleaseRecord = {
  ...KASCADE_LIKE_RECORD,
  datasetId: '01a20fc0-0728-7c3e-8f1a-5b2e9d0c7a31',
  versionNumber: 3,
  doi: '10.5072/apdc.auger-od-2021',
  landingPage: 'https://apdc.example.org/datasets/01a20fc0-0728-7c3e-8f1a-5b2e9d0c7a31/versions/3',
  publishedAt: '2021-02-09T12:00:00.000Z',
  metadata: {
    ...KASCADE_LIKE_RECORD.metadata,
    title: 'Pierre Auger Observatory open data: 10% of the events up to 2020',
    versionLabel: '3',
    publicationYear: 2021,
    datePublished: '2021-02-09',
    dateModified: null,
    creators: [
      person('Rafael', 'Alves Batista'),
      person('João R. T.', 'de Mello Neto'),
      organisation('Pierre Auger Collaboration'),
    ],
  },
};

// Written by hand from APA 7 (Publication Manual §10.9, data sets): "Author, A. A., & Group Author. (Year).
// Title of data set (Version x) [Data set]. Publisher. https://doi.org/…": initials, a comma before the
// ampersand even for two authors, the year only, the title as given (already sentence case here), the
// version in parentheses, the bracketed description, the publisher (not the author), the DOI as a URL.
const APA7_KASCADE =
  'Carberry, J., & KASCADE Collaboration. (2024). KASCADE-like air-shower events (simulated demo sample) ' +
  '(Version 2.0) [Data set]. Astroparticle Physics Data Centre (APDC). https://doi.org/10.5072/apdc.k7q2-x4mv';
const APA7_AUGER =
  'Alves Batista, R., de Mello Neto, J. R. T., & Pierre Auger Collaboration. (2021). Pierre Auger ' +
  'Observatory open data: 10% of the events up to 2020 (Version 3) [Data set]. Astroparticle Physics Data ' +
  'Centre (APDC). https://doi.org/10.5072/apdc.auger-od-2021';

const text = (record: ReleaseRecord, style: string, locale = 'en-US'): string =>
  renderBibliography(record, { style, locale, format: 'text' });

describe('renderBibliography', () => {
  it('cites the KASCADE-like release in APA 7 as the manual does, but for the version label', () => {
    // The one difference: the official APA CSL style writes "Version" only before a CSL-numeric version
    // ("2", "v2"), and "2.0" is not numeric in CSL, so it renders "(2.0)". See csl/README.md.
    expect(text(KASCADE_LIKE_RECORD, 'apa')).toBe(APA7_KASCADE.replace('(Version 2.0)', '(2.0)'));
  });

  it('cites a real-data-like release in APA 7 exactly as the manual does', () => {
    expect(text(AUGER_LIKE_RECORD, 'apa')).toBe(APA7_AUGER);
  });

  it('cites a release without DOI in APA 7 by its landing page', () => {
    const sut = text(MINIMAL_RECORD, 'apa');
    expect(sut.startsWith('IceCube Collaboration. (2023). IceCat-1: ')).toBe(true);
    expect(sut).toContain(' (Version 1) [Data set]. Astroparticle Physics Data Centre (APDC). ');
    expect(sut.endsWith(` ${MINIMAL_RECORD.landingPage}`)).toBe(true);
  });

  it.each(CITATION_STYLES.map((s) => s.key))('renders both fixtures in %s with title and year', (style) => {
    for (const record of [KASCADE_LIKE_RECORD, MINIMAL_RECORD, AUGER_LIKE_RECORD]) {
      for (const locale of CITATION_LOCALES) {
        const sut = text(record, style, locale);
        // Chicago and MLA title-case English titles.
        expect(sut.toLowerCase()).toContain(record.metadata.title!.toLowerCase());
        expect(sut).toContain(String(record.metadata.publicationYear));
      }
    }
  });

  it('offers styles whose titles are those of the bundled CSL files', () => {
    const files: Record<string, string> = {
      apa: 'apa',
      harvard: 'harvard-cite-them-right',
      ieee: 'ieee',
      chicago: 'chicago-author-date',
      vancouver: 'vancouver',
      mla: 'modern-language-association',
    };
    expect(CITATION_STYLES.map((s) => s.key)).toEqual(Object.keys(files));
    for (const { key, title } of CITATION_STYLES) {
      const xml = readFileSync(new URL(`../../csl/styles/${files[key]!}.csl`, import.meta.url), 'utf8');
      expect(xml).toContain(`<title>${title}</title>`);
      expect(text(KASCADE_LIKE_RECORD, files[key]!)).toBe(text(KASCADE_LIKE_RECORD, key));
    }
  });

  it('escapes markup characters in HTML and leaves them as they are in text', () => {
    const record: ReleaseRecord = {
      ...MINIMAL_RECORD,
      metadata: { ...MINIMAL_RECORD.metadata, title: 'Muons <E> & neutrinos' },
    };
    for (const { key } of CITATION_STYLES) {
      const html = renderBibliography(record, { style: key, locale: 'en-US', format: 'html' });
      expect(html.startsWith('<div class="csl-entry">')).toBe(true);
      expect(html).not.toContain('<E>');
      expect(html).not.toMatch(/&(?!#\d+;|[a-z]+;)/u);
      expect(html.toLowerCase()).toContain('muons &#60;e&#62; &#38; neutrinos');
      expect(text(record, key)).toContain('<E> & ');
    }
  });

  it('words the citation in the locale', () => {
    expect(text(KASCADE_LIKE_RECORD, 'chicago', 'en-US')).toContain(
      'Carberry, Josiah, and KASCADE Collaboration.',
    );
    expect(text(KASCADE_LIKE_RECORD, 'chicago', 'de-DE')).toContain(
      'Carberry, Josiah, und KASCADE Collaboration.',
    );
    expect(text(KASCADE_LIKE_RECORD, 'ieee', 'en-US')).toContain(', Mar. 01, 2024.');
    expect(text(KASCADE_LIKE_RECORD, 'ieee', 'de-DE')).toContain(', 1. März 2024.');
    const undated: ReleaseRecord = {
      ...MINIMAL_RECORD,
      metadata: { ...MINIMAL_RECORD.metadata, publicationYear: null, datePublished: null },
    };
    expect(text(undated, 'apa', 'en-US')).toContain('IceCube Collaboration. (n.d.).');
    // The German locale's short "no date" term has a no-break space: "o.&#160;J.".
    expect(text(undated, 'apa', 'de-DE')).toContain('IceCube Collaboration. (o.\u00A0J.).');
  });

  it('follows the British locale where it differs from the American one', () => {
    // en-US puts the full stop inside the closing quotation mark, en-GB outside.
    expect(text(KASCADE_LIKE_RECORD, 'harvard', 'en-US')).toContain('(simulated demo sample).”');
    expect(text(KASCADE_LIKE_RECORD, 'harvard', 'en-GB')).toContain('(simulated demo sample)’.');
  });

  it('takes a bare language as its first offered locale, case-insensitively', () => {
    expect(text(KASCADE_LIKE_RECORD, 'ieee', 'en')).toBe(text(KASCADE_LIKE_RECORD, 'ieee', 'en-US'));
    expect(text(KASCADE_LIKE_RECORD, 'ieee', 'de')).toBe(text(KASCADE_LIKE_RECORD, 'ieee', 'de-DE'));
    expect(text(KASCADE_LIKE_RECORD, 'harvard', 'EN_gb')).toBe(text(KASCADE_LIKE_RECORD, 'harvard', 'en-GB'));
  });

  it('reads a release afresh when it is rendered again after a change', () => {
    const changed: ReleaseRecord = {
      ...KASCADE_LIKE_RECORD,
      metadata: { ...KASCADE_LIKE_RECORD.metadata, title: 'A corrected title' },
    };
    expect(text(KASCADE_LIKE_RECORD, 'apa')).toContain('KASCADE-like air-shower events');
    expect(text(changed, 'apa')).toContain('A corrected title');
  });

  it.each([
    ['style', { style: 'nature', locale: 'en-US' }, 'Unknown citation style "nature"'],
    ['locale', { style: 'apa', locale: 'fr-FR' }, 'Unknown citation locale "fr-FR"'],
    ['bare language', { style: 'apa', locale: 'fr' }, 'Unknown citation locale "fr"'],
  ])('refuses an unknown %s, listing what is offered', (_, options, message) => {
    const render = (): string => renderBibliography(KASCADE_LIKE_RECORD, { ...options, format: 'text' });
    expect(render).toThrow(UnknownCitationStyleError);
    expect(render).toThrow(message);
    try {
      render();
    } catch (error) {
      const sut = error as UnknownCitationStyleError;
      expect(sut.kind).toBe('not-acceptable');
      expect(sut.code).toBe('metadata.unknown-citation-style');
      expect(sut.extensions).toEqual({
        styles: ['apa', 'harvard', 'ieee', 'chicago', 'vancouver', 'mla'],
        locales: ['en-US', 'en-GB', 'de-DE'],
      });
    }
  });
});
