import { Injectable } from '@nestjs/common';
import type { Principal } from '@apdc/access';
import { type SchemeName, vocabularies } from '@apdc/metadata';
import { Clock, canonicalJson, isUuid, sha256Hex } from '@apdc/platform';
import { SearchQueryError } from './errors.js';
import {
  type AccessValue,
  FACET_NAMES,
  type FacetName,
  type SearchAfter,
  SearchIndex,
  type SearchViewer,
} from './ports/search-index.port.js';
import type { SearchDocument } from './search-document.js';
import {
  type ParsedSearchParameters,
  type RawSearchParameters,
  parseSearchParameters,
} from './search-parameters.js';

/** One release in a result list. */
export interface SearchHitView {
  readonly datasetId: string;
  readonly versionNumber: number;
  readonly state: 'published' | 'draft';
  readonly title: string;
  readonly description: string;
  readonly creators: readonly string[];
  readonly keywords: readonly string[];
  readonly publicationYear: number | null;
  readonly publishedAt: string | null;
  readonly doi: string | null;
  readonly experiments: readonly LabelledValue[];
  readonly messengers: readonly LabelledValue[];
  readonly type: LabelledValue | null;
  readonly license: string | null;
  readonly access: AccessValue;
  readonly score: number | null;
  readonly highlights: { readonly title?: string; readonly description?: string };
  readonly links: { readonly dataset: string; readonly landingPage: string };
}

export interface LabelledValue {
  readonly value: string;
  readonly label: string;
}

export interface FacetBucketView extends LabelledValue {
  readonly count: number;
}

export interface SearchResponseView {
  readonly total: number;
  readonly items: readonly SearchHitView[];
  readonly facets: Partial<Record<FacetName, readonly FacetBucketView[]>>;
  /** Pass as `cursor`, with the same other parameters, for the next page; null on the last page. */
  readonly nextCursor: string | null;
  readonly sort: string;
  readonly adapter: string;
}

const DESCRIPTION_PREVIEW = 500;
const ACCESS_LABELS: Readonly<Record<AccessValue, string>> = {
  open: 'Open access',
  embargoed: 'Under embargo',
  restricted: 'Partly restricted',
};
const FACET_SCHEMES: Partial<Record<FacetName, SchemeName>> = {
  experiment: 'facility',
  messenger: 'messenger',
  type: 'data-level',
};

/** `GET /api/v1/search`: reads the parameters, asks the index as the principal, shapes the answer. */
@Injectable()
export class SearchService {
  constructor(
    private readonly index: SearchIndex,
    private readonly clock: Clock,
  ) {}

  async search(principal: Principal, raw: RawSearchParameters): Promise<SearchResponseView> {
    const parsed = parseSearchParameters(raw);
    const fingerprint = this.fingerprint(parsed);
    const now = this.clock.now();
    const viewer: SearchViewer = {
      isAdmin: principal.isAdmin,
      groupIds: [...principal.groupRoles.keys()].sort(),
    };
    const result = await this.index.search(
      {
        query: parsed.query,
        filters: parsed.filters,
        sort: parsed.sort,
        limit: parsed.limit,
        after: decodeSearchCursor(parsed.cursor, fingerprint),
        facets: parsed.facets,
        highlight: parsed.highlight,
        now,
      },
      viewer,
    );
    const facets: Partial<Record<FacetName, FacetBucketView[]>> = {};
    for (const name of FACET_NAMES) {
      const buckets = result.facets[name];
      if (buckets === undefined) continue;
      facets[name] = buckets.map((bucket) => ({ ...bucket, label: facetLabel(name, bucket.value) }));
    }
    return {
      total: result.total,
      items: result.hits.map((hit) => this.hitView(hit.document, hit.score, hit.highlights, now)),
      facets,
      nextCursor: result.next === null ? null : encodeSearchCursor(result.next, fingerprint),
      sort: parsed.sort,
      adapter: this.index.adapterName,
    };
  }

  private hitView(
    document: SearchDocument,
    score: number | null,
    highlights: SearchHitView['highlights'],
    now: Date,
  ): SearchHitView {
    const labelled = (scheme: SchemeName, value: string): LabelledValue => ({
      value,
      label: vocabularies().concept(scheme, value)?.label ?? value,
    });
    return {
      datasetId: document.datasetId,
      versionNumber: document.versionNumber,
      state: document.state,
      title: document.title,
      description:
        document.description.length > DESCRIPTION_PREVIEW
          ? `${document.description.slice(0, DESCRIPTION_PREVIEW)}…`
          : document.description,
      creators: document.creators,
      keywords: document.keywords,
      publicationYear: document.publicationYear,
      publishedAt: document.publishedAt,
      doi: document.doi,
      experiments: document.facilities.map((slug) => labelled('facility', slug)),
      messengers: document.messengers.map((slug) => labelled('messenger', slug)),
      type: document.resourceType === null ? null : labelled('data-level', document.resourceType),
      license: document.license,
      access: accessAt(document, now),
      score,
      highlights,
      links: {
        dataset: `/api/v1/datasets/${document.datasetId}`,
        landingPage: document.landingPage,
      },
    };
  }

  /** Ties a cursor to the query it was issued for, so that it cannot page through another one. */
  private fingerprint(parsed: ParsedSearchParameters): string {
    const filters: unknown = JSON.parse(JSON.stringify(parsed.filters));
    return sha256Hex(canonicalJson({ q: parsed.q, filters, sort: parsed.sort })).slice(0, 16);
  }
}

/** Access to a document's files at `now`, as the access filter and facet compute it. */
export function accessAt(document: SearchDocument, now: Date): AccessValue {
  if (document.embargoUntil !== null && new Date(document.embargoUntil) > now) return 'embargoed';
  return document.hasRestrictedFiles ? 'restricted' : 'open';
}

function facetLabel(name: FacetName, value: string): string {
  const scheme = FACET_SCHEMES[name];
  if (scheme !== undefined) return vocabularies().concept(scheme, value)?.label ?? value;
  if (name === 'access') return ACCESS_LABELS[value as AccessValue];
  return value;
}

function encodeSearchCursor(after: SearchAfter, fingerprint: string): string {
  return Buffer.from(
    JSON.stringify({ v: after.sortValues, id: after.datasetId, f: fingerprint }),
    'utf8',
  ).toString('base64url');
}

function decodeSearchCursor(cursor: string | undefined, fingerprint: string): SearchAfter | null {
  if (cursor === undefined) return null;
  const invalid = (message: string): SearchQueryError => new SearchQueryError([{ path: 'cursor', message }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor this service issued');
  }
  if (parsed === null || typeof parsed !== 'object') throw invalid('not a cursor this service issued');
  const { v, id, f } = parsed as { v?: unknown; id?: unknown; f?: unknown };
  const valuesOk =
    Array.isArray(v) &&
    v.length === 1 &&
    v.every(
      (value) =>
        value === null ||
        (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && value.length <= 2000),
    );
  if (!valuesOk || typeof id !== 'string' || !isUuid(id)) throw invalid('not a cursor this service issued');
  if (f !== fingerprint) {
    throw invalid(
      'this cursor belongs to another query, filters or sort order; start again without a cursor',
    );
  }
  return { sortValues: v as (string | number | null)[], datasetId: id };
}
