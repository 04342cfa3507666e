/**
 * RIS record of a release (the Research Information Systems tagged format read by EndNote, Zotero,
 * Mendeley and most reference managers).
 */
import type { ReleaseRecord } from '../release-record.js';
import { invertedName, publicationDateParts, publicationYear, versionLabel } from './citation-text.js';

/** RIS lines end with CR LF, as the RIS specification requires; readers accept LF, writers send CR LF. */
export const RIS_LINE_END = '\r\n';

function line(tag: string, value: string): string {
  // One field per line: line breaks inside a value are folded into spaces.
  return `${tag}  - ${value.replace(/\s*[\r\n]+\s*/gu, ' ')}`;
}

/** A RIS date `YYYY/MM/DD/` with empty parts where unknown (e.g. `2023///`). */
function risDate(parts: readonly number[]): string {
  const [year, month, day] = parts;
  const two = (n: number | undefined): string => (n === undefined ? '' : String(n).padStart(2, '0'));
  return `${year === undefined ? '' : String(year).padStart(4, '0')}/${two(month)}/${two(day)}/`;
}

/**
 * The release as a RIS record of type `DATA`: `AU` per creator ("Family, Given", organisations by name),
 * `TI`, `PY` (year), `DA` (`YYYY/MM/DD/`), `PB`, `DO` (bare DOI), `UR` (landing page), `ET` (version),
 * `AB`, `KW` per keyword, `LA`, then `ER`. Lines end with CR LF ({@link RIS_LINE_END}); the text is
 * meant to be served as UTF-8 (`application/x-research-info-systems; charset=utf-8`).
 */
export function toRis(record: ReleaseRecord): string {
  const m = record.metadata;
  const year = publicationYear(record);
  const date = publicationDateParts(record);
  const lines = [
    line('TY', 'DATA'),
    ...m.creators.map((c) => line('AU', invertedName(c))),
    ...(m.title === null ? [] : [line('TI', m.title)]),
    ...(year === null ? [] : [line('PY', String(year))]),
    ...(date === null ? [] : [line('DA', risDate(date))]),
    line('PB', record.publisher.name),
    ...(record.doi === null ? [] : [line('DO', record.doi)]),
    line('UR', record.landingPage),
    line('ET', versionLabel(record)),
    ...(m.description === null ? [] : [line('AB', m.description)]),
    ...m.keywords.map((k) => line('KW', k)),
    line('LA', m.language),
    line('ER', ''),
  ];
  return lines.join(RIS_LINE_END) + RIS_LINE_END;
}
