import type { SkyCone } from '@apdc/sky';
import type { QueryNode } from '../query/query-ast.js';
import type { IndexedDocument, SearchDocument } from '../search-document.js';

export const FACET_NAMES = [
  'experiment',
  'messenger',
  'type',
  'license',
  'access',
  'year',
  'keyword',
] as const;
export type FacetName = (typeof FACET_NAMES)[number];

/** Access to a release's files, at the time of the search: open, under embargo, or partly restricted. */
export const ACCESS_VALUES = ['open', 'embargoed', 'restricted'] as const;
export type AccessValue = (typeof ACCESS_VALUES)[number];

export const SORT_ORDERS = ['relevance', 'newest', 'oldest', 'title'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/**
 * Filters of a search. Values within one filter are alternatives (OR); filters combine with AND.
 * Ranges select documents whose range overlaps the asked one; documents without the range never match.
 */
export interface SearchFilters {
  readonly experiment: readonly string[];
  readonly messenger: readonly string[];
  readonly type: readonly string[];
  /** SPDX ids, compared case-insensitively. */
  readonly license: readonly string[];
  readonly access: readonly AccessValue[];
  /** Exact keywords, compared case-insensitively. */
  readonly keyword: readonly string[];
  readonly yearFrom: number | null;
  readonly yearTo: number | null;
  readonly timeFrom: Date | null;
  readonly timeTo: Date | null;
  readonly energyFromEv: number | null;
  readonly energyToEv: number | null;
  /** Releases whose sky coverage intersects the cone. */
  readonly cone: SkyCone | null;
}

/** No filter at all: every document the viewer may see. */
export const NO_SEARCH_FILTERS: SearchFilters = Object.freeze({
  experiment: [],
  messenger: [],
  type: [],
  license: [],
  access: [],
  keyword: [],
  yearFrom: null,
  yearTo: null,
  timeFrom: null,
  timeTo: null,
  energyFromEv: null,
  energyToEv: null,
  cone: null,
});

/** Who searches: admins find everything; others public documents and those of their groups. */
export interface SearchViewer {
  readonly isAdmin: boolean;
  readonly groupIds: readonly string[];
}

/** Where the previous page ended: the adapter's sort key of its last hit. Opaque to everybody else. */
export interface SearchAfter {
  readonly sortValues: readonly (string | number | null)[];
  readonly datasetId: string;
}

export interface SearchRequest {
  readonly query: QueryNode;
  readonly filters: SearchFilters;
  readonly sort: SortOrder;
  readonly limit: number;
  readonly after: SearchAfter | null;
  /** Facet counts are computed over all hits of query and filters (not only this page). */
  readonly facets: boolean;
  readonly highlight: boolean;
  /** The time that decides which embargoes are still running. */
  readonly now: Date;
}

export interface SearchHit {
  readonly document: SearchDocument;
  /** Relevance as the adapter computes it; comparable within one result only. Null unless sorted by relevance. */
  readonly score: number | null;
  /**
   * Fragments with matches wrapped in `<mark>`…`</mark>`; all other text HTML-escaped, so the fragments
   * may be inserted into HTML as they are.
   */
  readonly highlights: { readonly title?: string; readonly description?: string };
}

export interface FacetBucket {
  readonly value: string;
  readonly count: number;
}

export interface SearchResult {
  /** Exact number of documents matching query and filters for this viewer. */
  readonly total: number;
  readonly hits: readonly SearchHit[];
  /** Empty unless asked for; each facet's buckets by count descending, then value. Keywords: top 20. */
  readonly facets: Partial<Record<FacetName, readonly FacetBucket[]>>;
  /** Null on the last page. */
  readonly next: SearchAfter | null;
}

export interface DigestEntry {
  readonly datasetId: string;
  readonly digest: string;
}

/**
 * Where searches run: PostgreSQL full-text (default) or Elasticsearch. Documents come from the
 * database through the indexer; the index may always be rebuilt from there, and is never the source
 * of truth.
 */
export abstract class SearchIndex {
  /** `postgresql` or `elasticsearch`. */
  abstract readonly adapterName: string;

  /** Creates what the index needs (index template, versioned index and alias), if missing. */
  abstract ensureReady(): Promise<void>;

  /** Adds or replaces documents (bulk). */
  abstract put(documents: readonly IndexedDocument[]): Promise<void>;

  /** Removes documents; unknown ids are ignored. */
  abstract remove(datasetIds: readonly string[]): Promise<void>;

  abstract search(request: SearchRequest, viewer: SearchViewer): Promise<SearchResult>;

  /** Digests of the stored documents in dataset id order, after `afterDatasetId`, for consistency checks. */
  abstract digests(afterDatasetId: string | null, limit: number): Promise<readonly DigestEntry[]>;

  abstract count(): Promise<number>;

  /**
   * Replaces the whole index with the given documents, with no moment in which searches see a partial
   * index (Elasticsearch: a new versioned index, then an atomic alias swap). Returns how many were indexed.
   */
  abstract rebuild(batches: AsyncIterable<readonly IndexedDocument[]>): Promise<number>;

  /** Makes every completed write visible to searches (Elasticsearch refresh; no-op on PostgreSQL). */
  abstract refresh(): Promise<void>;

  /** Releases connections. */
  abstract close(): Promise<void>;
}
