import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SearchQueryError } from '../errors.js';
import { normalizeIdentifier } from './identifiers.js';
import { EXACT_FIELDS, type ExactField, type QueryNode, TEXT_FIELDS, type TextField } from './query-ast.js';
import { parseSearchQuery } from './query-parser.js';

const sut = parseSearchQuery;

const all: QueryNode = { kind: 'all' };
const term = (text: string, field: TextField | null = null, match: 'exact' | 'prefix' | 'fuzzy' = 'exact') =>
  ({ kind: 'term', field, text, match }) satisfies QueryNode;
const phrase = (text: string, field: TextField | null = null) =>
  ({ kind: 'phrase', field, text }) satisfies QueryNode;
const identifier = (value: string) => ({ kind: 'identifier', value }) satisfies QueryNode;
const exact = (field: ExactField, value: string) => ({ kind: 'field', field, value }) satisfies QueryNode;
const year = (from: number | null, to: number | null) => ({ kind: 'year', from, to }) satisfies QueryNode;
const and = (...children: QueryNode[]): QueryNode => ({ kind: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ kind: 'or', children });
const not = (child: QueryNode): QueryNode => ({ kind: 'not', child });

const DOI_ASTROPHYSICS = '10.3847/1538-4365/acfa95';
const DOI_DATAVERSE = '10.7910/DVN/SCRUCD';
const ORCID = '0000-0002-1825-0097';
const ORCID_WITH_X = '0000-0002-1694-233X';
const UUID = '0190b4c2-6f1e-7a3b-9c4d-1e2f3a4b5c6d';

/** The messages of the SearchQueryError that `query` raises; fails if it raises nothing or anything else. */
function violationsOf(query: string): string[] {
  try {
    sut(query);
  } catch (error) {
    if (!(error instanceof SearchQueryError)) throw error;
    for (const violation of error.violations) expect(violation.path).toBe('q');
    return error.violations.map((violation) => violation.message);
  }
  throw new Error(`expected ${JSON.stringify(query)} to be refused`);
}

describe(parseSearchQuery.name, () => {
  describe('words', () => {
    it.each<[string, QueryNode]>([
      ['', all],
      [' \t\r\n ', all],
      ['neutrino', term('neutrino')],
      ['  Neutrino  ', term('Neutrino')],
      ['neutrino flux', and(term('neutrino'), term('flux'))],
      ['neutrino\tflux\nmap', and(term('neutrino'), term('flux'), term('map'))],
      ['cosmic-ray', term('cosmic-ray')],
      ["physicist's", term("physicist's")],
      ['H.E.S.S.', term('H.E.S.S')],
      ['snake_case', term('snake_case')],
      ['γ-ray Überraschung 宇宙線', and(term('γ-ray'), term('Überraschung'), term('宇宙線'))],
      ['neutrino, flux.', and(term('neutrino'), term('flux'))],
      ["'quoted'", term('quoted')],
      ['foo:bar', term('foo:bar')],
      ['constructor:x', term('constructor:x')],
      ['and or not', and(term('and'), term('or'), term('not'))],
      ['neu*trino what?', and(term('neutrino'), term('what'))],
      ['C++', term('C')],
      ['a - b', and(term('a'), term('b'))],
      ['a -', term('a')],
      ['(a -)', term('a')],
      ['...', all],
      ['*', all],
      ['~', all],
      ['-- ! +', all],
      ['😀', all],
    ])('%j', (query, expected) => {
      expect(sut(query)).toEqual(expected);
    });
  });

  describe('prefix and fuzzy terms', () => {
    it.each<[string, QueryNode]>([
      ['neutr*', term('neutr', null, 'prefix')],
      ['ne*', term('ne', null, 'prefix')],
      ['neutr**', term('neutr', null, 'prefix')],
      ['γρ*', term('γρ', null, 'prefix')],
      ['neutrnio~', term('neutrnio', null, 'fuzzy')],
      ['neutrnio~2', term('neutrnio', null, 'fuzzy')],
      ['a~b', term('a~b')],
      ['title:neutr*', term('neutr', 'title', 'prefix')],
      ['creator:Smiht~', term('Smiht', 'creator', 'fuzzy')],
    ])('%j', (query, expected) => {
      expect(sut(query)).toEqual(expected);
    });
  });

  describe('phrases', () => {
    it.each<[string, QueryNode]>([
      ['"cosmic ray"', phrase('cosmic ray')],
      ['"  cosmic \n\t ray "', phrase('cosmic ray')],
      ['"neutrino"', phrase('neutrino')],
      ['""', all],
      ['"   "', all],
      ['"..."', all],
      ['a ""', term('a')],
      ['\u201ccosmic ray\u201d', phrase('cosmic ray')],
      ['\u201ecosmic ray\u201c', phrase('cosmic ray')],
      ['"cosmic ray"~3', phrase('cosmic ray')],
      ['"AND (OR" x', and(phrase('AND (OR'), term('x'))],
      ['a"b c"d', and(term('a'), phrase('b c'), term('d'))],
      ['"neutr*"', phrase('neutr*')],
    ])('%j', (query, expected) => {
      expect(sut(query)).toEqual(expected);
    });
  });

  describe('operators and precedence', () => {
    const [a, b, c, d] = [term('a'), term('b'), term('c'), term('d')];
    it.each<[string, QueryNode]>([
      ['a AND b', and(a, b)],
      ['a && b', and(a, b)],
      ['a OR b', or(a, b)],
      ['a || b', or(a, b)],
      ['a OR b c', or(a, and(b, c))],
      ['a b OR c', or(and(a, b), c)],
      ['a AND b OR c AND d', or(and(a, b), and(c, d))],
      ['(a OR b) c', and(or(a, b), c)],
      ['a (b OR c)', and(a, or(b, c))],
      ['a OR (b OR c)', or(a, b, c)],
      ['a (b (c d))', and(a, b, c, d)],
      ['((a))', a],
      ['()', all],
      ['a ()', a],
      ['a OR ""', a],
      ['NOT a', and(all, not(a))],
      ['-a', and(all, not(a))],
      ['!a', and(all, not(a))],
      ['+a', a],
      ['+a +b', and(a, b)],
      ['-a -b', and(all, not(a), not(b))],
      ['a -b', and(a, not(b))],
      ['a NOT b', and(a, not(b))],
      ['a AND NOT b', and(a, not(b))],
      ['NOT a b', and(not(a), b)],
      ['NOT a OR b', or(not(a), b)],
      ['a OR -b', or(a, not(b))],
      ['NOT NOT a', a],
      ['--a', a],
      ['-(-a)', a],
      [`${'NOT '.repeat(248)}a`, a],
      [`${'NOT '.repeat(247)}a`, and(all, not(a))],
      [`${'-'.repeat(998)}a`, a],
      ['-"cosmic ray"', and(all, not(phrase('cosmic ray')))],
      ['-(a OR b)', and(all, not(or(a, b)))],
      ['a -(b c)', and(a, not(and(b, c)))],
      ['-a OR -b', or(not(a), not(b))],
    ])('%j', (query, expected) => {
      expect(sut(query)).toEqual(expected);
    });
  });

  describe('text fields', () => {
    it.each<[string, QueryNode]>([
      ['title:neutrino', term('neutrino', 'title')],
      ['Title:neutrino', term('neutrino', 'title')],
      ['TITLE:Neutrino', term('Neutrino', 'title')],
      ['description:"cosmic ray"', phrase('cosmic ray', 'description')],
      ['creator:Smith', term('Smith', 'creator')],
      ['author:Smith', term('Smith', 'creator')],
      ['keyword:flux', term('flux', 'keyword')],
      ['keywords:flux', term('flux', 'keyword')],
      ['title: neutrino', term('neutrino', 'title')],
      ['title:\n"cosmic ray"', phrase('cosmic ray', 'title')],
      [
        'title:(cosmic "gamma ray" OR neutrino)',
        or(and(term('cosmic', 'title'), phrase('gamma ray', 'title')), term('neutrino', 'title')),
      ],
      ['title:(a creator:b)', and(term('a', 'title'), term('b', 'creator'))],
      ['title:(a -b)', and(term('a', 'title'), not(term('b', 'title')))],
      ['-title:foo', and(all, not(term('foo', 'title')))],
      ['title:-foo', and(all, not(term('foo', 'title')))],
      ['title:NOT foo', and(all, not(term('foo', 'title')))],
      ['title:+foo', term('foo', 'title')],
      ['title:title:foo', term('foo', 'title')],
      ['title:foo bar', and(term('foo', 'title'), term('bar'))],
      ['title:(a ""  b)', and(term('a', 'title'), term('b', 'title'))],
      [`title:${DOI_DATAVERSE}`, term(DOI_DATAVERSE, 'title')],
      [`title:"${DOI_DATAVERSE}"`, phrase(DOI_DATAVERSE, 'title')],
    ])('%j', (query, expected) => {
      expect(sut(query)).toEqual(expected);
    });
  });

  describe('exact fields', () => {
    it.each<[string, QueryNode]>([
      ['experiment:IceCube', exact('experiment', 'icecube')],
      ['facility:ANTARES', exact('experiment', 'antares')],
      ['messenger:Neutrino', exact('messenger', 'neutrino')],
      ['type:event-list', exact('type', 'event-list')],
      ['license:CC-BY-4.0', exact('license', 'cc-by-4.0')],
      ['licence:CC0-1.0', exact('license', 'cc0-1.0')],
      ['experiment:"Pierre Auger"', exact('experiment', 'pierre auger')],
      ['experiment:ice*', exact('experiment', 'ice*')],
      ['messenger:(neutrino OR photon)', or(exact('messenger', 'neutrino'), exact('messenger', 'photon'))],
      ['-experiment:icecube', and(all, not(exact('experiment', 'icecube')))],
      ['neutrino experiment:icecube', and(term('neutrino'), exact('experiment', 'icecube'))],
    ])('%j', (query, expected) => {
      expect(sut(query)).toEqual(expected);
    });
  });

  describe('years', () => {
    it.each<[string, QueryNode]>([
      ['year:2019', year(2019, 2019)],
      ['year:2015..2020', year(2015, 2020)],
      ['year:2015..', year(2015, null)],
      ['year:..2020', year(null, 2020)],
      ['year:2019..2019', year(2019, 2019)],
      ['year:1000 year:9999', and(year(1000, 1000), year(9999, 9999))],
      ['year:"2019"', year(2019, 2019)],
      ['year:(2019 OR 2021..)', or(year(2019, 2019), year(2021, null))],
      ['neutrino -year:2019', and(term('neutrino'), not(year(2019, 2019)))],
      ['2019', term('2019')],
    ])('%j', (query, expected) => {
      expect(sut(query)).toEqual(expected);
    });
  });

  describe('identifiers', () => {
    it.each<[string, QueryNode]>([
      [DOI_ASTROPHYSICS, identifier(`doi:${DOI_ASTROPHYSICS}`)],
      [DOI_DATAVERSE, identifier('doi:10.7910/dvn/scrucd')],
      [`doi:${DOI_DATAVERSE}`, identifier('doi:10.7910/dvn/scrucd')],
      [`DOI: ${DOI_DATAVERSE}`, identifier('doi:10.7910/dvn/scrucd')],
      [`https://doi.org/${DOI_ASTROPHYSICS}`, identifier(`doi:${DOI_ASTROPHYSICS}`)],
      [`http://dx.doi.org/${DOI_ASTROPHYSICS}`, identifier(`doi:${DOI_ASTROPHYSICS}`)],
      [`doi:https://doi.org/${DOI_DATAVERSE}`, identifier('doi:10.7910/dvn/scrucd')],
      [`"${DOI_DATAVERSE}"`, identifier('doi:10.7910/dvn/scrucd')],
      [
        '10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O',
        identifier('doi:10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-o'),
      ],
      [ORCID, identifier(`orcid:${ORCID}`)],
      [ORCID_WITH_X.toLowerCase(), identifier(`orcid:${ORCID_WITH_X}`)],
      [`orcid:${ORCID_WITH_X}`, identifier(`orcid:${ORCID_WITH_X}`)],
      [`https://orcid.org/${ORCID}`, identifier(`orcid:${ORCID}`)],
      ['0000-0002-1825-0098', term('0000-0002-1825-0098')],
      ['arXiv:2307.16210', identifier('arxiv:2307.16210')],
      ['arxiv:2307.16210v2', identifier('arxiv:2307.16210v2')],
      ['arXiv:hep-ex/0101001', identifier('arxiv:hep-ex/0101001')],
      ['https://arxiv.org/abs/2307.16210', identifier('arxiv:2307.16210')],
      [UUID.toUpperCase(), identifier(`id:${UUID}`)],
      [`id:${UUID}`, identifier(`id:${UUID}`)],
      ['https://example.org/a?b=c(d)', identifier('url:https://example.org/a?b=c(d)')],
      ['url:https://example.org/a?b=c(d)', identifier('url:https://example.org/a?b=c(d)')],
      [`url:https://doi.org/${DOI_DATAVERSE}`, identifier('doi:10.7910/dvn/scrucd')],
      ['HTTPS://Example.org/', identifier('url:https://example.org')],
      ['(https://example.org/a?b=c(d))', identifier('url:https://example.org/a?b=c(d)')],
      [
        `neutrino (https://example.org/a(b) OR ${DOI_DATAVERSE})`,
        and(
          term('neutrino'),
          or(identifier('url:https://example.org/a(b)'), identifier('doi:10.7910/dvn/scrucd')),
        ),
      ],
      [`see ${DOI_DATAVERSE}.`, and(term('see'), identifier('doi:10.7910/dvn/scrucd'))],
      [`(see https://example.org/x).`, and(term('see'), identifier('url:https://example.org/x'))],
      [`-${DOI_DATAVERSE}`, and(all, not(identifier('doi:10.7910/dvn/scrucd')))],
      [
        `${DOI_DATAVERSE} OR ${ORCID}`,
        or(identifier('doi:10.7910/dvn/scrucd'), identifier(`orcid:${ORCID}`)),
      ],
      [`https://example.org/"quoted"`, and(identifier('url:https://example.org'), phrase('quoted'))],
      ['10.12/short-registrant', term('10.12/short-registrant')],
      ['https://', term('https')],
    ])('%j', (query, expected) => {
      expect(sut(query)).toEqual(expected);
    });
  });

  describe('refusals', () => {
    it.each<[string, string[]]>([
      ['"cosmic ray', ['unbalanced quote opened at position 1']],
      ['neutrino "cosmic', ['unbalanced quote opened at position 10']],
      ['"a" "b" "c', ['unbalanced quote opened at position 9']],
      ['(a', ['unbalanced ( at position 1 is never closed']],
      [
        '((a) (b',
        ['unbalanced ( at position 1 is never closed', 'unbalanced ( at position 6 is never closed'],
      ],
      ['a)', ['stray ) at position 2 has no matching (']],
      [')(', ['stray ) at position 1 has no matching (', 'unbalanced ( at position 2 is never closed']],
      ['AND a', ['operator AND at position 1 has no left operand']],
      ['a AND', ['operator AND at position 3 has no right operand']],
      ['a OR', ['operator OR at position 3 has no right operand']],
      ['a ||', ['operator || at position 3 has no right operand']],
      ['&& a', ['operator && at position 1 has no left operand']],
      ['NOT', ['operator NOT at position 1 has no operand']],
      ['a NOT', ['operator NOT at position 3 has no operand']],
      ['a OR OR b', ['operator OR at position 3 has no right operand']],
      ['a AND OR b', ['operator AND at position 3 has no right operand']],
      [
        'a AND) b',
        ['operator AND at position 3 has no right operand', 'stray ) at position 6 has no matching ('],
      ],
      ['(AND a)', ['operator AND at position 2 has no left operand']],
      ['(a NOT)', ['operator NOT at position 4 has no operand']],
      [
        '-AND',
        ['operator - at position 1 has no operand', 'operator AND at position 2 has no right operand'],
      ],
      ['+OR a', ['operator + at position 1 has no operand']],
      ['a NOT OR b', ['operator NOT at position 3 has no operand']],
      ['title:', ['field title: at position 1 needs a value']],
      ['title: ', ['field title: at position 1 needs a value']],
      ['author:', ['field author: at position 1 needs a value']],
      ['title:)', ['field title: at position 1 needs a value', 'stray ) at position 7 has no matching (']],
      ['(title:)', ['field title: at position 2 needs a value']],
      ['a title: OR b', ['field title: at position 3 needs a value']],
      ['title:""', ['field title: at position 1 needs a value']],
      ['title:*', ['field title: at position 1 needs a value']],
      ['title:()', ['field title: at position 1 needs a value']],
      ['title:-', ['field title: at position 1 needs a value']],
      ['experiment:"..."', ['field experiment: at position 1 needs a value']],
      [
        'year:abc',
        ['year: value "abc" at position 6 is not a year (2019) or range (2015..2020, 2015.., ..2020)'],
      ],
      [
        'year:20190',
        ['year: value "20190" at position 6 is not a year (2019) or range (2015..2020, 2015.., ..2020)'],
      ],
      [
        'year:2019,',
        ['year: value "2019," at position 6 is not a year (2019) or range (2015..2020, 2015.., ..2020)'],
      ],
      ['year:2020..2015', ['year range 2020..2015 at position 6 ends before it starts']],
      ['year:0999', ['year "0999" at position 6 is not between 1000 and 9999']],
      ['year:..0999', ['year "..0999" at position 6 is not between 1000 and 9999']],
      ['year:..', ['year range .. at position 6 needs a first or a last year']],
      ['year:', ['field year: at position 1 needs a value']],
      [
        `year:${DOI_DATAVERSE}`,
        [
          `year: value "${DOI_DATAVERSE}" at position 6 is not a year (2019) or range (2015..2020, 2015.., ..2020)`,
        ],
      ],
      ['doi:foo', ['doi: value "foo" at position 5 is not a DOI such as 10.1234/abc']],
      ['doi:10.12/x', ['doi: value "10.12/x" at position 5 is not a DOI such as 10.1234/abc']],
      [`doi:${ORCID}`, [`doi: value "${ORCID}" at position 5 is not a DOI such as 10.1234/abc`]],
      [
        'orcid:0000-0002-1825-0098',
        [
          'orcid: value "0000-0002-1825-0098" at position 7 is not an ORCID iD such as 0000-0002-1825-0097 (with a valid check character)',
        ],
      ],
      ['id:42', ['id: value "42" at position 4 is not a UUID']],
      ['url:example.org', ['url: value "example.org" at position 5 is not an http(s) URL']],
      [
        'arxiv:foo',
        ['arxiv: value "foo" at position 7 is not an arXiv id such as 2307.16210 or hep-ex/0101001'],
      ],
      ['doi:', ['field doi: at position 1 needs a value']],
      ['n*', ['prefix n* at position 1 needs at least 2 characters before *']],
      ['title:(a n*)', ['prefix n* at position 10 needs at least 2 characters before *']],
      ['a\u0007b', ['control character U+0007 at position 2 is not allowed']],
      ['\u0000', ['control character U+0000 at position 1 is not allowed']],
      ['a\u007f', ['control character U+007F at position 2 is not allowed']],
      ['a\u0085', ['control character U+0085 at position 2 is not allowed']],
      ['a\u000b', ['control character U+000B at position 2 is not allowed']],
      ['\ud800x', ['unpaired surrogate U+D800 at position 1 is not allowed']],
      ['😀 \udc00', ['unpaired surrogate U+DC00 at position 3 is not allowed']],
      ['😀😀 (', ['unbalanced ( at position 4 is never closed']],
      [
        'AND (a \u0001 "b',
        [
          'operator AND at position 1 has no left operand',
          'unbalanced ( at position 5 is never closed',
          'control character U+0001 at position 8 is not allowed',
          'unbalanced quote opened at position 10',
        ],
      ],
      [
        'year:abc doi:x n*',
        [
          'year: value "abc" at position 6 is not a year (2019) or range (2015..2020, 2015.., ..2020)',
          'doi: value "x" at position 14 is not a DOI such as 10.1234/abc',
          'prefix n* at position 16 needs at least 2 characters before *',
        ],
      ],
    ])('%j', (query, expected) => {
      expect(violationsOf(query)).toEqual(expected);
    });

    it('names the offending code point of every control character, up to a summary', () => {
      const messages = violationsOf('\u0000'.repeat(30));
      expect(messages).toHaveLength(21);
      expect(messages[0]).toBe('control character U+0000 at position 1 is not allowed');
      expect(messages[19]).toBe('control character U+0000 at position 20 is not allowed');
      expect(messages[20]).toBe('10 more problems not listed (from position 21)');
    });
  });

  describe('limits', () => {
    it('accepts 1000 characters, counting code points, and refuses 1001', () => {
      expect(sut('a'.repeat(1000))).toEqual(term('a'.repeat(1000)));
      expect(sut('😀'.repeat(1000))).toEqual(all);
      const refusal = ['the query is longer than 1000 characters (position 1001 onwards)'];
      expect(violationsOf('a'.repeat(1001))).toEqual(refusal);
      expect(violationsOf('😀'.repeat(1001))).toEqual(refusal);
    });

    const words = (count: number) => Array.from({ length: count }, (_, i) => `w${i}`).join(' ');

    it('accepts 64 terms and refuses 65', () => {
      expect(sut(words(64))).toMatchObject({ kind: 'and', children: { length: 64 } });
      expect(violationsOf(words(65))).toEqual([
        'the query has more than 64 terms (the next one is at position 247)',
      ]);
    });

    it('does not count ignored words as terms', () => {
      expect(sut(`${words(64)} ${'- '.repeat(100)}`)).toMatchObject({
        kind: 'and',
        children: { length: 64 },
      });
    });

    it('accepts parentheses nested 16 deep and refuses 17', () => {
      expect(sut(`${'('.repeat(16)}a${')'.repeat(16)}`)).toEqual(term('a'));
      expect(violationsOf(`${'('.repeat(17)}a${')'.repeat(17)}`)).toEqual([
        'parentheses nested deeper than 16 levels at position 17',
      ]);
    });

    /** `a OR b (…)`: two operator levels (or, and) per parenthesis. */
    const alternating = (levels: number): string =>
      levels === 0 ? 'x' : `a OR b (${alternating(levels - 1)})`;

    it('accepts operators nested 16 deep and refuses 17', () => {
      expect(depthOf(sut(alternating(8)))).toBe(17);
      expect(violationsOf(alternating(9))).toEqual(['operators nested deeper than 16 levels at position 65']);
    });

    it.each([
      ['1000 opening parentheses', '('.repeat(1000)],
      ['1000 closing parentheses', ')'.repeat(1000)],
      ['999 quotes', '"'.repeat(999)],
      ['250 ANDs', 'AND '.repeat(250)],
      ['500 ORs', '|| '.repeat(333)],
      ['field after field', 'title:'.repeat(166)],
      ['year ranges', 'year:..'.repeat(142)],
      ['many prefixes', 'n* '.repeat(333)],
      ['10 kB of operators', 'AND OR NOT ( '.repeat(800)],
      ['a megabyte of parentheses', '('.repeat(1_000_000)],
    ])('refuses %s in well under 10 ms', (_what, query) => {
      expect(fastestRunMs(() => violationsOf(query))).toBeLessThan(10);
    });

    it.each([
      ['500 balanced pairs of quotes', '"'.repeat(1000)],
      ['a long word', 'x'.repeat(1000)],
      ['a long URL', `https://example.org/${'(a)'.repeat(320)}`],
      ['many ignored dashes', '- '.repeat(500)],
      ['groups', '(a OR b) '.repeat(32)],
      ['1000 dashes', '-'.repeat(1000)],
      ['a run of pipes, which is no operator', '|'.repeat(1000)],
    ])('parses %s in well under 10 ms', (_what, query) => {
      expect(() => sut(query)).not.toThrow();
      expect(fastestRunMs(() => sut(query))).toBeLessThan(10);
    });
  });

  describe('fuzzing', () => {
    it('has a validator that notices broken trees', () => {
      expect(wellFormednessProblems(and(term(''), or(term('a'))))).toEqual([
        'a letter or digit: {"kind":"term","field":null,"text":"","match":"exact"}',
        'two children or more: {"kind":"or","children":[{"kind":"term","field":null,"text":"a","match":"exact"}]}',
      ]);
    });

    const GRAMMAR_TOKENS = [
      '(',
      ')',
      '"',
      '\u201c',
      'AND',
      'OR',
      'NOT',
      '&&',
      '||',
      '!',
      '+',
      '-',
      '*',
      '~',
      '..',
      ':',
      ',',
      'title:',
      'author:',
      'keyword:',
      'experiment:',
      'license:',
      'year:',
      'doi:',
      'orcid:',
      'id:',
      'url:',
      'arXiv:',
      'foo:',
      '2019',
      '2015..2020',
      '..2020',
      '2020..2015',
      'neutrino',
      'neutr*',
      'n*',
      'neutrnio~',
      'γ-ray',
      'and',
      DOI_ASTROPHYSICS,
      DOI_DATAVERSE,
      `https://doi.org/${DOI_DATAVERSE}`,
      ORCID,
      ORCID_WITH_X,
      '0000-0002-1825-0098',
      UUID,
      '2307.16210',
      'https://example.org/a?b=c(d)',
      'https://',
      '\u0000',
      '\u0007',
      '\ud800',
      '😀',
      'e\u0301',
    ];
    const grammarQuery = fc
      .array(fc.tuple(fc.constantFrom(...GRAMMAR_TOKENS), fc.constantFrom('', ' ', ' ', '\t', '\n')), {
        maxLength: 80,
      })
      .map((parts) => parts.map(([token, separator]) => token + separator).join(''));

    /** Queries the grammar accepts, so that the fuzzing reaches deep trees and not only refusals. */
    const { wellFormedQuery } = fc.letrec<{ wellFormedQuery: string; operand: string }>((tie) => ({
      wellFormedQuery: fc
        .array(fc.tuple(fc.constantFrom(' ', ' AND ', ' OR ', ' && ', ' || ', '\n'), tie('operand')), {
          minLength: 1,
          maxLength: 3,
          depthIdentifier: 'query',
        })
        .map((parts) =>
          parts.map(([operator, operand], index) => (index === 0 ? operand : operator + operand)).join(''),
        ),
      operand: fc.oneof(
        { maxDepth: 8, depthSize: 'medium', depthIdentifier: 'query', withCrossShrink: true },
        fc.constantFrom(
          ...GRAMMAR_TOKENS.filter((token) => /^[\p{L}\d]/u.test(token) && !/:|^(AND|OR|NOT)$/.test(token)),
        ),
        fc.stringMatching(/^[a-zA-Zαβγ]{1,8}[*~]?$/).filter((word) => !/^(AND|OR|NOT)$/.test(word)),
        fc.stringMatching(/^[a-z]{1,6}( [a-z]{1,6}){0,2}$/).map((words) => `"${words}"`),
        fc
          .tuple(
            fc.constantFrom('title:', 'creator:', 'keyword:', 'experiment:', 'messenger:'),
            tie('operand'),
          )
          .map(([field, operand]) => field + operand),
        fc.constantFrom(
          'year:2019',
          'year:2015..',
          `doi:${DOI_DATAVERSE}`,
          `orcid:${ORCID_WITH_X}`,
          `id:${UUID}`,
        ),
        fc
          .tuple(fc.constantFrom('-', '+', '!', 'NOT '), tie('operand'))
          .map(([operator, operand]) => operator + operand),
        tie('wellFormedQuery').map((query) => `(${query})`),
      ),
    }));

    it('parses well-formed queries unless they exceed a limit', () => {
      fc.assert(
        fc.property(wellFormedQuery, (query) => {
          let parsed: QueryNode;
          try {
            parsed = sut(query);
          } catch (error) {
            if (!(error instanceof SearchQueryError)) throw error;
            for (const violation of error.violations) {
              expect(violation.message).toMatch(
                /more than 64 terms|nested deeper than 16|longer than 1000|prefix/,
              );
            }
            return;
          }
          expect(wellFormednessProblems(parsed)).toEqual([]);
        }),
        { numRuns: 2000 },
      );
    });

    it.each([
      ['arbitrary strings', fc.string({ unit: 'binary', maxLength: 300 })],
      ['arbitrary ASCII', fc.string({ unit: 'binary-ascii', maxLength: 300 })],
      ['grammar-shaped strings', grammarQuery],
    ])('returns a well-formed tree or a SearchQueryError for %s', (_what, queries) => {
      fc.assert(
        fc.property(queries, (query) => {
          let parsed: QueryNode;
          try {
            parsed = sut(query);
          } catch (error) {
            if (!(error instanceof SearchQueryError)) throw error;
            expect(error.violations.length).toBeGreaterThan(0);
            for (const violation of error.violations) {
              expect(violation.path).toBe('q');
              expect(violation.message).toMatch(/position \d+/);
            }
            return;
          }
          expect(wellFormednessProblems(parsed)).toEqual([]);
          expect(sut(`  ${query}\n`)).toEqual(parsed);
        }),
        { numRuns: 2000 },
      );
    });
  });
});

/** The best of several runs, so that a busy machine or a garbage collection does not fail the test. */
function fastestRunMs(run: () => unknown): number {
  let fastest = Infinity;
  for (let attempt = 0; attempt < 7; attempt++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

function depthOf(node: QueryNode): number {
  switch (node.kind) {
    case 'and':
    case 'or':
      return 1 + Math.max(...node.children.map(depthOf));
    case 'not':
      return 1 + depthOf(node.child);
    case 'all':
    case 'term':
    case 'phrase':
    case 'identifier':
    case 'field':
    case 'year':
      return 1;
  }
}

const FORBIDDEN = /[\p{Cc}\p{Cs}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * What adapters may rely on (query-ast.ts and the simplifications parseSearchQuery promises), as a list of
 * broken rules: plain checks, since thousands of fuzzed trees through `expect` would take seconds.
 */
function wellFormednessProblems(root: QueryNode): string[] {
  const problems: string[] = [];
  const check = (holds: boolean, rule: string, node: QueryNode) => {
    if (!holds) problems.push(`${rule}: ${JSON.stringify(node)}`);
  };
  const checkText = (text: string, node: QueryNode) => {
    check(!FORBIDDEN.test(text), 'no control characters', node);
    check(LETTER_OR_DIGIT.test(text), 'a letter or digit', node);
    check(text === text.trim(), 'trimmed', node);
  };
  let leaves = 0;
  const visit = (node: QueryNode, depth: number, parent: QueryNode | null): void => {
    check(depth <= 17, 'depth at most 17', node);
    switch (node.kind) {
      case 'all':
        check(parent === null || parent === root, 'all only at the root or under it', node);
        return;
      case 'term':
        leaves++;
        check(node.field === null || TEXT_FIELDS.includes(node.field), 'a text field', node);
        check(['exact', 'prefix', 'fuzzy'].includes(node.match), 'a match kind', node);
        checkText(node.text, node);
        check(node.match !== 'prefix' || Array.from(node.text).length >= 2, 'prefix of 2 characters', node);
        return;
      case 'phrase':
        leaves++;
        check(node.field === null || TEXT_FIELDS.includes(node.field), 'a text field', node);
        checkText(node.text, node);
        return;
      case 'identifier':
        leaves++;
        check(/^(doi|orcid|arxiv|id|url):\S+$/.test(node.value), 'a scheme', node);
        check(normalizeIdentifier(node.value) === node.value, 'normalised', node);
        return;
      case 'field':
        leaves++;
        check(EXACT_FIELDS.includes(node.field), 'an exact field', node);
        check(node.value === node.value.toLowerCase(), 'lower case', node);
        check(LETTER_OR_DIGIT.test(node.value) && !FORBIDDEN.test(node.value), 'a clean value', node);
        return;
      case 'year':
        leaves++;
        check(node.from !== null || node.to !== null, 'a bound', node);
        for (const bound of [node.from, node.to]) {
          check(
            bound === null || (Number.isInteger(bound) && bound >= 1000 && bound <= 9999),
            'a year',
            node,
          );
        }
        check(node.from === null || node.to === null || node.from <= node.to, 'an ordered range', node);
        return;
      case 'and':
      case 'or':
        check(node.children.length >= 2, 'two children or more', node);
        node.children.forEach((child, index) => {
          check(child.kind !== node.kind, 'flattened', node);
          if (child.kind === 'all') {
            const rest = node.children.slice(1);
            check(node === root && node.kind === 'and' && index === 0, 'all first under the root', node);
            check(
              rest.every((sibling) => sibling.kind === 'not'),
              'all only beside negations',
              node,
            );
          }
          visit(child, depth + 1, node);
        });
        return;
      case 'not':
        check(node.child.kind !== 'not' && node.child.kind !== 'all', 'no double negation', node);
        visit(node.child, depth + 1, node);
        return;
    }
  };
  visit(root, 1, null);
  check(leaves <= 64, 'at most 64 leaves', root);
  return problems;
}
