import { describe, expect, it } from '@jest/globals';
import type { Creator, ReleaseRecord } from '../release-record.js';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import { escapeLatex, toBibtex } from './bibtex.js';

// A tiny BibTeX reader: enough to read back one entry as written by toBibtex.

interface BibEntry {
  readonly type: string;
  readonly key: string;
  readonly fields: ReadonlyMap<string, string>;
}

/** The braced group starting at `start` (which holds `{`): its content and the index after it. */
function braced(text: string, start: number): [string, number] {
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}') depth -= 1;
    if (depth === 0) return [text.slice(start + 1, i), i + 1];
  }
  throw new Error('unbalanced braces');
}

function readBibtex(text: string): BibEntry {
  const head = /^@(\w+)\{([^,\s]+),/u.exec(text);
  if (head === null) throw new Error('not a BibTeX entry');
  const fields = new Map<string, string>();
  const name = /\s*([a-z]+)\s*=\s*/uy;
  let i = head[0].length;
  for (;;) {
    while (/[\s,]/u.test(text[i] ?? '')) i += 1;
    if (text[i] === '}' || i >= text.length) break;
    name.lastIndex = i;
    const field = name.exec(text);
    if (field === null) throw new Error(`no field at ${String(i)}`);
    i = name.lastIndex;
    if (text[i] === '{') {
      const [value, next] = braced(text, i);
      fields.set(field[1]!, value);
      i = next;
    } else {
      const bare = /[^,\s}]+/uy;
      bare.lastIndex = i;
      const value = bare.exec(text)![0];
      fields.set(field[1]!, value);
      i = bare.lastIndex;
    }
  }
  return { type: head[1]!, key: head[2]!, fields };
}

const UNESCAPES: Record<string, string> = {
  textbackslash: '\\',
  textbraceleft: '{',
  textbraceright: '}',
  textasciitilde: '~',
  textasciicircum: '^',
};

function unescapeLatex(text: string): string {
  return text.replace(/\\([a-z]+)\{\}|\\([&%$#_])/gu, (whole, command?: string, char?: string) =>
    command === undefined ? (char ?? whole) : (UNESCAPES[command] ?? whole),
  );
}

/** Splits at a separator outside braces. */
function splitTopLevel(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}') depth -= 1;
    else if (depth === 0) {
      separator.lastIndex = i;
      const match = separator.exec(text);
      if (match !== null) {
        parts.push(text.slice(start, i));
        start = i + match[0].length;
        i = start - 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const unbrace = (text: string): string => (/^\{.*\}$/su.test(text) ? braced(text, 0)[0] : text);

function readAuthors(value: string): ({ family: string; given?: string } | { literal: string })[] {
  return splitTopLevel(value, /\s+and\s+/uy).map((name) => {
    if (/^\{.*\}$/su.test(name) && braced(name, 0)[1] === name.length)
      return { literal: unescapeLatex(unbrace(name)) };
    const [family, given] = splitTopLevel(name, /,\s*/uy);
    const familyName = unescapeLatex(unbrace(family!));
    return given === undefined
      ? { family: familyName }
      : { family: familyName, given: unescapeLatex(unbrace(given)) };
  });
}

function tricky(title: string, creators: readonly Creator[]): ReleaseRecord {
  return { ...KASCADE_LIKE_RECORD, metadata: { ...KASCADE_LIKE_RECORD.metadata, title, creators } };
}

const person = (familyName: string, givenName: string): Creator => ({
  kind: 'person',
  name: `${givenName} ${familyName}`,
  givenName,
  familyName,
  orcid: null,
  ror: null,
  affiliations: [],
});

describe('toBibtex', () => {
  it('writes a @misc entry that reads back', () => {
    const sut = readBibtex(toBibtex(KASCADE_LIKE_RECORD));
    expect(sut.type).toBe('misc');
    expect(sut.key).toBe('carberry2024-f450v2');
    expect(unescapeLatex(unbrace(sut.fields.get('title')!))).toBe(KASCADE_LIKE_RECORD.metadata.title);
    expect(readAuthors(sut.fields.get('author')!)).toEqual([
      { family: 'Carberry', given: 'Josiah' },
      { literal: 'KASCADE Collaboration' },
    ]);
    expect(sut.fields.get('year')).toBe('2024');
    expect(sut.fields.get('month')).toBe('mar');
    expect(sut.fields.get('doi')).toBe('10.5072/apdc.k7q2-x4mv');
    expect(sut.fields.get('url')).toBe(KASCADE_LIKE_RECORD.landingPage);
    expect(sut.fields.get('version')).toBe('2.0');
    expect(unescapeLatex(sut.fields.get('publisher')!)).toBe(KASCADE_LIKE_RECORD.publisher.name);
    expect(sut.fields.get('note')).toBe('Dataset');
  });

  it('escapes LaTeX special characters so that they read back, keeping braces balanced', () => {
    const title = 'Über & 100% {unbalanced_ "quoted" ~ ^ $ # \\ end';
    const creators: Creator[] = [
      person('Ångström', 'Anders Jonas'),
      person('Smith and Wesson', 'Jo'),
      { ...MINIMAL_RECORD.metadata.creators[0]!, name: 'Astro & Particle {Lab}_X' },
    ];
    const text = toBibtex(tricky(title, creators));
    expect(text).toContain('\\&');
    expect(text).toContain('100\\%');
    expect(text).toContain('Über');
    expect(text.split('{').length).toBe(text.split('}').length);

    const sut = readBibtex(text);
    expect(unescapeLatex(unbrace(sut.fields.get('title')!))).toBe(title);
    expect(readAuthors(sut.fields.get('author')!)).toEqual([
      { family: 'Ångström', given: 'Anders Jonas' },
      { family: 'Smith and Wesson', given: 'Jo' },
      { literal: 'Astro & Particle {Lab}_X' },
    ]);
    expect(sut.key).toBe('angstrom2024-f450v2');
  });

  it('escapes every special character', () => {
    expect(escapeLatex('a&b%c$d#e_f{g}h~i^j\\k')).toBe(
      'a\\&b\\%c\\$d\\#e\\_f\\textbraceleft{}g\\textbraceright{}h\\textasciitilde{}i\\textasciicircum{}j\\textbackslash{}k',
    );
    expect(escapeLatex('two\nlines')).toBe('two lines');
  });

  it('writes the minimal record without DOI or month', () => {
    const sut = readBibtex(toBibtex(MINIMAL_RECORD));
    expect(sut.fields.has('doi')).toBe(false);
    expect(sut.fields.has('month')).toBe(false);
    expect(sut.fields.get('year')).toBe('2023');
    expect(sut.fields.get('url')).toBe(MINIMAL_RECORD.landingPage);
    expect(sut.fields.get('version')).toBe('1');
    expect(readAuthors(sut.fields.get('author')!)).toEqual([{ literal: 'IceCube Collaboration' }]);
  });
});
