import { describe, expect, it } from '@jest/globals';
import type { ReleaseRecord } from '../release-record.js';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import { RIS_LINE_END, toRis } from './ris.js';

/** A tiny RIS reader: the values of each tag, in order. */
function readRis(text: string): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/u)) {
    if (line === '') continue;
    const match = /^([A-Z][A-Z0-9]) {2}- ?(.*)$/u.exec(line);
    if (match === null) throw new Error(`not a RIS line: ${line}`);
    tags.set(match[1]!, [...(tags.get(match[1]!) ?? []), match[2]!]);
  }
  return tags;
}

describe('toRis', () => {
  it('writes a DATA record with CR LF line ends, starting with TY and ending with ER', () => {
    const text = toRis(KASCADE_LIKE_RECORD);
    expect(RIS_LINE_END).toBe('\r\n');
    expect(text.startsWith('TY  - DATA\r\n')).toBe(true);
    expect(text.endsWith('ER  - \r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/u);
  });

  it('reads back title, authors, year, date, DOI, version and keywords', () => {
    const sut = readRis(toRis(KASCADE_LIKE_RECORD));
    const m = KASCADE_LIKE_RECORD.metadata;
    expect(sut.get('TY')).toEqual(['DATA']);
    expect(sut.get('AU')).toEqual(['Carberry, Josiah', 'KASCADE Collaboration']);
    expect(sut.get('TI')).toEqual([m.title]);
    expect(sut.get('PY')).toEqual(['2024']);
    expect(sut.get('DA')).toEqual(['2024/03/01/']);
    expect(sut.get('PB')).toEqual([KASCADE_LIKE_RECORD.publisher.name]);
    expect(sut.get('DO')).toEqual(['10.5072/apdc.k7q2-x4mv']);
    expect(sut.get('UR')).toEqual([KASCADE_LIKE_RECORD.landingPage]);
    expect(sut.get('ET')).toEqual(['2.0']);
    expect(sut.get('AB')).toEqual([m.description]);
    expect(sut.get('KW')).toEqual([...m.keywords]);
    expect(sut.get('LA')).toEqual(['en']);
    expect(sut.get('ER')).toEqual(['']);
  });

  it('keeps special characters and folds line breaks', () => {
    const title = 'Über & 100% {braces}_ "quoted" — ER  - not a tag';
    const record: ReleaseRecord = {
      ...KASCADE_LIKE_RECORD,
      metadata: { ...KASCADE_LIKE_RECORD.metadata, title, description: 'first line\r\nER  - second line' },
    };
    const sut = readRis(toRis(record));
    expect(sut.get('TI')).toEqual([title]);
    expect(sut.get('AB')).toEqual(['first line ER  - second line']);
    expect(sut.get('ER')).toEqual(['']);
  });

  it('writes the minimal record without a DOI', () => {
    const sut = readRis(toRis(MINIMAL_RECORD));
    expect(sut.has('DO')).toBe(false);
    expect(sut.has('KW')).toBe(false);
    expect(sut.get('AU')).toEqual(['IceCube Collaboration']);
    expect(sut.get('PY')).toEqual(['2023']);
    expect(sut.get('DA')).toEqual(['2023///']);
    expect(sut.get('UR')).toEqual([MINIMAL_RECORD.landingPage]);
    expect(sut.get('ET')).toEqual(['1']);
  });
});
