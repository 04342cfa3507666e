/**
 * CSL-JSON (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html), the input of citeproc,
 * Zotero, Mendeley and pandoc.
 */
import type { ReleaseRecord } from '../release-record.js';
import { citationKey, personName, publicationDateParts, versionLabel } from './citation-text.js';

/** A CSL name: a person's family and given names, or an organisation as a literal. */
export type CslName = { readonly family: string; readonly given?: string } | { readonly literal: string };

/** A CSL date as date parts: `[[year]]`, `[[year, month]]` or `[[year, month, day]]`. */
export interface CslDate {
  readonly 'date-parts': readonly (readonly number[])[];
}

/** The CSL-JSON item of a release (fields absent when unknown). */
export interface CslItem {
  readonly id: string;
  readonly type: 'dataset';
  readonly title?: string;
  readonly author?: readonly CslName[];
  readonly issued?: CslDate;
  readonly publisher?: string;
  readonly DOI?: string;
  readonly URL?: string;
  readonly version?: string;
  readonly abstract?: string;
  readonly keyword?: string;
  readonly language?: string;
}

/**
 * The release as a CSL-JSON item of type `dataset`. The `id` is the citation key shared with BibTeX;
 * `issued` is as precise as the publication date is known; `DOI` is bare and `URL` the landing page;
 * `keyword` is the keywords joined with ", " (CSL has a single keyword string).
 */
export function toCslJson(record: ReleaseRecord): CslItem {
  const m = record.metadata;
  const issued = publicationDateParts(record);
  const author = m.creators.map((c): CslName => {
    const person = personName(c);
    if (person === null) return { literal: c.name };
    return person.given === null ? { family: person.family } : { family: person.family, given: person.given };
  });
  return {
    id: citationKey(record),
    type: 'dataset',
    ...(m.title === null ? {} : { title: m.title }),
    ...(author.length === 0 ? {} : { author }),
    ...(issued === null ? {} : { issued: { 'date-parts': [issued] } }),
    publisher: record.publisher.name,
    ...(record.doi === null ? {} : { DOI: record.doi }),
    URL: record.landingPage,
    version: versionLabel(record),
    ...(m.description === null ? {} : { abstract: m.description }),
    ...(m.keywords.length === 0 ? {} : { keyword: m.keywords.join(', ') }),
    language: m.language,
  };
}
