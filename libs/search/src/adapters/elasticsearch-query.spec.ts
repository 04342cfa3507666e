import { describe, expect, it } from '@jest/globals';
import type { estypes } from '@elastic/elasticsearch';
import fc from 'fast-check';
import { type SkyCone, type SkyRegion, coneIntersectsRegion, distanceToRegion } from '@apdc/sky';
import { SearchQueryError } from '../errors.js';
import { NO_SEARCH_FILTERS, type SearchRequest, type SearchViewer } from '../ports/search-index.port.js';
import type { QueryNode } from '../query/query-ast.js';
import { parseSearchQuery } from '../query/query-parser.js';
import { generatedCatalogue, indexed, searchDocument } from '../search-index.contract.js';
import type { SearchDocument } from '../search-document.js';
import {
  CONE_TOLERANCE_DEGREES,
  ENGLISH_STOP_WORDS,
  INTERNAL_SOURCE_FIELDS,
  MISSING_DATE_FIRST,
  MISSING_DATE_LAST,
  SKY_CONE_SCRIPT,
  TERM_WEIGHT_SCRIPT,
  type SkyRegionDocument,
  accessClause,
  aliasSwapActions,
  bulkDeleteOperations,
  bulkFailures,
  bulkIndexOperations,
  coneFilter,
  digestsFromResponse,
  digestsRequestBody,
  effectiveSort,
  energyOverlapFilter,
  facetAggregations,
  facetsFromAggregations,
  filterClauses,
  foldForPrefix,
  hasOnlyStopWords,
  hasRankingText,
  highlightFor,
  highlightsFromHit,
  isValidIndexPrefix,
  releaseSource,
  releasesAlias,
  releasesIndexTemplate,
  releasesMappings,
  searchAfterFor,
  searchAfterFromSort,
  searchRequestBody,
  searchResultFromResponse,
  skyConeScriptParams,
  skyRegionDocument,
  sortFor,
  timeOverlapFilter,
  translateQuery,
  versionedIndexName,
  visibilityFilter,
} from './elasticsearch-query.js';
import { HIGHLIGHT_END, HIGHLIGHT_START } from './highlight-markup.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const ANONYMOUS: SearchViewer = { isAdmin: false, groupIds: [] };
const MEMBER: SearchViewer = { isAdmin: false, groupIds: ['6f1c2b1e-0000-4000-8000-000000000001'] };
const ADMIN: SearchViewer = { isAdmin: true, groupIds: [] };

function request(overrides: Partial<SearchRequest> & { q?: string }): SearchRequest {
  const { q, ...rest } = overrides;
  return {
    query: parseSearchQuery(q ?? ''),
    filters: NO_SEARCH_FILTERS,
    sort: 'relevance',
    limit: 10,
    after: null,
    facets: false,
    highlight: false,
    now: NOW,
    ...rest,
  };
}

const term = (text: string, match: 'exact' | 'prefix' | 'fuzzy' = 'exact'): QueryNode => ({
  kind: 'term',
  field: null,
  text,
  match,
});

/** Every value of `key` anywhere in a JSON-like value. */
function valuesOfKey(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesOfKey(item, key));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
    ...(k === key ? [v] : []),
    ...valuesOfKey(v, key),
  ]);
}

/**
 * Compiles one of our own script constants (Painless written in its JavaScript-compatible subset) so that
 * the spec can run it. Never used on anything but those constants.
 */
function compileScript(parameters: readonly string[], body: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- our constants, rewritten to JavaScript
  return new Function(...parameters, body);
}

describe('names and index template', () => {
  it('names the alias, template and versioned indices after the prefix', () => {
    expect(releasesAlias('apdc')).toBe('apdc-releases');
    expect(versionedIndexName('apdc', new Date('2026-03-04T05:06:07.089Z'))).toBe(
      'apdc-releases-v20260304050607089',
    );
    const template = releasesIndexTemplate('apdc');
    expect(template.name).toBe('apdc-releases');
    expect(template.index_patterns).toEqual(['apdc-releases-*']);
  });

  it('accepts only prefixes that make valid index names', () => {
    expect(isValidIndexPrefix('apdc-test-1a2b')).toBe(true);
    for (const bad of ['', 'APDC', '-apdc', '_apdc', 'a b', 'a*', 'a/b', '.', '..']) {
      expect(isValidIndexPrefix(bad)).toBe(false);
    }
  });

  it('maps every field of a search document, strictly, plus the digest and the nested sky regions', () => {
    const mappings = releasesMappings();
    expect(mappings.dynamic).toBe('strict');
    const source = releaseSource(indexed(searchDocument({})));
    expect(Object.keys(mappings.properties ?? {}).sort()).toEqual(Object.keys(source).sort());
    expect(mappings.properties?.['sky']).toMatchObject({ type: 'nested' });
    expect(mappings.properties?.['skyCoverage']).toEqual({ type: 'object', enabled: false });
    expect(mappings.properties?.['digest']).toEqual({ type: 'keyword', index: false });
  });

  it('analyses text like PostgreSQL: Snowball English stems, its stop words, folded accents', () => {
    const settings = releasesIndexTemplate('apdc').template?.settings;
    const filters = settings?.analysis?.filter ?? {};
    expect(filters['apdc_english_stemmer']).toEqual({ type: 'stemmer', language: 'porter2' });
    expect(filters['apdc_english_stop']).toEqual({ type: 'stop', stopwords: [...ENGLISH_STOP_WORDS] });
    expect(ENGLISH_STOP_WORDS).toHaveLength(127);
    expect(settings?.analysis?.analyzer?.['apdc_text']).toMatchObject({
      tokenizer: 'standard',
      filter: [
        'apdc_english_possessive',
        'lowercase',
        'asciifolding',
        'apdc_english_stop',
        'apdc_english_stemmer',
      ],
    });
    expect(settings?.number_of_shards).toBe(1);
  });
});

describe('term weight script', () => {
  // The similarity script, run as JavaScript.
  const weight = (boost: number, freq: number, length: number): number =>
    (
      compileScript(['query', 'doc'], TERM_WEIGHT_SCRIPT.replace(/\bdouble (\w+) =/g, 'let $1 =')) as (
        query: { boost: number },
        doc: { freq: number; length: number },
      ) => number
    )({ boost }, { freq, length });

  it('grows with occurrences and weight, shrinks with field length, and reads no index statistic', () => {
    expect(weight(1, 4, 4)).toBeGreaterThan(weight(1, 1, 4));
    expect(weight(1, 1, 4)).toBeGreaterThan(weight(1, 1, 16));
    expect(weight(4, 1, 4)).toBe(4 * weight(1, 1, 4));
    expect(TERM_WEIGHT_SCRIPT).not.toMatch(/docFreq|docCount|sumDocFreq|totalTermFreq/);
    // The contract's example: a title word (weight 4, 4 words) above a keyword (2, 2) above a description (1, 8).
    expect(weight(4, 1, 4)).toBeGreaterThan(weight(2, 1, 2));
    expect(weight(2, 1, 2)).toBeGreaterThan(weight(1, 1, 8));
  });
});

describe('stored documents', () => {
  it('stores the document with its digest and one nested region per sky coverage entry', () => {
    const document = searchDocument({
      skyCoverage: [
        { kind: 'all-sky' },
        { kind: 'cone', frame: 'galactic', lon: 360, lat: -5, radius: 2 },
        { kind: 'box', frame: 'icrs', lonMin: 350, lonMax: 360, latMin: -5, latMax: 5 },
        { kind: 'box', frame: 'icrs', lonMin: 0, lonMax: 360, latMin: 80, latMax: 90 },
      ],
    });
    const source = releaseSource({ document, digest: 'sha256:abc' });
    expect(source).toMatchObject({ ...document, digest: 'sha256:abc' });
    const zeros = { lon: 0, lat: 0, radius: 0, lonMin: 0, lonMax: 0, latMin: 0, latMax: 0 };
    expect(source.sky).toEqual([
      { kind: 'all-sky', frame: 'icrs', ...zeros },
      { kind: 'cone', frame: 'galactic', ...zeros, lon: 360, lat: -5, radius: 2 },
      { kind: 'box', frame: 'icrs', ...zeros, lonMin: 350, lonMax: 360, latMin: -5, latMax: 5 },
      { kind: 'box', frame: 'icrs', ...zeros, lonMin: 0, lonMax: 360, latMin: 80, latMax: 90 },
    ]);
    expect(INTERNAL_SOURCE_FIELDS).toEqual(['sky', 'digest']);
  });

  it('writes bulk index and delete operations keyed by dataset id', () => {
    const [a, b] = [searchDocument({}), searchDocument({})];
    const operations = bulkIndexOperations('apdc-releases', [indexed(a), indexed(b)]);
    expect(operations).toHaveLength(4);
    expect(operations[0]).toEqual({ index: { _index: 'apdc-releases', _id: a.datasetId } });
    expect(operations[3]).toMatchObject({ datasetId: b.datasetId, digest: indexed(b).digest });
    expect(bulkDeleteOperations('apdc-releases', [a.datasetId])).toEqual([
      { delete: { _index: 'apdc-releases', _id: a.datasetId } },
    ]);
  });

  it('reports failed bulk items; deleting an unknown id is no failure', () => {
    const error = { type: 'strict_dynamic_mapping_exception', reason: 'mapping set to strict' };
    const response: estypes.BulkResponse = {
      errors: true,
      took: 1,
      items: [
        { index: { _index: 'i', _id: 'a', status: 201, result: 'created' } },
        { delete: { _index: 'i', _id: 'b', status: 404, result: 'not_found' } },
        { delete: { _index: 'i', _id: 'c', status: 404, error: { type: 'index_not_found_exception' } } },
        { index: { _index: 'i', _id: 'd', status: 400, error } },
      ],
    };
    expect(bulkFailures(response)).toEqual([
      { id: 'c', status: 404, error: { type: 'index_not_found_exception' } },
      { id: 'd', status: 400, error },
    ]);
  });
});

describe(translateQuery.name, () => {
  const allFields = ['title^4', 'keywords^2', 'creators^2', 'labels^2', 'description'];

  it('matches every document for the empty query', () => {
    expect(translateQuery({ kind: 'all' })).toEqual({ match_all: {} });
  });

  it('finds a word in any text field, all of its parts required, title weighing most', () => {
    expect(translateQuery(term('neutrino'))).toEqual({
      multi_match: {
        query: 'neutrino',
        fields: allFields,
        type: 'cross_fields',
        operator: 'and',
        zero_terms_query: 'all',
      },
    });
    expect(translateQuery({ kind: 'term', field: 'creator', text: 'Müller', match: 'exact' })).toMatchObject({
      multi_match: { query: 'Müller', fields: ['creators'] },
    });
  });

  it('lets words that are only stop words or symbols match everything, in every form', () => {
    for (const node of [
      term('the'),
      term('The'),
      term('of', 'prefix'),
      term('and', 'fuzzy'),
      term('🙂'),
      term("don't"),
      { kind: 'phrase', field: null, text: 'of the' } as const,
    ]) {
      expect(translateQuery(node)).toEqual({ match_all: {} });
    }
    expect(hasOnlyStopWords('the neutrino')).toBe(false);
    expect(hasOnlyStopWords('Über')).toBe(false);
  });

  it('matches prefixes both stemmed (as PostgreSQL) and as typed on unstemmed words', () => {
    expect(translateQuery({ kind: 'term', field: 'title', text: 'Énerg', match: 'prefix' })).toEqual({
      bool: {
        should: [
          {
            multi_match: {
              query: 'Énerg',
              fields: ['title'],
              type: 'phrase_prefix',
              max_expansions: 200,
              zero_terms_query: 'all',
            },
          },
          { prefix: { 'title.exact': { value: 'energ', boost: 1 } } },
        ],
        minimum_should_match: 1,
      },
    });
    expect(valuesOfKey(translateQuery(term('neutr', 'prefix')), 'prefix')).toHaveLength(5);
  });

  it('forgives typos in every field, and still finds the exact word anywhere', () => {
    expect(translateQuery(term('neutrnio', 'fuzzy'))).toEqual({
      bool: {
        should: [
          {
            multi_match: {
              query: 'neutrnio',
              fields: allFields,
              type: 'cross_fields',
              operator: 'and',
              zero_terms_query: 'all',
            },
          },
          {
            multi_match: {
              query: 'neutrnio',
              fields: allFields,
              type: 'best_fields',
              operator: 'and',
              fuzziness: 'AUTO',
              zero_terms_query: 'all',
            },
          },
        ],
        minimum_should_match: 1,
      },
    });
  });

  it('matches phrases word by word in order', () => {
    expect(translateQuery({ kind: 'phrase', field: 'description', text: 'cosmic rays' })).toEqual({
      multi_match: { query: 'cosmic rays', fields: ['description'], type: 'phrase', zero_terms_query: 'all' },
    });
  });

  it('matches identifiers, exact fields and years as terms and ranges', () => {
    expect(translateQuery({ kind: 'identifier', value: 'doi:10.1/abc' })).toEqual({
      term: { identifiers: { value: 'doi:10.1/abc' } },
    });
    expect(translateQuery({ kind: 'field', field: 'experiment', value: 'IceCube' })).toEqual({
      term: { facilities: { value: 'icecube' } },
    });
    expect(translateQuery({ kind: 'field', field: 'messenger', value: 'neutrino' })).toEqual({
      term: { messengers: { value: 'neutrino' } },
    });
    expect(translateQuery({ kind: 'field', field: 'type', value: 'event-list' })).toEqual({
      term: { resourceType: { value: 'event-list' } },
    });
    expect(translateQuery({ kind: 'field', field: 'license', value: 'CC-BY-4.0' })).toEqual({
      term: { 'license.normalized': { value: 'cc-by-4.0' } },
    });
    expect(translateQuery({ kind: 'year', from: 2015, to: 2020 })).toEqual({
      range: { publicationYear: { gte: 2015, lte: 2020 } },
    });
    expect(translateQuery({ kind: 'year', from: 2015, to: null })).toEqual({
      range: { publicationYear: { gte: 2015 } },
    });
    expect(translateQuery({ kind: 'year', from: null, to: 2020 })).toEqual({
      range: { publicationYear: { lte: 2020 } },
    });
  });

  it('combines with bool must, should (one required) and must_not', () => {
    const a = term('neutrino');
    const b = term('gamma');
    expect(translateQuery({ kind: 'and', children: [a, b] })).toEqual({
      bool: { must: [translateQuery(a), translateQuery(b)] },
    });
    expect(translateQuery({ kind: 'or', children: [a, b] })).toEqual({
      bool: { should: [translateQuery(a), translateQuery(b)], minimum_should_match: 1 },
    });
    expect(translateQuery({ kind: 'not', child: a })).toEqual({ bool: { must_not: [translateQuery(a)] } });
    expect(translateQuery({ kind: 'and', children: [] })).toEqual({ match_all: {} });
    expect(translateQuery({ kind: 'or', children: [] })).toEqual({ match_none: {} });
  });

  it('folds prefixes as the analyser does', () => {
    expect(foldForPrefix('ÉMILIE Müller')).toBe('emilie muller');
  });
});

describe('relevance', () => {
  it('ranks only by words outside NOT that are not stop words, else orders newest first', () => {
    expect(hasRankingText(parseSearchQuery('neutrino'))).toBe(true);
    expect(hasRankingText(parseSearchQuery('the'))).toBe(false);
    expect(hasRankingText(parseSearchQuery('experiment:icecube'))).toBe(false);
    expect(hasRankingText({ kind: 'not', child: term('neutrino') })).toBe(false);
    expect(hasRankingText({ kind: 'not', child: { kind: 'not', child: term('neutrino') } })).toBe(true);
    expect(effectiveSort(request({ q: 'neutrino' }))).toBe('relevance');
    expect(effectiveSort(request({ q: '' }))).toBe('newest');
    expect(effectiveSort(request({ q: 'neutrino', sort: 'title' }))).toBe('title');
  });
});

describe(filterClauses.name, () => {
  it('shows anonymous viewers public documents, members also their groups, admins everything', () => {
    expect(visibilityFilter(ANONYMOUS)).toEqual({ term: { public: { value: true } } });
    expect(visibilityFilter(MEMBER)).toEqual({
      bool: {
        should: [{ term: { public: { value: true } } }, { terms: { readerGroupIds: [...MEMBER.groupIds] } }],
        minimum_should_match: 1,
      },
    });
    expect(visibilityFilter(ADMIN)).toBeNull();
    expect(filterClauses(NO_SEARCH_FILTERS, ADMIN, NOW)).toEqual([]);
    expect(filterClauses(NO_SEARCH_FILTERS, ANONYMOUS, NOW)).toEqual([visibilityFilter(ANONYMOUS)]);
  });

  it('keeps alternatives within a filter and lower-cases the case-insensitive ones', () => {
    const clauses = filterClauses(
      {
        ...NO_SEARCH_FILTERS,
        experiment: ['icecube', 'auger'],
        messenger: ['neutrino'],
        type: ['event-list'],
        license: ['CC-BY-4.0'],
        keyword: ['Air Showers'],
        yearFrom: 2015,
        yearTo: 2018,
      },
      ADMIN,
      NOW,
    );
    expect(clauses).toEqual([
      { terms: { facilities: ['icecube', 'auger'] } },
      { terms: { messengers: ['neutrino'] } },
      { terms: { resourceType: ['event-list'] } },
      { terms: { 'license.normalized': ['cc-by-4.0'] } },
      { terms: { 'keywords.normalized': ['air showers'] } },
      { range: { publicationYear: { gte: 2015, lte: 2018 } } },
    ]);
  });

  it('decides access at the time of the search: embargoed, restricted and open are disjoint', () => {
    const embargoed = { range: { embargoUntil: { gt: '2026-06-01T00:00:00.000Z' } } };
    expect(accessClause('embargoed', NOW)).toEqual(embargoed);
    expect(accessClause('restricted', NOW)).toEqual({
      bool: {
        filter: [{ bool: { must_not: [embargoed] } }, { term: { hasRestrictedFiles: { value: true } } }],
      },
    });
    expect(accessClause('open', NOW)).toEqual({
      bool: {
        filter: [{ bool: { must_not: [embargoed] } }, { term: { hasRestrictedFiles: { value: false } } }],
      },
    });
    expect(filterClauses({ ...NO_SEARCH_FILTERS, access: ['open', 'embargoed'] }, ADMIN, NOW)).toEqual([
      { bool: { should: [accessClause('open', NOW), embargoed], minimum_should_match: 1 } },
    ]);
  });

  it('overlaps observation times; no start never matches, no end runs on', () => {
    const from = new Date('2012-06-01T00:00:00Z');
    const to = new Date('2013-01-01T00:00:00Z');
    expect(timeOverlapFilter(from, to)).toEqual({
      bool: {
        filter: [
          { exists: { field: 'timeStart' } },
          { range: { timeStart: { lte: '2013-01-01T00:00:00.000Z' } } },
          {
            bool: {
              should: [
                { range: { timeEnd: { gte: '2012-06-01T00:00:00.000Z' } } },
                { bool: { must_not: [{ exists: { field: 'timeEnd' } }] } },
              ],
              minimum_should_match: 1,
            },
          },
        ],
      },
    });
    expect(timeOverlapFilter(null, to)).toEqual({
      bool: {
        filter: [{ exists: { field: 'timeStart' } }, { range: { timeStart: { lte: to.toISOString() } } }],
      },
    });
    expect(filterClauses({ ...NO_SEARCH_FILTERS, timeFrom: from }, ADMIN, NOW)).toEqual([
      timeOverlapFilter(from, null),
    ]);
  });

  it('overlaps energy ranges; a missing minimum is 0, a missing maximum unbounded, neither never matches', () => {
    const either = {
      bool: {
        should: [{ exists: { field: 'energyMinEv' } }, { exists: { field: 'energyMaxEv' } }],
        minimum_should_match: 1,
      },
    };
    const noMin = { bool: { must_not: [{ exists: { field: 'energyMinEv' } }] } };
    const noMax = { bool: { must_not: [{ exists: { field: 'energyMaxEv' } }] } };
    expect(energyOverlapFilter(1e15, 1e17)).toEqual({
      bool: {
        filter: [
          either,
          { bool: { should: [{ range: { energyMinEv: { lte: 1e17 } } }, noMin], minimum_should_match: 1 } },
          { bool: { should: [{ range: { energyMaxEv: { gte: 1e15 } } }, noMax], minimum_should_match: 1 } },
        ],
      },
    });
    // Below 0 a missing minimum (0) is above the range.
    expect(energyOverlapFilter(null, -1)).toEqual({
      bool: { filter: [either, { range: { energyMinEv: { lte: -1 } } }] },
    });
  });

  it('selects cones with a nested script query whose source is a constant', () => {
    const cone: SkyCone = { ra: 77.36, dec: 5.69, radius: 1 };
    const [clause] = filterClauses({ ...NO_SEARCH_FILTERS, cone }, ADMIN, NOW);
    expect(clause).toEqual(coneFilter(cone));
    expect(clause).toEqual({
      nested: {
        path: 'sky',
        score_mode: 'none',
        query: {
          script: {
            script: { lang: 'painless', source: SKY_CONE_SCRIPT, params: skyConeScriptParams(cone) },
          },
        },
      },
    });
  });
});

describe('cone script parameters', () => {
  it('gives the centre in both frames and widens the radius by the touch tolerance', () => {
    const params = skyConeScriptParams({ ra: 266.40499, dec: -28.93617, radius: 0.5 });
    // The Galactic centre.
    expect(params.galacticLat).toBeCloseTo(0, 3);
    expect(Math.min(params.galacticLon, 360 - params.galacticLon)).toBeCloseTo(0, 3);
    expect(params.galacticX).toBeCloseTo(1, 6);
    expect(params.icrsLon).toBeCloseTo(266.40499, 9);
    expect(params.maxDistance).toBe(0.5 + CONE_TOLERANCE_DEGREES);
    const pole = skyConeScriptParams({ ra: 192.85948, dec: 27.12825, radius: 0 });
    expect(pole.galacticLat).toBeCloseTo(90, 4);
    expect(pole.galacticZ).toBeCloseTo(1, 8);
  });
});

describe('cone script, run as JavaScript', () => {
  interface JavaMath extends Math {
    toRadians(degrees: number): number;
    toDegrees(radians: number): number;
  }
  const javaMath: JavaMath = Object.assign(Object.create(Math) as Math, {
    toRadians: (degrees: number) => (degrees * Math.PI) / 180,
    toDegrees: (radians: number) => (radians * 180) / Math.PI,
  });
  /** Painless declares types; the rest of the script is plain JavaScript too. */
  const asJavaScript = (painless: string): string =>
    painless
      .replace(
        /^(?:double|boolean|String) (\w+)\(([^)]*)\) \{$/gm,
        (_declaration, name: string, parameters: string) =>
          `function ${name}(${parameters
            .split(',')
            .map((parameter) => parameter.trim().split(/\s+/)[1])
            .join(', ')}) {`,
      )
      .replace(/\b(?:double|boolean|String) (\w+) = /g, 'let $1 = ');
  const functionsEnd = SKY_CONE_SCRIPT.indexOf('String kind');
  const geometry = (
    compileScript(
      ['Math'],
      `${asJavaScript(SKY_CONE_SCRIPT.slice(0, functionsEnd))}\nreturn { separation, boxDistance };`,
    ) as (math: JavaMath) => {
      separation: (px: number, py: number, pz: number, lon: number, lat: number) => number;
      boxDistance: (...args: number[]) => number;
    }
  )(javaMath);
  const script = compileScript(['doc', 'params', 'Math'], asJavaScript(SKY_CONE_SCRIPT)) as (
    doc: Record<string, { value: unknown }>,
    params: object,
    math: JavaMath,
  ) => boolean;

  const matches = (region: SkyRegion, cone: SkyCone): boolean => {
    const stored: SkyRegionDocument = skyRegionDocument(region);
    const doc = Object.fromEntries(Object.entries(stored).map(([key, value]) => [`sky.${key}`, { value }]));
    return script(doc, skyConeScriptParams(cone), javaMath);
  };

  /** Distance from the cone centre to a box, as the script computes it. */
  const scriptBoxDistance = (
    region: Extract<SkyRegion, { kind: 'box' }>,
    ra: number,
    dec: number,
  ): number => {
    const stored = skyRegionDocument(region);
    const p = skyConeScriptParams({ ra, dec, radius: 0 });
    const [x, y, z, lon, lat] =
      region.frame === 'galactic'
        ? [p.galacticX, p.galacticY, p.galacticZ, p.galacticLon, p.galacticLat]
        : [p.icrsX, p.icrsY, p.icrsZ, p.icrsLon, p.icrsLat];
    return geometry.boxDistance(
      x,
      y,
      z,
      lon,
      lat,
      stored.lonMin,
      stored.lonMax,
      stored.latMin,
      stored.latMax,
    );
  };

  /** Brute force: the nearest of many points along the box's edges (or 0 inside), ICRS boxes only. */
  const sampledBoxDistance = (
    region: Extract<SkyRegion, { kind: 'box' }>,
    ra: number,
    dec: number,
  ): number => {
    const { lonMin, latMin, latMax } = region;
    const width = region.lonMax >= lonMin ? region.lonMax - lonMin : region.lonMax + 360 - lonMin;
    const p = skyConeScriptParams({ ra, dec, radius: 0 });
    const to = (lon: number, lat: number): number => geometry.separation(p.icrsX, p.icrsY, p.icrsZ, lon, lat);
    const inside =
      dec >= latMin && dec <= latMax && (width >= 360 || (((ra - lonMin) % 360) + 360) % 360 <= width);
    if (inside) return 0;
    let nearest = Infinity;
    const steps = 2000;
    for (let i = 0; i <= steps; i += 1) {
      const lat = latMin + ((latMax - latMin) * i) / steps;
      const lon = lonMin + (width * i) / steps;
      nearest = Math.min(nearest, to(lonMin, lat), to(lonMin + width, lat), to(lon, latMin), to(lon, latMax));
    }
    return nearest;
  };

  const longitude = fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true });
  const latitude = fc.double({ min: -90, max: 90, noNaN: true });
  const frame = fc.constantFrom('icrs' as const, 'galactic' as const);
  const box = fc
    .tuple(frame, longitude, longitude, latitude, latitude)
    .map(([f, lonMin, lonMax, a, b]): Extract<SkyRegion, { kind: 'box' }> => ({
      kind: 'box',
      frame: f,
      lonMin,
      lonMax,
      latMin: Math.min(a, b),
      latMax: Math.max(a, b),
    }));
  const region: fc.Arbitrary<SkyRegion> = fc.oneof(
    fc.constant({ kind: 'all-sky' } as const),
    fc
      .tuple(frame, longitude, latitude, fc.double({ min: 0.001, max: 180, noNaN: true }))
      .map(([f, lon, lat, radius]) => ({ kind: 'cone', frame: f, lon, lat, radius }) as const),
    box,
  );
  const cone = fc
    .tuple(
      longitude,
      latitude,
      fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 180, noNaN: true })),
    )
    .map(([ra, dec, radius]) => ({ ra, dec, radius }));

  it('calls only what Painless allows of java.lang.Math', () => {
    // From Painless's whitelist (modules/lang-painless/.../java.lang.txt), the functions these scripts may need.
    const painlessMath = new Set([
      'abs',
      'atan2',
      'cos',
      'max',
      'min',
      'sin',
      'sqrt',
      'toDegrees',
      'toRadians',
    ]);
    for (const source of [SKY_CONE_SCRIPT, TERM_WEIGHT_SCRIPT]) {
      for (const [, name] of source.matchAll(/\bMath\.(\w+)/g))
        expect([name, painlessMath.has(name ?? '')]).toEqual([name, true]);
    }
  });

  it('is valid JavaScript once its type declarations are rewritten, and uses only Math and its inputs', () => {
    const identifiers = new Set(asJavaScript(SKY_CONE_SCRIPT).match(/\b[A-Za-z_]\w*\b/g));
    for (const word of ['eval', 'Function', 'import', 'require', 'process', 'globalThis', 'this']) {
      expect(identifiers.has(word)).toBe(false);
    }
    expect(asJavaScript(SKY_CONE_SCRIPT)).not.toMatch(/\b(?:double|boolean|String)\b/);
  });

  it('agrees with the reference geometry of @apdc/sky on the contract catalogue', () => {
    const cones: SkyCone[] = [
      { ra: 77.36, dec: 5.69, radius: 1 },
      { ra: 359.5, dec: 0, radius: 2 },
      { ra: 0, dec: 90, radius: 5 },
      { ra: 120, dec: -89.9, radius: 0.5 },
      { ra: 266.4, dec: -28.9, radius: 0 },
      { ra: 10, dec: 10, radius: 180 },
    ];
    for (const document of generatedCatalogue(60)) {
      for (const c of cones) {
        for (const r of document.skyCoverage)
          expect([r, c, matches(r, c)]).toEqual([r, c, coneIntersectsRegion(r, c)]);
      }
    }
  });

  it('agrees with the reference geometry of @apdc/sky on random regions and cones', () => {
    fc.assert(
      fc.property(region, cone, (r, c) => {
        const reference = distanceToRegion(r, c.ra, c.dec);
        // Away from the decision boundary (rounding differs between the two by ~1e-13 degrees).
        fc.pre(Math.abs(reference - c.radius) > 1e-7);
        expect(matches(r, c)).toBe(coneIntersectsRegion(r, c));
      }),
      { numRuns: 3000 },
    );
  });

  it('measures the exact distance to boxes, including the shorter way over a pole', () => {
    fc.assert(
      fc.property(
        box.map((b) => ({ ...b, frame: 'icrs' as const })),
        longitude,
        latitude,
        (b, ra, dec) => {
          const exact = scriptBoxDistance(b, ra, dec);
          const sampled = sampledBoxDistance(b, ra, dec);
          // Sampling can only overestimate, by at most half a step along an edge.
          expect(exact).toBeLessThanOrEqual(sampled + 1e-9);
          expect(sampled - exact).toBeLessThan(0.2);
        },
      ),
      { numRuns: 300 },
    );
    // Over the north pole the top corners (129.9°) are nearer than the bottom ones (139.7°).
    const overPole = { kind: 'box', frame: 'icrs', lonMin: 0, lonMax: 10, latMin: -30, latMax: 60 } as const;
    expect(scriptBoxDistance(overPole, 185, -10)).toBeCloseTo(sampledBoxDistance(overPole, 185, -10), 6);
    expect(scriptBoxDistance(overPole, 185, -10)).toBeCloseTo(129.86, 1);
  });

  it('matches all-sky always, touches at the edge, and misses just beyond it', () => {
    expect(matches({ kind: 'all-sky' }, { ra: 1, dec: 2, radius: 0 })).toBe(true);
    const small: SkyRegion = { kind: 'cone', frame: 'icrs', lon: 10, lat: 0, radius: 1 };
    expect(matches(small, { ra: 12, dec: 0, radius: 1 })).toBe(true);
    expect(matches(small, { ra: 12.001, dec: 0, radius: 1 })).toBe(false);
    const crossing: SkyRegion = {
      kind: 'box',
      frame: 'icrs',
      lonMin: 350,
      lonMax: 10,
      latMin: -5,
      latMax: 5,
    };
    expect(matches(crossing, { ra: 0, dec: 0, radius: 0 })).toBe(true);
    expect(matches(crossing, { ra: 20, dec: 0, radius: 9.999 })).toBe(false);
    expect(matches(crossing, { ra: 20, dec: 0, radius: 10 })).toBe(true);
    // From the far side the corners are nearer than the middle of the edges.
    expect(matches(crossing, { ra: 180, dec: 0, radius: 168.84 })).toBe(true);
    expect(matches(crossing, { ra: 180, dec: 0, radius: 168.82 })).toBe(false);
    const cap: SkyRegion = { kind: 'box', frame: 'icrs', lonMin: 0, lonMax: 360, latMin: 85, latMax: 90 };
    expect(matches(cap, { ra: 123, dec: 84, radius: 1 })).toBe(true);
    expect(matches(cap, { ra: 123, dec: 83.99, radius: 1 })).toBe(false);
  });
});

describe('sort and pages', () => {
  it('sorts each order with the dataset id last, drafts after every published release', () => {
    expect(sortFor('relevance')).toEqual([{ _score: { order: 'desc' } }, { datasetId: { order: 'asc' } }]);
    expect(sortFor('newest')).toEqual([
      { publishedAt: { order: 'desc', missing: MISSING_DATE_FIRST } },
      { datasetId: { order: 'asc' } },
    ]);
    expect(sortFor('oldest')).toEqual([
      { publishedAt: { order: 'asc', missing: MISSING_DATE_LAST } },
      { datasetId: { order: 'asc' } },
    ]);
    expect(sortFor('title')).toEqual([
      { 'title.sort': { order: 'asc', missing: '_last' } },
      { datasetId: { order: 'asc' } },
    ]);
    // Stand-ins that survive JavaScript numbers, unlike Elasticsearch's ±2^63.
    expect(Number.isSafeInteger(MISSING_DATE_FIRST) && Number.isSafeInteger(MISSING_DATE_LAST)).toBe(true);
  });

  it('continues after a cursor and refuses a cursor of another order', () => {
    expect(searchAfterFor('newest', { sortValues: [1577836800000], datasetId: 'b' })).toEqual([
      1577836800000,
      'b',
    ]);
    expect(() => searchAfterFor('newest', { sortValues: [], datasetId: 'b' })).toThrow(SearchQueryError);
    expect(searchAfterFromSort([2.5, 'a'])).toEqual({ sortValues: [2.5], datasetId: 'a' });
    expect(searchAfterFromSort([null, 'a'])).toEqual({ sortValues: [null], datasetId: 'a' });
    expect(() => searchAfterFromSort([2.5])).toThrow();
  });
});

describe('facets', () => {
  it('aggregates every facet, keywords lower-cased and cut to 20, access by its three definitions', () => {
    const aggregations = facetAggregations(NOW);
    expect(Object.keys(aggregations).sort()).toEqual(
      ['access', 'experiment', 'keyword', 'license', 'messenger', 'type', 'year'].sort(),
    );
    expect(aggregations.keyword.terms).toMatchObject({ field: 'keywords.normalized', size: 20 });
    expect(aggregations.license.terms).toMatchObject({ field: 'license.normalized' });
    expect(aggregations.year.terms).toMatchObject({ field: 'publicationYear' });
    expect(aggregations.access.filters?.filters).toEqual({
      open: accessClause('open', NOW),
      embargoed: accessClause('embargoed', NOW),
      restricted: accessClause('restricted', NOW),
    });
  });

  it('reads buckets by count, then value, without empty ones; years as strings', () => {
    const response = {
      experiment: {
        buckets: [
          { key: 'kascade', doc_count: 2 },
          { key: 'auger', doc_count: 2 },
          { key: 'icecube', doc_count: 5 },
        ],
      },
      year: {
        buckets: [
          { key: 2019, doc_count: 1 },
          { key: 2020, doc_count: 3 },
        ],
      },
      access: {
        buckets: { open: { doc_count: 4 }, embargoed: { doc_count: 0 }, restricted: { doc_count: 4 } },
      },
      keyword: {
        buckets: Array.from({ length: 25 }, (_, i) => ({
          key: `topic ${String(i).padStart(2, '0')}`,
          doc_count: 1,
        })),
      },
    } as unknown as Record<string, estypes.AggregationsAggregate>;
    const facets = facetsFromAggregations(response);
    expect(facets.experiment).toEqual([
      { value: 'icecube', count: 5 },
      { value: 'auger', count: 2 },
      { value: 'kascade', count: 2 },
    ]);
    expect(facets.year).toEqual([
      { value: '2020', count: 3 },
      { value: '2019', count: 1 },
    ]);
    expect(facets.access).toEqual([
      { value: 'open', count: 4 },
      { value: 'restricted', count: 4 },
    ]);
    expect(facets.keyword).toHaveLength(20);
    expect(facets.messenger).toEqual([]);
  });
});

describe('highlights', () => {
  it('highlights the free-text query alone, with private-use markers, the whole title and two description fragments', () => {
    const query = parseSearchQuery('neutrino');
    const highlight = highlightFor(query);
    expect(highlight).toMatchObject({
      pre_tags: [HIGHLIGHT_START],
      post_tags: [HIGHLIGHT_END],
      encoder: 'default',
      require_field_match: false,
      highlight_query: translateQuery(query),
      fields: {
        title: { number_of_fragments: 0 },
        description: { fragment_size: 200, number_of_fragments: 2 },
      },
    });
  });

  it('turns markers into <mark> and escapes everything else', () => {
    expect(
      highlightsFromHit({
        title: [`${HIGHLIGHT_START}Neutrinos${HIGHLIGHT_END} <script> & friends`],
        description: [`one ${HIGHLIGHT_START}neutrino${HIGHLIGHT_END}`, 'two'],
      }),
    ).toEqual({
      title: '<mark>Neutrinos</mark> &lt;script&gt; &amp; friends',
      description: 'one <mark>neutrino</mark> … two',
    });
    expect(highlightsFromHit(undefined)).toEqual({});
  });
});

describe(searchRequestBody.name, () => {
  it('puts the query in must and the filters in filter, asks one hit more and counts exactly', () => {
    const body = searchRequestBody(request({ q: 'neutrino', limit: 5 }), MEMBER);
    expect(body).toEqual({
      query: {
        bool: { must: [translateQuery(parseSearchQuery('neutrino'))], filter: [visibilityFilter(MEMBER)] },
      },
      sort: sortFor('relevance'),
      size: 6,
      track_total_hits: true,
      _source: { excludes: ['sky', 'digest'] },
    });
  });

  it('adds cursor, facets and highlights when asked, in the order that the query really sorts by', () => {
    const body = searchRequestBody(
      request({
        q: 'experiment:icecube',
        facets: true,
        highlight: true,
        after: { sortValues: [1577836800000], datasetId: 'x' },
      }),
      ANONYMOUS,
    );
    expect(body.sort).toEqual(sortFor('newest'));
    expect(body.search_after).toEqual([1577836800000, 'x']);
    expect(body.aggs).toEqual(facetAggregations(NOW));
    // Nothing to highlight without a ranking word.
    expect(body.highlight).toBeUndefined();
    expect(searchRequestBody(request({ q: 'neutrino', highlight: true }), ANONYMOUS).highlight).toBeDefined();
  });

  it('never sends user text as query syntax or inside a script', () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('" OR 1=1', "'; doc['x'].value", '\\u0000', '*:*', 'title:*', 'a AND (b OR c)'),
    );
    fc.assert(
      fc.property(hostile, fc.boolean(), (q, withCone) => {
        let query: QueryNode;
        try {
          query = parseSearchQuery(q);
        } catch {
          return;
        }
        const body = searchRequestBody(
          {
            ...request({ highlight: true, facets: true }),
            query,
            filters: {
              ...NO_SEARCH_FILTERS,
              keyword: [q],
              cone: withCone ? { ra: 1, dec: 2, radius: 3 } : null,
            },
          },
          ANONYMOUS,
        );
        const json = JSON.stringify(body);
        for (const key of [
          'query_string',
          'simple_query_string',
          'regexp',
          'wildcard',
          'script_score',
          'intervals',
        ]) {
          expect(valuesOfKey(body, key)).toEqual([]);
        }
        for (const source of valuesOfKey(body, 'source')) expect(source).toBe(SKY_CONE_SCRIPT);
        for (const params of valuesOfKey(body, 'params')) {
          expect(Object.values(params as object).every((value) => typeof value === 'number')).toBe(true);
        }
        expect(json.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe(searchResultFromResponse.name, () => {
  const documents: SearchDocument[] = [searchDocument({ title: 'A' }), searchDocument({ title: 'B' })];
  const response = (hits: number, total: number): estypes.SearchResponse<SearchDocument> => ({
    took: 1,
    timed_out: false,
    _shards: { total: 1, successful: 1, failed: 0 },
    hits: {
      total: { value: total, relation: 'eq' },
      hits: documents.slice(0, hits).map((document, i) => ({
        _index: 'apdc-releases-v1',
        _id: document.datasetId,
        _score: 2 - i,
        _source: document,
        sort: [2 - i, document.datasetId],
        highlight: { title: [`${HIGHLIGHT_START}${document.title}${HIGHLIGHT_END}`] },
      })),
    },
  });

  it('returns the page, scores for relevance only, and a cursor when one more hit came back', () => {
    const result = searchResultFromResponse(request({ q: 'alpha', limit: 1 }), response(2, 7));
    expect(result.total).toBe(7);
    expect(result.hits).toEqual([
      { document: documents[0], score: 2, highlights: { title: '<mark>A</mark>' } },
    ]);
    expect(result.next).toEqual({ sortValues: [2], datasetId: documents[0]?.datasetId });
    expect(result.facets).toEqual({});
    const last = searchResultFromResponse(request({ q: 'alpha', limit: 2 }), response(2, 2));
    expect(last.next).toBeNull();
    const byTitle = searchResultFromResponse(
      request({ q: 'alpha', limit: 2, sort: 'title' }),
      response(2, 2),
    );
    expect(byTitle.hits.map((hit) => hit.score)).toEqual([null, null]);
  });
});

describe('digests and alias swap', () => {
  it('pages digests by dataset id from doc values', () => {
    expect(digestsRequestBody('a', 500)).toEqual({
      query: { match_all: {} },
      sort: [{ datasetId: { order: 'asc' } }],
      size: 500,
      search_after: ['a'],
      _source: false,
      docvalue_fields: ['digest'],
      track_total_hits: false,
    });
    expect(digestsRequestBody(null, 5).search_after).toBeUndefined();
    const response = {
      took: 1,
      timed_out: false,
      _shards: { total: 1, successful: 1, failed: 0 },
      hits: { hits: [{ _index: 'i', _id: 'a', fields: { digest: ['sha256:1'] } }] },
    } as estypes.SearchResponse;
    expect(digestsFromResponse(response)).toEqual([{ datasetId: 'a', digest: 'sha256:1' }]);
  });

  it('moves the alias in one call: removes the old indices and adds the new as write index', () => {
    expect(aliasSwapActions('apdc-releases', ['apdc-releases-v1'], 'apdc-releases-v2')).toEqual([
      { remove: { index: 'apdc-releases-v1', alias: 'apdc-releases' } },
      { add: { index: 'apdc-releases-v2', alias: 'apdc-releases', is_write_index: true } },
    ]);
  });
});
