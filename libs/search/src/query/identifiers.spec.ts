import { describe, expect, it } from '@jest/globals';
import { normalizeIdentifier } from './identifiers.js';

describe(normalizeIdentifier.name, () => {
  describe('DOIs', () => {
    it.each([
      ['10.3847/1538-4365/acfa95', 'doi:10.3847/1538-4365/acfa95'],
      ['10.7910/DVN/SCRUCD', 'doi:10.7910/dvn/scrucd'],
      ['doi:10.7910/DVN/SCRUCD', 'doi:10.7910/dvn/scrucd'],
      ['DOI:10.7910/DVN/SCRUCD', 'doi:10.7910/dvn/scrucd'],
      ['https://doi.org/10.7910/DVN/SCRUCD', 'doi:10.7910/dvn/scrucd'],
      ['http://dx.doi.org/10.3847/1538-4365/acfa95', 'doi:10.3847/1538-4365/acfa95'],
      ['HTTPS://WWW.DOI.ORG/10.3847/1538-4365/ACFA95', 'doi:10.3847/1538-4365/acfa95'],
      ['https://doi.org/10.1002/%28SICI%291097-4571', 'doi:10.1002/(sici)1097-4571'],
      ['doi:https://doi.org/10.7910/DVN/SCRUCD', 'doi:10.7910/dvn/scrucd'],
      ['10.123456789/x', 'doi:10.123456789/x'],
      ['  10.7910/DVN/SCRUCD\n', 'doi:10.7910/dvn/scrucd'],
    ])('normalises %s', (raw, expected) => {
      expect(normalizeIdentifier(raw)).toBe(expected);
    });

    it.each([
      ['three-digit registrant', '10.123/abc'],
      ['ten-digit registrant', '10.1234567890/abc'],
      ['no suffix', '10.7910/'],
      ['inner space', '10.7910/DVN SCRUCD'],
      ['doi: with something else', 'doi:hello'],
      ['doi: with an ORCID', 'doi:0000-0002-1825-0097'],
    ])('refuses %s', (_why, raw) => {
      expect(normalizeIdentifier(raw)).toBeUndefined();
    });
  });

  describe('ORCID iDs', () => {
    it.each([
      ['0000-0002-1825-0097', 'orcid:0000-0002-1825-0097'],
      ['0000-0002-1694-233X', 'orcid:0000-0002-1694-233X'],
      ['0000-0002-1694-233x', 'orcid:0000-0002-1694-233X'],
      ['orcid:0000-0002-1694-233x', 'orcid:0000-0002-1694-233X'],
      ['https://orcid.org/0000-0002-1825-0097', 'orcid:0000-0002-1825-0097'],
      ['http://www.orcid.org/0000-0002-1825-0097', 'orcid:0000-0002-1825-0097'],
      ['ORCID:https://orcid.org/0000-0002-1825-0097', 'orcid:0000-0002-1825-0097'],
    ])('normalises %s', (raw, expected) => {
      expect(normalizeIdentifier(raw)).toBe(expected);
    });

    it.each([
      ['a wrong check digit', '0000-0002-1825-0098'],
      ['a check X where a digit belongs', '0000-0002-1825-009X'],
      ['no hyphens', '0000000218250097'],
      ['too short', '0000-0002-1825-009'],
      ['orcid: with a DOI', 'orcid:10.7910/DVN/SCRUCD'],
    ])('refuses %s', (_why, raw) => {
      expect(normalizeIdentifier(raw)).toBeUndefined();
    });

    it('keeps an orcid.org URL with a wrong check digit a plain URL, as it would be stored', () => {
      expect(normalizeIdentifier('https://orcid.org/0000-0002-1825-0098')).toBe(
        'url:https://orcid.org/0000-0002-1825-0098',
      );
    });
  });

  describe('arXiv ids', () => {
    it.each([
      ['arXiv:2307.16210', 'arxiv:2307.16210'],
      ['arxiv:2307.16210v2', 'arxiv:2307.16210v2'],
      ['ARXIV:0704.0001', 'arxiv:0704.0001'],
      ['arXiv:hep-ex/0101001', 'arxiv:hep-ex/0101001'],
      ['arXiv:math.GT/0309136', 'arxiv:math.gt/0309136'],
      ['https://arxiv.org/abs/2307.16210', 'arxiv:2307.16210'],
      ['https://arxiv.org/pdf/2307.16210v1.pdf', 'arxiv:2307.16210v1'],
      ['http://export.arxiv.org/abs/hep-ex/0101001', 'arxiv:hep-ex/0101001'],
    ])('normalises %s', (raw, expected) => {
      expect(normalizeIdentifier(raw)).toBe(expected);
    });

    it.each([
      ['a bare new-style id (as likely a number)', '2307.16210'],
      ['a bare old-style id', 'hep-ex/0101001'],
      ['three digits after the dot', 'arXiv:2307.162'],
      ['a short old-style number', 'arXiv:hep-ex/010100'],
    ])('refuses %s', (_why, raw) => {
      expect(normalizeIdentifier(raw)).toBeUndefined();
    });

    it('keeps an arxiv.org page that is no paper a plain URL', () => {
      expect(normalizeIdentifier('https://arxiv.org/list/astro-ph.HE/new')).toBe(
        'url:https://arxiv.org/list/astro-ph.HE/new',
      );
    });
  });

  describe('UUIDs', () => {
    it.each([
      ['0190B4C2-6F1E-7A3B-9C4D-1E2F3A4B5C6D', 'id:0190b4c2-6f1e-7a3b-9c4d-1e2f3a4b5c6d'],
      ['id:0190b4c2-6f1e-7a3b-9c4d-1e2f3a4b5c6d', 'id:0190b4c2-6f1e-7a3b-9c4d-1e2f3a4b5c6d'],
    ])('normalises %s', (raw, expected) => {
      expect(normalizeIdentifier(raw)).toBe(expected);
    });

    it.each(['id:42', 'id:0190b4c2-6f1e-7a3b-9c4d-1e2f3a4b5c6', '0190b4c2-6f1e-7a3b-9c4d-1e2f3a4b5c6dd'])(
      'refuses %s',
      (raw) => {
        expect(normalizeIdentifier(raw)).toBeUndefined();
      },
    );
  });

  describe('URLs', () => {
    it.each([
      ['https://example.org/a?b=c(d)', 'url:https://example.org/a?b=c(d)'],
      ['HTTPS://Example.ORG/Data/Set', 'url:https://example.org/Data/Set'],
      ['https://example.org/', 'url:https://example.org'],
      ['https://example.org', 'url:https://example.org'],
      ['https://example.org/?q=1', 'url:https://example.org?q=1'],
      ['https://example.org:443/x', 'url:https://example.org/x'],
      ['http://icecube.wisc.edu/science/data/', 'url:http://icecube.wisc.edu/science/data/'],
      ['https://user:secret@example.org/', 'url:https://user:secret@example.org'],
      ['url:https://doi.org/10.7910/DVN/SCRUCD', 'doi:10.7910/dvn/scrucd'],
    ])('normalises %s', (raw, expected) => {
      expect(normalizeIdentifier(raw)).toBe(expected);
    });

    it.each([
      ['an FTP URL', 'ftp://example.org/file'],
      ['a scheme without host', 'https://'],
      ['a URL with a space', 'https://example.org/a b'],
      ['a mailto link', 'mailto:someone@example.org'],
      ['an unknown prefix', 'urn:nbn:de:1234'],
      ['url: with no URL', 'url:example.org'],
    ])('refuses %s', (_why, raw) => {
      expect(normalizeIdentifier(raw)).toBeUndefined();
    });
  });

  it.each([
    ['empty text', ''],
    ['whitespace', '   '],
    ['a word', 'neutrino'],
    ['a year', '2019'],
    ['a very long text', `https://example.org/${'a'.repeat(3000)}`],
  ])('refuses %s', (_why, raw) => {
    expect(normalizeIdentifier(raw)).toBeUndefined();
  });

  it('is idempotent on its own output', () => {
    for (const value of [
      'url:https://example.org',
      'url:https://example.org/a?b=c(d)',
      'doi:10.7910/dvn/scrucd',
      'orcid:0000-0002-1694-233X',
      'arxiv:2307.16210',
      'id:0190b4c2-6f1e-7a3b-9c4d-1e2f3a4b5c6d',
    ]) {
      expect(normalizeIdentifier(value)).toBe(value);
    }
  });
});
