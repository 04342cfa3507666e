/**
 * BibTeX / BibLaTeX entry of a release, following DataCite's and Zenodo's exports: `@misc` (which both
 * BibTeX and BibLaTeX styles know) with `version`, `doi` and `url`, and `note = {Dataset}` so that plain
 * BibTeX styles still say what was cited.
 */
import type { Creator, ReleaseRecord } from '../release-record.js';
import { citationKey, personName, publicationDateParts, versionLabel } from './citation-text.js';

// Braces become \textbraceleft{}/\textbraceright{} rather than \{ \}: BibTeX counts braces even after a
// backslash, so an unbalanced brace in a title would otherwise break the whole file.
const LATEX_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

/**
 * Text made safe for a braced BibTeX field: LaTeX's special characters escaped, line breaks folded into
 * spaces. Other Unicode (e.g. "Über") is kept as UTF-8, which BibLaTeX/Biber and LaTeX's utf8 input read.
 */
export function escapeLatex(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/gu, ' ').replace(/[\\{}&%$#_~^]/gu, (c) => LATEX_ESCAPES[c] ?? c);
}

/** A URL or DOI for a verbatim field: not LaTeX-escaped, braces and line breaks percent-encoded. */
function verbatim(text: string): string {
  return text.replace(/[{}\\\r\n]/gu, (c) => encodeURIComponent(c));
}

// A name part with a top-level comma or the word "and" would be split by BibTeX's name parser.
function namePart(text: string): string {
  const escaped = escapeLatex(text);
  return /,|\sand\s/iu.test(escaped) ? `{${escaped}}` : escaped;
}

function bibtexName(creator: Creator): string {
  const person = personName(creator);
  if (person === null) return `{${escapeLatex(creator.name)}}`;
  return person.given === null
    ? namePart(person.family)
    : `${namePart(person.family)}, ${namePart(person.given)}`;
}

/**
 * The release as a BibTeX `@misc` entry keyed by the shared citation key (see `citationKey`). Persons are
 * "Family, Given", organisations and single names are braced so BibTeX does not split them, the title is
 * double-braced to keep its capitalisation, and text fields are LaTeX-escaped (`doi` and `url` are
 * verbatim fields and are not).
 */
export function toBibtex(record: ReleaseRecord): string {
  const m = record.metadata;
  const date = publicationDateParts(record);
  const month = date?.[1] === undefined ? undefined : MONTHS[date[1] - 1];
  const fields: [string, string][] = [];
  if (m.creators.length > 0) fields.push(['author', `{${m.creators.map(bibtexName).join(' and ')}}`]);
  if (m.title !== null) fields.push(['title', `{{${escapeLatex(m.title)}}}`]);
  if (date?.[0] !== undefined) fields.push(['year', `{${String(date[0])}}`]);
  if (month !== undefined) fields.push(['month', month]);
  fields.push(['publisher', `{${escapeLatex(record.publisher.name)}}`]);
  fields.push(['version', `{${escapeLatex(versionLabel(record))}}`]);
  if (record.doi !== null) fields.push(['doi', `{${verbatim(record.doi)}}`]);
  fields.push(['url', `{${verbatim(record.landingPage)}}`]);
  fields.push(['note', '{Dataset}']);
  const width = Math.max(...fields.map(([name]) => name.length));
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`).join(',\n');
  return `@misc{${citationKey(record)},\n${body}\n}\n`;
}
