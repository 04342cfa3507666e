/**
 * Pure translation between the search port and Elasticsearch's query DSL: index template and mappings,
 * stored documents, queries, filters, sort, aggregations, highlights, and back from responses. Nothing
 * here talks to a server, so all of it is unit-tested; {@link ElasticsearchSearchIndex} only sends.
 *
 * User text only ever reaches Elasticsearch as the `query`/`value` of match-type and term-level queries
 * (never `query_string`, never inside a script source), so it cannot be read as syntax.
 */
import type { estypes } from '@elastic/elasticsearch';
import { type SkyCone, type SkyFrame, type SkyRegion, icrsToGalactic } from '@apdc/sky';
import { SearchQueryError } from '../errors.js';
import type {
  AccessValue,
  DigestEntry,
  FacetBucket,
  FacetName,
  SearchAfter,
  SearchFilters,
  SearchHit,
  SearchRequest,
  SearchResult,
  SearchViewer,
  SortOrder,
} from '../ports/search-index.port.js';
import type { ExactField, QueryNode, TextField } from '../query/query-ast.js';
import type { IndexedDocument, SearchDocument } from '../search-document.js';
import { HIGHLIGHT_END, HIGHLIGHT_START, markupHighlight } from './highlight-markup.js';

// ---------------------------------------------------------------------------------------------------
// Names

/** The alias every read and write goes through, e.g. `apdc-releases`; also the index template's name. */
export function releasesAlias(indexPrefix: string): string {
  return `${indexPrefix}-releases`;
}

/**
 * A new versioned index behind the alias, `<prefix>-releases-v<yyyymmddhhmmssSSS>` (UTC), so that a
 * rebuild fills a fresh index and swaps the alias, and the names sort by creation.
 */
export function versionedIndexName(indexPrefix: string, createdAt: Date): string {
  const stamp = createdAt.toISOString().replace(/[-:T.Z]/g, '');
  return `${releasesAlias(indexPrefix)}-v${stamp}`;
}

/** Index names must be lower case and must not start with `-`, `_` or `+`; we allow a plain subset. */
const VALID_INDEX_PREFIX = /^[a-z0-9][a-z0-9._-]{0,199}$/;

/** Whether `<prefix>-releases-v…` would be a valid index name. */
export function isValidIndexPrefix(indexPrefix: string): boolean {
  return VALID_INDEX_PREFIX.test(indexPrefix) && indexPrefix !== '.' && indexPrefix !== '..';
}

// ---------------------------------------------------------------------------------------------------
// Index template: settings and mappings

/**
 * PostgreSQL's English stop words (`tsearch_data/english.stop`), so that both adapters drop the same
 * words; Lucene's `_english_` list is shorter.
 */
export const ENGLISH_STOP_WORDS: readonly string[] = [
  'i', 'me', 'my', 'myself', 'we', 'our', 'ours', 'ourselves', 'you', 'your', 'yours', 'yourself',
  'yourselves', 'he', 'him', 'his', 'himself', 'she', 'her', 'hers', 'herself', 'it', 'its', 'itself',
  'they', 'them', 'their', 'theirs', 'themselves', 'what', 'which', 'who', 'whom', 'this', 'that', 'these',
  'those', 'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'have', 'has', 'had', 'having', 'do',
  'does', 'did', 'doing', 'a', 'an', 'the', 'and', 'but', 'if', 'or', 'because', 'as', 'until', 'while',
  'of', 'at', 'by', 'for', 'with', 'about', 'against', 'between', 'into', 'through', 'during', 'before',
  'after', 'above', 'below', 'to', 'from', 'up', 'down', 'in', 'out', 'on', 'off', 'over', 'under',
  'again', 'further', 'then', 'once', 'here', 'there', 'when', 'where', 'why', 'how', 'all', 'any',
  'both', 'each', 'few', 'more', 'most', 'other', 'some', 'such', 'no', 'nor', 'not', 'only', 'own',
  'same', 'so', 'than', 'too', 'very', 's', 't', 'can', 'will', 'just', 'don', 'should', 'now',
]; // prettier-ignore

/** Analysed full text: stemmed (Snowball English, as PostgreSQL's `english` configuration), accent-folded. */
export const TEXT_ANALYZER = 'apdc_text';
/** The same words unstemmed and with stop words kept: prefix matching on what the user typed. */
export const EXACT_TEXT_ANALYZER = 'apdc_text_exact';
/** Case-insensitive keyword values (slugs, SPDX ids, keywords). */
export const LOWERCASE_NORMALIZER = 'lowercase_keyword';
/** Title sort key: case- and accent-insensitive. */
export const TITLE_SORT_NORMALIZER = 'title_sort';

/** Lucene refuses terms over 32766 UTF-8 bytes; 8191 characters are at most 32764 bytes. */
const MAX_KEYWORD_CHARS = 8191;

/**
 * Relevance of a matching term: its field's weight × √(occurrences) / √(field length), as BM25 without
 * the inverse document frequency. It depends on no statistic of the whole index, so that the scores of
 * documents do not move when others are added: a relevance cursor (`search_after` on the score) stays
 * valid while the catalogue changes, as PostgreSQL's `ts_rank` does. Written in the subset of Painless
 * that the spec can run as JavaScript.
 */
export const TERM_WEIGHT_SCRIPT =
  'double tf = Math.sqrt(doc.freq); double norm = 1.0 / Math.sqrt(doc.length); return query.boost * tf * norm;';
/** Name of the similarity defined by {@link TERM_WEIGHT_SCRIPT}, used by every analysed text field. */
export const TEXT_SIMILARITY = 'apdc_term_weight';

/** One shard (a catalogue is small; one shard also keeps facet counts exact), analysers, normalizers, similarity. */
export function releasesIndexSettings(): estypes.IndicesIndexSettings {
  return {
    number_of_shards: 1,
    // One replica where a second node exists; a single-node cluster stays green.
    auto_expand_replicas: '0-1',
    similarity: { [TEXT_SIMILARITY]: { type: 'scripted', script: { source: TERM_WEIGHT_SCRIPT } } },
    analysis: {
      filter: {
        apdc_english_possessive: { type: 'stemmer', language: 'possessive_english' },
        apdc_english_stop: { type: 'stop', stopwords: [...ENGLISH_STOP_WORDS] },
        apdc_english_stemmer: { type: 'stemmer', language: 'porter2' },
      },
      analyzer: {
        [TEXT_ANALYZER]: {
          type: 'custom',
          tokenizer: 'standard',
          filter: [
            'apdc_english_possessive',
            'lowercase',
            'asciifolding',
            'apdc_english_stop',
            'apdc_english_stemmer',
          ],
        },
        [EXACT_TEXT_ANALYZER]: {
          type: 'custom',
          tokenizer: 'standard',
          filter: ['lowercase', 'asciifolding'],
        },
      },
      normalizer: {
        [LOWERCASE_NORMALIZER]: { type: 'custom', filter: ['lowercase'] },
        [TITLE_SORT_NORMALIZER]: { type: 'custom', filter: ['lowercase', 'asciifolding'] },
      },
    },
  };
}

const keyword = (): estypes.MappingProperty => ({ type: 'keyword', ignore_above: MAX_KEYWORD_CHARS });
const text = (options: Partial<estypes.MappingTextProperty> = {}): estypes.MappingProperty => ({
  type: 'text',
  analyzer: TEXT_ANALYZER,
  similarity: TEXT_SIMILARITY,
  ...options,
  fields: { exact: { type: 'text', analyzer: EXACT_TEXT_ANALYZER }, ...options.fields },
});
const lowercaseKeyword = (): estypes.MappingProperty => ({
  type: 'keyword',
  normalizer: LOWERCASE_NORMALIZER,
  ignore_above: MAX_KEYWORD_CHARS,
});
const storedOnlyKeyword = (): estypes.MappingProperty => ({
  type: 'keyword',
  index: false,
  ignore_above: MAX_KEYWORD_CHARS,
});
const double = (): estypes.MappingProperty => ({ type: 'double' });

/**
 * Every field of {@link SearchDocument}, with `dynamic: strict` so that a document of another shape is
 * refused rather than silently mapped. Two fields are not in SearchDocument: `digest` (for
 * `apdc search verify`) and `sky` (the regions of `skyCoverage` as nested documents, read by the cone
 * script through doc values; see {@link SKY_CONE_SCRIPT}).
 */
export function releasesMappings(): estypes.MappingTypeMapping {
  return {
    dynamic: 'strict',
    properties: {
      datasetId: { type: 'keyword' },
      versionNumber: { type: 'integer' },
      state: keyword(),
      title: text({
        // Offsets let the unified highlighter work from the postings instead of re-analysing.
        index_options: 'offsets',
        fields: {
          sort: { type: 'keyword', normalizer: TITLE_SORT_NORMALIZER, ignore_above: MAX_KEYWORD_CHARS },
        },
      }),
      description: text({ index_options: 'offsets' }),
      creators: text(),
      keywords: text({ fields: { normalized: lowercaseKeyword() } }),
      facilities: lowercaseKeyword(),
      messengers: lowercaseKeyword(),
      resourceType: lowercaseKeyword(),
      // Filters and facets use the lower-cased id (as PostgreSQL does); the document keeps it as given.
      license: { ...keyword(), fields: { normalized: lowercaseKeyword() } },
      labels: text(),
      identifiers: keyword(),
      doi: keyword(),
      landingPage: storedOnlyKeyword(),
      publicationYear: { type: 'integer' },
      publishedAt: { type: 'date' },
      timeStart: { type: 'date' },
      timeEnd: { type: 'date' },
      energyMinEv: double(),
      energyMaxEv: double(),
      // Returned as stored; searched through `sky`.
      skyCoverage: { type: 'object', enabled: false },
      sky: {
        type: 'nested',
        properties: {
          kind: { type: 'keyword' },
          frame: { type: 'keyword' },
          lon: double(),
          lat: double(),
          radius: double(),
          lonMin: double(),
          lonMax: double(),
          latMin: double(),
          latMax: double(),
        },
      },
      embargoUntil: { type: 'date' },
      hasRestrictedFiles: { type: 'boolean' },
      public: { type: 'boolean' },
      readerGroupIds: keyword(),
      // Read back through doc values only; never searched.
      digest: { type: 'keyword', index: false },
    },
  };
}

/**
 * Above Elasticsearch's built-in templates (priority 100, e.g. `logs-*-*` with data streams), so that
 * a prefix such as `logs` still gets our mappings.
 */
const TEMPLATE_PRIORITY = 600;
/** Bump when settings or mappings change; a rebuild then creates an index with the new ones. */
export const TEMPLATE_VERSION = 1;

/** The composable index template `<prefix>-releases` for the indices `<prefix>-releases-*`. */
export function releasesIndexTemplate(indexPrefix: string): estypes.IndicesPutIndexTemplateRequest {
  return {
    name: releasesAlias(indexPrefix),
    index_patterns: [`${releasesAlias(indexPrefix)}-*`],
    priority: TEMPLATE_PRIORITY,
    version: TEMPLATE_VERSION,
    _meta: { description: 'APDC search documents, one per dataset (see libs/search)' },
    template: { settings: releasesIndexSettings(), mappings: releasesMappings() },
  };
}

// ---------------------------------------------------------------------------------------------------
// Stored documents

/**
 * One region of a release's sky coverage as a nested document. Every number is present (0 when the kind
 * does not use it), because a script reading an absent doc value fails.
 */
export interface SkyRegionDocument {
  readonly kind: SkyRegion['kind'];
  readonly frame: SkyFrame;
  readonly lon: number;
  readonly lat: number;
  readonly radius: number;
  readonly lonMin: number;
  readonly lonMax: number;
  readonly latMin: number;
  readonly latMax: number;
}

/** What is stored in `_source`: the document, plus its digest and the regions the cone script reads. */
export interface ReleaseSource extends SearchDocument {
  readonly sky: readonly SkyRegionDocument[];
  readonly digest: string;
}

/** Longitude in [0, 360); values already in range are returned unchanged (as `@apdc/sky` computes it). */
export function normalizeLongitude(degrees: number): number {
  const reduced = degrees - 360 * Math.floor(degrees / 360);
  return reduced >= 360 ? 0 : reduced;
}

/** The region as the cone script reads it; values as given (validated by `@apdc/sky`: longitudes in [0, 360]). */
export function skyRegionDocument(region: SkyRegion): SkyRegionDocument {
  const none = { lon: 0, lat: 0, radius: 0, lonMin: 0, lonMax: 0, latMin: 0, latMax: 0 };
  switch (region.kind) {
    case 'all-sky':
      return { kind: 'all-sky', frame: 'icrs', ...none };
    case 'cone': {
      const { lon, lat, radius } = region;
      return { kind: 'cone', frame: region.frame, ...none, lon, lat, radius };
    }
    case 'box': {
      const { lonMin, lonMax, latMin, latMax } = region;
      return { kind: 'box', frame: region.frame, ...none, lonMin, lonMax, latMin, latMax };
    }
  }
}

/** The `_source` of a document as indexed. */
export function releaseSource(indexed: IndexedDocument): ReleaseSource {
  return {
    ...indexed.document,
    sky: indexed.document.skyCoverage.map(skyRegionDocument),
    digest: indexed.digest,
  };
}

/** The fields of `_source` that are not part of {@link SearchDocument}; left out of search responses. */
export const INTERNAL_SOURCE_FIELDS = ['sky', 'digest'] as const;

/** Bulk `index` operations (id = dataset id) for `index`, which may be the alias or a versioned index. */
export function bulkIndexOperations(
  index: string,
  documents: readonly IndexedDocument[],
): (estypes.BulkOperationContainer | ReleaseSource)[] {
  return documents.flatMap((indexed) => [
    { index: { _index: index, _id: indexed.document.datasetId } },
    releaseSource(indexed),
  ]);
}

/** Bulk `delete` operations by dataset id. */
export function bulkDeleteOperations(
  index: string,
  datasetIds: readonly string[],
): estypes.BulkOperationContainer[] {
  return datasetIds.map((datasetId) => ({ delete: { _index: index, _id: datasetId } }));
}

/**
 * The failed items of a bulk response (empty when all succeeded). Deleting an unknown id answers 404
 * `not_found` without an error, which the port asks us to ignore; a missing index or alias is an error.
 */
export function bulkFailures(
  response: estypes.BulkResponse,
): { readonly id: string; readonly status: number; readonly error: estypes.ErrorCause }[] {
  const failures: { id: string; status: number; error: estypes.ErrorCause }[] = [];
  for (const item of response.items) {
    for (const result of Object.values(item)) {
      if (result.error === undefined) continue;
      failures.push({ id: result._id ?? '?', status: result.status, error: result.error });
    }
  }
  return failures;
}

// ---------------------------------------------------------------------------------------------------
// Free-text query

interface WeightedField {
  readonly path: string;
  readonly boost: number;
}

/** Fields searched when a word names no field, with their weights. */
const ALL_TEXT_FIELDS: readonly WeightedField[] = [
  { path: 'title', boost: 4 },
  { path: 'keywords', boost: 2 },
  { path: 'creators', boost: 2 },
  { path: 'labels', boost: 2 },
  { path: 'description', boost: 1 },
];

const TEXT_FIELD_PATHS: Readonly<Record<TextField, string>> = {
  title: 'title',
  description: 'description',
  creator: 'creators',
  keyword: 'keywords',
};

/** Keyword fields of `experiment:`, `messenger:`, … (all lower-cased by their normalizer). */
export const EXACT_FIELD_PATHS: Readonly<Record<ExactField, string>> = {
  experiment: 'facilities',
  messenger: 'messengers',
  type: 'resourceType',
  license: 'license.normalized',
};

function textFields(field: TextField | null): readonly WeightedField[] {
  return field === null ? ALL_TEXT_FIELDS : [{ path: TEXT_FIELD_PATHS[field], boost: 1 }];
}

/**
 * Typos are forgiven in every text field, as the PostgreSQL adapter does by expanding a fuzzy word to the
 * indexed words that resemble it.
 */
function fuzzyFields(field: TextField | null): readonly WeightedField[] {
  return textFields(field);
}

function boosted({ path, boost }: WeightedField): string {
  return boost === 1 ? path : `${path}^${boost}`;
}

/**
 * Approximates the `asciifolding` and `lowercase` filters for prefix queries, which Elasticsearch does
 * not analyse: lower case without combining marks (`Énergie` → `energie`).
 */
export function foldForPrefix(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const STOP_WORDS: ReadonlySet<string> = new Set(ENGLISH_STOP_WORDS);

/**
 * Whether text holds no word that the analyser keeps (only stop words, punctuation or symbols). Such
 * text matches every document, as in PostgreSQL; deciding it here, with PostgreSQL's word splitting,
 * does not depend on how `zero_terms_query` behaves in each query type.
 */
export function hasOnlyStopWords(text: string): boolean {
  return foldForPrefix(text)
    .split(/[^\p{L}\p{N}]+/u)
    .every((word) => word === '' || STOP_WORDS.has(word));
}

/**
 * Whether the query has a word that ranks hits: a text node with a kept word, not under an odd number
 * of NOTs. Without one, relevance order falls back to newest first (as in the PostgreSQL adapter).
 */
export function hasRankingText(node: QueryNode, negated = false): boolean {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return !negated && !hasOnlyStopWords(node.text);
    case 'and':
    case 'or':
      return node.children.some((child) => hasRankingText(child, negated));
    case 'not':
      return hasRankingText(node.child, !negated);
    case 'all':
    case 'identifier':
    case 'field':
    case 'year':
      return false;
  }
}

/** Terms a stemmed prefix may expand to (per field); the unstemmed prefix query has no such limit. */
const PHRASE_PREFIX_MAX_EXPANSIONS = 200;

/**
 * A match-type query over text fields. `zero_terms_query: all` backs up {@link hasOnlyStopWords}: a word
 * that the analyser drops entirely matches every document rather than none.
 */
function multiMatch(
  fields: readonly WeightedField[],
  text: string,
  options: Omit<estypes.QueryDslMultiMatchQuery, 'query' | 'fields'>,
): estypes.QueryDslQueryContainer {
  return { multi_match: { query: text, fields: fields.map(boosted), zero_terms_query: 'all', ...options } };
}

/**
 * Every word of the text in some field (`cross_fields`, as PostgreSQL's combined vector: `air-shower`
 * finds "air" in the title and "shower" in the keywords).
 */
function allWords(fields: readonly WeightedField[], text: string): estypes.QueryDslQueryContainer {
  return multiMatch(fields, text, { type: 'cross_fields', operator: 'and' });
}

function prefixQuery(field: TextField | null, text: string): estypes.QueryDslQueryContainer {
  const fields = textFields(field);
  const folded = foldForPrefix(text);
  return {
    bool: {
      should: [
        // What PostgreSQL does with `word:*`: the stemmed word as a prefix of stemmed words.
        multiMatch(fields, text, { type: 'phrase_prefix', max_expansions: PHRASE_PREFIX_MAX_EXPANSIONS }),
        // What the user typed as a prefix of unstemmed words, without an expansion limit.
        ...fields.map(({ path, boost }) => ({ prefix: { [`${path}.exact`]: { value: folded, boost } } })),
      ],
      minimum_should_match: 1,
    },
  };
}

function termQuery(
  field: TextField | null,
  text: string,
  match: 'exact' | 'prefix' | 'fuzzy',
): estypes.QueryDslQueryContainer {
  switch (match) {
    case 'exact':
      return allWords(textFields(field), text);
    case 'fuzzy':
      return {
        bool: {
          should: [
            allWords(textFields(field), text),
            multiMatch(fuzzyFields(field), text, { type: 'best_fields', operator: 'and', fuzziness: 'AUTO' }),
          ],
          minimum_should_match: 1,
        },
      };
    case 'prefix':
      return prefixQuery(field, text);
  }
}

/** Translates a parsed query into Elasticsearch's query DSL. */
export function translateQuery(node: QueryNode): estypes.QueryDslQueryContainer {
  switch (node.kind) {
    case 'all':
      return { match_all: {} };
    case 'term':
      return hasOnlyStopWords(node.text) ? { match_all: {} } : termQuery(node.field, node.text, node.match);
    case 'phrase':
      return hasOnlyStopWords(node.text)
        ? { match_all: {} }
        : multiMatch(textFields(node.field), node.text, { type: 'phrase' });
    case 'identifier':
      return { term: { identifiers: { value: node.value } } };
    case 'field':
      return { term: { [EXACT_FIELD_PATHS[node.field]]: { value: node.value.toLowerCase() } } };
    case 'year':
      return yearRange(node.from, node.to);
    case 'and':
      return node.children.length === 0
        ? { match_all: {} }
        : { bool: { must: node.children.map(translateQuery) } };
    case 'or':
      return node.children.length === 0
        ? { match_none: {} }
        : { bool: { should: node.children.map(translateQuery), minimum_should_match: 1 } };
    case 'not':
      return { bool: { must_not: [translateQuery(node.child)] } };
  }
}

function yearRange(from: number | null, to: number | null): estypes.QueryDslQueryContainer {
  if (from === null && to === null) return { exists: { field: 'publicationYear' } };
  return {
    range: {
      publicationYear: { ...(from === null ? {} : { gte: from }), ...(to === null ? {} : { lte: to }) },
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Filters

function anyOf(clauses: estypes.QueryDslQueryContainer[]): estypes.QueryDslQueryContainer {
  return clauses.length === 1 && clauses[0] !== undefined
    ? clauses[0]
    : { bool: { should: clauses, minimum_should_match: 1 } };
}

function allOf(clauses: estypes.QueryDslQueryContainer[]): estypes.QueryDslQueryContainer {
  return clauses.length === 1 && clauses[0] !== undefined ? clauses[0] : { bool: { filter: clauses } };
}

function missing(field: string): estypes.QueryDslQueryContainer {
  return { bool: { must_not: [{ exists: { field } }] } };
}

/** Admins see everything; others public documents and those readable by one of their groups. */
export function visibilityFilter(viewer: SearchViewer): estypes.QueryDslQueryContainer | null {
  if (viewer.isAdmin) return null;
  const visible: estypes.QueryDslQueryContainer[] = [{ term: { public: { value: true } } }];
  if (viewer.groupIds.length > 0) visible.push({ terms: { readerGroupIds: [...viewer.groupIds] } });
  return anyOf(visible);
}

/**
 * Access to files at `now`: `embargoed` while `embargoUntil` is in the future; otherwise `restricted`
 * when some files are restricted, else `open`. The three are disjoint and cover every document.
 */
export function accessClause(access: AccessValue, now: Date): estypes.QueryDslQueryContainer {
  const embargoed: estypes.QueryDslQueryContainer = { range: { embargoUntil: { gt: now.toISOString() } } };
  const notEmbargoed: estypes.QueryDslQueryContainer = { bool: { must_not: [embargoed] } };
  switch (access) {
    case 'embargoed':
      return embargoed;
    case 'restricted':
      return { bool: { filter: [notEmbargoed, { term: { hasRestrictedFiles: { value: true } } }] } };
    case 'open':
      return { bool: { filter: [notEmbargoed, { term: { hasRestrictedFiles: { value: false } } }] } };
  }
}

/**
 * Documents whose observation time overlaps [from, to] (bounds inclusive, either may be open). A
 * document without a start never matches; one without an end runs on forever.
 */
export function timeOverlapFilter(from: Date | null, to: Date | null): estypes.QueryDslQueryContainer {
  const clauses: estypes.QueryDslQueryContainer[] = [{ exists: { field: 'timeStart' } }];
  if (to !== null) clauses.push({ range: { timeStart: { lte: to.toISOString() } } });
  if (from !== null)
    clauses.push(anyOf([{ range: { timeEnd: { gte: from.toISOString() } } }, missing('timeEnd')]));
  return allOf(clauses);
}

/**
 * Documents whose energy range overlaps [from, to] eV (bounds inclusive, either may be open). A missing
 * minimum means 0, a missing maximum no upper limit; a document with neither never matches.
 */
export function energyOverlapFilter(
  fromEv: number | null,
  toEv: number | null,
): estypes.QueryDslQueryContainer {
  const clauses: estypes.QueryDslQueryContainer[] = [
    anyOf([{ exists: { field: 'energyMinEv' } }, { exists: { field: 'energyMaxEv' } }]),
  ];
  if (toEv !== null) {
    const minAtMostTo: estypes.QueryDslQueryContainer = { range: { energyMinEv: { lte: toEv } } };
    clauses.push(toEv >= 0 ? anyOf([minAtMostTo, missing('energyMinEv')]) : minAtMostTo);
  }
  if (fromEv !== null)
    clauses.push(anyOf([{ range: { energyMaxEv: { gte: fromEv } } }, missing('energyMaxEv')]));
  return allOf(clauses);
}

function termsFilter(field: string, values: readonly string[]): estypes.QueryDslQueryContainer | null {
  // The fields' normalizer lower-cases the query terms too; lower-casing here keeps the request readable.
  return values.length === 0 ? null : { terms: { [field]: values.map((value) => value.toLowerCase()) } };
}

/** The filter clauses of a search: visibility for the viewer, then each {@link SearchFilters} in use. */
export function filterClauses(
  filters: SearchFilters,
  viewer: SearchViewer,
  now: Date,
): estypes.QueryDslQueryContainer[] {
  const clauses: (estypes.QueryDslQueryContainer | null)[] = [
    visibilityFilter(viewer),
    termsFilter('facilities', filters.experiment),
    termsFilter('messengers', filters.messenger),
    termsFilter('resourceType', filters.type),
    termsFilter('license.normalized', filters.license),
    termsFilter('keywords.normalized', filters.keyword),
    filters.access.length === 0 ? null : anyOf(filters.access.map((access) => accessClause(access, now))),
    filters.yearFrom === null && filters.yearTo === null ? null : yearRange(filters.yearFrom, filters.yearTo),
    filters.timeFrom === null && filters.timeTo === null
      ? null
      : timeOverlapFilter(filters.timeFrom, filters.timeTo),
    filters.energyFromEv === null && filters.energyToEv === null
      ? null
      : energyOverlapFilter(filters.energyFromEv, filters.energyToEv),
    filters.cone === null ? null : coneFilter(filters.cone),
  ];
  return clauses.filter((clause) => clause !== null);
}

// ---------------------------------------------------------------------------------------------------
// Sky cones

const RADIANS_PER_DEGREE = Math.PI / 180;

/** A direction on the sky in one frame: unit vector, and longitude in [0, 360) and latitude in degrees. */
export interface SkyDirection {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly lon: number;
  readonly lat: number;
}

/** The direction of a longitude and latitude (degrees) in the same frame. */
export function skyDirection(lon: number, lat: number): SkyDirection {
  const cosLat = Math.cos(lat * RADIANS_PER_DEGREE);
  return {
    x: cosLat * Math.cos(lon * RADIANS_PER_DEGREE),
    y: cosLat * Math.sin(lon * RADIANS_PER_DEGREE),
    z: Math.sin(lat * RADIANS_PER_DEGREE),
    lon: normalizeLongitude(lon),
    lat,
  };
}

/** Slack on the radius so that a region touching the cone's edge matches despite rounding (as in `@apdc/sky`). */
export const CONE_TOLERANCE_DEGREES = 1e-9;

/**
 * Painless filter run on each nested `sky` region: whether the region comes within `maxDistance` degrees
 * of the cone's centre, i.e. the distance of `distanceToRegion` in `@apdc/sky`. The centre arrives
 * precomputed in both frames (params `icrs*`, `galactic*`, converted by `@apdc/sky`), so the script needs
 * no rotation, and the source is a constant: user input only ever travels in `params`.
 *
 * Distance to a region (0 inside): cone — separation of the centres minus the radius; box — the nearest
 * of its two meridian edges (the foot of the point on the meridian's great circle if it lies on the
 * edge, else the nearer of the edge's two ends, which may be the one across a pole) and, when the
 * point's longitude lies within the box (a pole lies at every longitude), of its two parallels, straight
 * along the meridian. Painless functions cannot see `doc` or `params`, hence the long argument lists.
 * Written so that the spec can run it as JavaScript after rewriting the type declarations.
 */
export const SKY_CONE_SCRIPT = `
double separation(double px, double py, double pz, double lonDeg, double latDeg) {
  double lon = Math.toRadians(lonDeg);
  double lat = Math.toRadians(latDeg);
  double qx = Math.cos(lat) * Math.cos(lon);
  double qy = Math.cos(lat) * Math.sin(lon);
  double qz = Math.sin(lat);
  double cx = py * qz - pz * qy;
  double cy = pz * qx - px * qz;
  double cz = px * qy - py * qx;
  return Math.toDegrees(Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), px * qx + py * qy + pz * qz));
}
double meridianDistance(double px, double py, double pz, double lonDeg, double latMin, double latMax) {
  double lon = Math.toRadians(lonDeg);
  double footLat = Math.toDegrees(Math.atan2(pz, px * Math.cos(lon) + py * Math.sin(lon)));
  if (footLat >= latMin && footLat <= latMax) {
    return separation(px, py, pz, lonDeg, footLat);
  }
  return Math.min(separation(px, py, pz, lonDeg, latMin), separation(px, py, pz, lonDeg, latMax));
}
double boxDistance(double px, double py, double pz, double lon, double lat, double lonMin, double lonMax, double latMin, double latMax) {
  boolean fullCircle = lonMax - lonMin >= 360.0;
  boolean withinLon = fullCircle || Math.abs(lat) == 90.0 || (lonMin <= lonMax ? (lon >= lonMin && lon <= lonMax) : (lon >= lonMin || lon <= lonMax));
  if (withinLon && lat >= latMin && lat <= latMax) {
    return 0.0;
  }
  double distance = 360.0;
  if (withinLon) {
    distance = Math.min(Math.abs(lat - latMin), Math.abs(lat - latMax));
  }
  if (!fullCircle) {
    distance = Math.min(distance, Math.min(meridianDistance(px, py, pz, lonMin, latMin, latMax), meridianDistance(px, py, pz, lonMax, latMin, latMax)));
  }
  return distance;
}
String kind = doc['sky.kind'].value;
if (kind == 'all-sky') {
  return true;
}
boolean galactic = doc['sky.frame'].value == 'galactic';
double px = galactic ? params.galacticX : params.icrsX;
double py = galactic ? params.galacticY : params.icrsY;
double pz = galactic ? params.galacticZ : params.icrsZ;
if (kind == 'cone') {
  return separation(px, py, pz, doc['sky.lon'].value, doc['sky.lat'].value) - doc['sky.radius'].value <= params.maxDistance;
}
double lon = galactic ? params.galacticLon : params.icrsLon;
double lat = galactic ? params.galacticLat : params.icrsLat;
return boxDistance(px, py, pz, lon, lat, doc['sky.lonMin'].value, doc['sky.lonMax'].value, doc['sky.latMin'].value, doc['sky.latMax'].value) <= params.maxDistance;
`.trim();

/** What {@link SKY_CONE_SCRIPT} receives: the cone's centre in both frames and the widened radius. */
export interface SkyConeScriptParams {
  readonly icrsX: number;
  readonly icrsY: number;
  readonly icrsZ: number;
  readonly icrsLon: number;
  readonly icrsLat: number;
  readonly galacticX: number;
  readonly galacticY: number;
  readonly galacticZ: number;
  readonly galacticLon: number;
  readonly galacticLat: number;
  readonly maxDistance: number;
}

/** The centre of a search cone (ICRS) in both frames, converted by `@apdc/sky`. */
export function skyConeScriptParams(cone: SkyCone): SkyConeScriptParams {
  const icrs = skyDirection(cone.ra, cone.dec);
  const { l, b } = icrsToGalactic(cone.ra, cone.dec);
  const galactic = skyDirection(l, b);
  return {
    icrsX: icrs.x,
    icrsY: icrs.y,
    icrsZ: icrs.z,
    icrsLon: icrs.lon,
    icrsLat: icrs.lat,
    galacticX: galactic.x,
    galacticY: galactic.y,
    galacticZ: galactic.z,
    galacticLon: galactic.lon,
    galacticLat: galactic.lat,
    maxDistance: cone.radius + CONE_TOLERANCE_DEGREES,
  };
}

/**
 * Releases with at least one region within the cone. A release without coverage has no nested `sky`
 * document, so it never matches.
 */
export function coneFilter(cone: SkyCone): estypes.QueryDslQueryContainer {
  return {
    nested: {
      path: 'sky',
      score_mode: 'none',
      query: {
        script: {
          script: { lang: 'painless', source: SKY_CONE_SCRIPT, params: { ...skyConeScriptParams(cone) } },
        },
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Sort and pages

/**
 * Stand-ins for a missing publication date (drafts). Elasticsearch's own (±2^63) do not survive
 * JavaScript numbers and so cannot be sent back as `search_after`; these are the extremes of `Date`.
 */
export const MISSING_DATE_FIRST = -8.64e15;
/** See {@link MISSING_DATE_FIRST}. */
export const MISSING_DATE_LAST = 8.64e15;

/** The order a search really uses: relevance without a ranking word is newest first. */
export function effectiveSort(request: Pick<SearchRequest, 'sort' | 'query'>): SortOrder {
  return request.sort === 'relevance' && !hasRankingText(request.query) ? 'newest' : request.sort;
}

/** The sort of each order; the last key is always `datasetId`, so that pages never overlap. */
export function sortFor(order: SortOrder): estypes.SortCombinations[] {
  const tieBreaker: estypes.SortCombinations = { datasetId: { order: 'asc' } };
  switch (order) {
    case 'relevance':
      return [{ _score: { order: 'desc' } }, tieBreaker];
    case 'newest':
      // Descending: the smallest stand-in puts drafts last.
      return [{ publishedAt: { order: 'desc', missing: MISSING_DATE_FIRST } }, tieBreaker];
    case 'oldest':
      return [{ publishedAt: { order: 'asc', missing: MISSING_DATE_LAST } }, tieBreaker];
    case 'title':
      return [{ 'title.sort': { order: 'asc', missing: '_last' } }, tieBreaker];
  }
}

/** `search_after` for a page that follows `after`, which must come from the same sort order. */
export function searchAfterFor(order: SortOrder, after: SearchAfter): estypes.FieldValue[] {
  const expected = sortFor(order).length - 1;
  if (after.sortValues.length !== expected) {
    throw new SearchQueryError([
      { path: 'after', message: `The cursor belongs to another sort order than "${order}".` },
    ]);
  }
  return [...after.sortValues, after.datasetId];
}

/** The cursor after a hit, from its `sort` values (the last of which is the dataset id). */
export function searchAfterFromSort(sort: readonly estypes.FieldValue[]): SearchAfter {
  const datasetId = sort.at(-1);
  if (typeof datasetId !== 'string') throw new Error('Elasticsearch hit without a dataset id sort value');
  const sortValues = sort.slice(0, -1).map((value) => (typeof value === 'boolean' ? String(value) : value));
  return { sortValues, datasetId };
}

// ---------------------------------------------------------------------------------------------------
// Facets

/** Buckets fetched per facet before sorting in code; keywords are cut to {@link KEYWORD_FACET_SIZE}. */
const FACET_FETCH_SIZE = 500;
/** The keyword facet lists the most frequent keywords only. */
export const KEYWORD_FACET_SIZE = 20;

const FACET_FIELDS: Readonly<Record<Exclude<FacetName, 'access'>, string>> = {
  experiment: 'facilities',
  messenger: 'messengers',
  type: 'resourceType',
  license: 'license.normalized',
  year: 'publicationYear',
  // Lower-cased, so that a bucket counts exactly what filtering by its value finds.
  keyword: 'keywords.normalized',
};

const ACCESS_ORDER: readonly AccessValue[] = ['open', 'embargoed', 'restricted'];

/** Aggregations for every facet over the search's hits; `access` counts the three definitions at `now`. */
export function facetAggregations(now: Date): Record<FacetName, estypes.AggregationsAggregationContainer> {
  const terms = (field: string, size: number): estypes.AggregationsAggregationContainer => ({
    terms: {
      field,
      size,
      shard_size: Math.max(size, FACET_FETCH_SIZE),
      order: [{ _count: 'desc' }, { _key: 'asc' }],
    },
  });
  return {
    experiment: terms(FACET_FIELDS.experiment, FACET_FETCH_SIZE),
    messenger: terms(FACET_FIELDS.messenger, FACET_FETCH_SIZE),
    type: terms(FACET_FIELDS.type, FACET_FETCH_SIZE),
    license: terms(FACET_FIELDS.license, FACET_FETCH_SIZE),
    year: terms(FACET_FIELDS.year, FACET_FETCH_SIZE),
    keyword: terms(FACET_FIELDS.keyword, KEYWORD_FACET_SIZE),
    access: {
      filters: {
        filters: Object.fromEntries(ACCESS_ORDER.map((access) => [access, accessClause(access, now)])),
      },
    },
  };
}

interface BucketLike {
  readonly key?: unknown;
  readonly doc_count: number;
}

function isBucketLike(value: unknown): value is BucketLike {
  return typeof value === 'object' && value !== null && typeof (value as BucketLike).doc_count === 'number';
}

/** Count descending, then value in code-point order (as PostgreSQL's "C" collation). */
export function compareFacetBuckets(a: FacetBucket, b: FacetBucket): number {
  if (a.count !== b.count) return b.count - a.count;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

function facetBuckets(aggregate: estypes.AggregationsAggregate | undefined): FacetBucket[] {
  if (aggregate === undefined || !('buckets' in aggregate)) return [];
  const buckets: unknown = aggregate.buckets;
  const entries: [string, unknown][] = Array.isArray(buckets)
    ? buckets.map((bucket: unknown) => [isBucketLike(bucket) ? String(bucket.key) : '', bucket])
    : Object.entries(buckets as Record<string, unknown>);
  const result: FacetBucket[] = [];
  for (const [value, bucket] of entries) {
    if (isBucketLike(bucket) && bucket.doc_count > 0) result.push({ value, count: bucket.doc_count });
  }
  return result.sort(compareFacetBuckets);
}

/** Every facet's buckets from the aggregations of {@link facetAggregations}, in the port's order. */
export function facetsFromAggregations(
  aggregations: Record<string, estypes.AggregationsAggregate> | undefined,
): Record<FacetName, FacetBucket[]> {
  const facet = (name: FacetName): FacetBucket[] => facetBuckets(aggregations?.[name]);
  return {
    experiment: facet('experiment'),
    messenger: facet('messenger'),
    type: facet('type'),
    license: facet('license'),
    access: facet('access'),
    year: facet('year'),
    keyword: facet('keyword').slice(0, KEYWORD_FACET_SIZE),
  };
}

// ---------------------------------------------------------------------------------------------------
// Highlights

/** Highlight fragments of the description longer than this (characters) are cut at a word boundary. */
const DESCRIPTION_FRAGMENT_SIZE = 200;
const DESCRIPTION_FRAGMENTS = 2;
const DESCRIPTION_FRAGMENT_SEPARATOR = ' … ';

/**
 * Highlights of the free-text query alone (not of the filters). `require_field_match: false` so that
 * matches through the `.exact` sub-fields show too. The markers are private-use characters that
 * {@link markupHighlight} turns into `<mark>` after escaping the text.
 */
export function highlightFor(query: QueryNode): estypes.SearchHighlight {
  return {
    type: 'unified',
    pre_tags: [HIGHLIGHT_START],
    post_tags: [HIGHLIGHT_END],
    encoder: 'default',
    require_field_match: false,
    highlight_query: translateQuery(query),
    // Stop at this many characters rather than fail on a huge description.
    max_analyzed_offset: 1_000_000,
    fields: {
      title: { number_of_fragments: 0 },
      description: { fragment_size: DESCRIPTION_FRAGMENT_SIZE, number_of_fragments: DESCRIPTION_FRAGMENTS },
    },
  };
}

/** A hit's highlights as HTML: the whole title, and up to two description fragments joined by an ellipsis. */
export function highlightsFromHit(highlight: Record<string, string[]> | undefined): SearchHit['highlights'] {
  const title = highlight?.['title']?.[0];
  const description = highlight?.['description'];
  return {
    ...(title === undefined ? {} : { title: markupHighlight(title) }),
    ...(description === undefined || description.length === 0
      ? {}
      : { description: description.map(markupHighlight).join(DESCRIPTION_FRAGMENT_SEPARATOR) }),
  };
}

// ---------------------------------------------------------------------------------------------------
// Whole requests and responses

/** The search request (without `index`) for a port request; asks for one hit more to know if more follow. */
export function searchRequestBody(request: SearchRequest, viewer: SearchViewer): estypes.SearchRequest {
  const sort = effectiveSort(request);
  return {
    query: {
      bool: {
        must: [translateQuery(request.query)],
        filter: filterClauses(request.filters, viewer, request.now),
      },
    },
    sort: sortFor(sort),
    size: request.limit + 1,
    ...(request.after === null ? {} : { search_after: searchAfterFor(sort, request.after) }),
    track_total_hits: true,
    _source: { excludes: [...INTERNAL_SOURCE_FIELDS] },
    ...(request.facets ? { aggs: facetAggregations(request.now) } : {}),
    ...(request.highlight && hasRankingText(request.query) ? { highlight: highlightFor(request.query) } : {}),
  };
}

function totalOf(total: estypes.SearchTotalHits | number | undefined): number {
  if (total === undefined) return 0;
  return typeof total === 'number' ? total : total.value;
}

/** The port's result from a response to {@link searchRequestBody} for the same request. */
export function searchResultFromResponse(
  request: SearchRequest,
  response: estypes.SearchResponse<SearchDocument>,
): SearchResult {
  const sort = effectiveSort(request);
  const hits = response.hits.hits;
  const page = hits.slice(0, request.limit);
  const last = page.at(-1);
  return {
    total: totalOf(response.hits.total),
    hits: page.map((hit) => {
      if (hit._source === undefined) throw new Error(`Elasticsearch hit ${hit._id ?? '?'} without _source`);
      return {
        document: hit._source,
        score: sort === 'relevance' ? (hit._score ?? null) : null,
        highlights: highlightsFromHit(hit.highlight),
      };
    }),
    facets: request.facets ? facetsFromAggregations(response.aggregations) : {},
    next: hits.length > request.limit && last?.sort !== undefined ? searchAfterFromSort(last.sort) : null,
  };
}

/** A page of digests in dataset id order, read from doc values only. */
export function digestsRequestBody(afterDatasetId: string | null, limit: number): estypes.SearchRequest {
  return {
    query: { match_all: {} },
    sort: [{ datasetId: { order: 'asc' } }],
    size: limit,
    ...(afterDatasetId === null ? {} : { search_after: [afterDatasetId] }),
    _source: false,
    docvalue_fields: ['digest'],
    track_total_hits: false,
  };
}

/** Dataset ids and digests from a response to {@link digestsRequestBody}. */
export function digestsFromResponse(response: estypes.SearchResponse): DigestEntry[] {
  return response.hits.hits.map((hit) => {
    const digest: unknown = hit.fields?.['digest'];
    const value: unknown = Array.isArray(digest) ? digest[0] : undefined;
    if (hit._id === undefined || typeof value !== 'string') {
      throw new Error(`Elasticsearch hit ${hit._id ?? '?'} without a digest`);
    }
    return { datasetId: hit._id, digest: value };
  });
}

/** One `updateAliases` call that moves the alias from `previous` indices to `next`, atomically. */
export function aliasSwapActions(
  alias: string,
  previous: readonly string[],
  next: string,
): estypes.IndicesUpdateAliasesAction[] {
  return [
    ...previous.map((index) => ({ remove: { index, alias } })),
    { add: { index: next, alias, is_write_index: true } },
  ];
}
