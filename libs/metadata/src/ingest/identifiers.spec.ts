import { describe, expect, it } from '@jest/globals';
import { parseOrcid, parseRelatedIdentifier, parseRor, parseSpdxLicense } from './identifiers.js';

describe('release identifiers', () => {
  it('accepts ORCID iDs with a correct check character and refuses others', () => {
    expect(parseOrcid('https://orcid.org/0000-0002-1825-0097')).toBe('0000-0002-1825-0097');
    expect(parseOrcid('0000-0001-5109-3700')).toBe('0000-0001-5109-3700');
    expect(parseOrcid('0000-0002-1694-233X')).toBe('0000-0002-1694-233X');
    expect(parseOrcid('https://orcid.org/0000-0002-1825-0098')).toBeUndefined();
    expect(parseOrcid('0000-0002-1825')).toBeUndefined();
  });

  it('recognises ROR ids, DOIs, arXiv ids and SPDX licences', () => {
    expect(parseRor('https://ror.org/04t3en479')).toBe('04t3en479');
    expect(parseRor('https://ror.org/04t3en47')).toBeUndefined();
    expect(parseRor('https://ror.org/01y2jtd41')).toBe('01y2jtd41');
    expect(parseRor('https://ror.org/04t3en478')).toBeUndefined();
    expect(parseRelatedIdentifier('https://doi.org/10.7910/DVN/SCRUCD')).toEqual({
      identifier: '10.7910/dvn/scrucd',
      identifierType: 'DOI',
    });
    expect(parseRelatedIdentifier('arXiv:2307.16210')).toEqual({
      identifier: 'arXiv:2307.16210',
      identifierType: 'arXiv',
    });
    expect(parseRelatedIdentifier('ftp://example.org/x')).toBeUndefined();
    expect(parseSpdxLicense('https://spdx.org/licenses/CC-BY-4.0')).toBe('CC-BY-4.0');
    expect(parseSpdxLicense('CC0-1.0')).toBe('CC0-1.0');
    expect(parseSpdxLicense('not a licence')).toBeUndefined();
  });
});
