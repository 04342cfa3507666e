import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type SkyRegion, coneIntersectsRegion } from '@apdc/sky';
import { digestOf } from '@apdc/platform';
import { SearchQueryError } from './errors.js';
import {
  type AccessValue,
  NO_SEARCH_FILTERS,
  type SearchFilters,
  SearchIndex,
  type SearchRequest,
  type SearchResult,
  type SearchViewer,
  type SortOrder,
} from './ports/search-index.port.js';
import { parseSearchQuery } from './query/query-parser.js';
import type { IndexedDocument, SearchDocument } from './search-document.js';

/** The behaviour every {@link SearchIndex} adapter must show; each adapter's medium spec runs it. */
export function describeSearchIndexContract(
  name: string,
  open: () => Promise<{ index: SearchIndex; close: () => Promise<void> }>,
): void {
  describe(`${name} (SearchIndex contract)`, () => {
    let sut: SearchIndex;
    let close: () => Promise<void>;
    const NOW = new Date('2026-06-01T00:00:00Z');
    const ANONYMOUS: SearchViewer = { isAdmin: false, groupIds: [] };
    const ADMIN: SearchViewer = { isAdmin: true, groupIds: [] };

    beforeAll(async () => {
      ({ index: sut, close } = await open());
      await sut.ensureReady();
    });
    afterAll(async () => {
      await close();
    });

    const load = async (documents: readonly SearchDocument[]): Promise<void> => {
      await sut.rebuild(batchesOf(documents.map(indexed)));
      await sut.refresh();
    };
    const search = (
      request: Partial<Omit<SearchRequest, 'filters'>> & { q?: string; filters?: Partial<SearchFilters> },
      viewer: SearchViewer = ANONYMOUS,
    ): Promise<SearchResult> =>
      sut.search(
        {
          query: parseSearchQuery(request.q ?? ''),
          filters: { ...NO_SEARCH_FILTERS, ...request.filters },
          sort: request.sort ?? (request.q === undefined ? 'newest' : 'relevance'),
          limit: request.limit ?? 100,
          after: request.after ?? null,
          facets: request.facets ?? false,
          highlight: request.highlight ?? false,
          now: request.now ?? NOW,
        },
        viewer,
      );
    const ids = (result: SearchResult): string[] => result.hits.map((hit) => hit.document.datasetId);
    const idsOf = (documents: readonly SearchDocument[]): string[] =>
      documents.map((document) => document.datasetId).sort();

    describe('storing', () => {
      it('adds, replaces, counts, lists digests in id order and removes documents', async () => {
        await load([]);
        const [a, b] = [searchDocument({ title: 'First' }), searchDocument({ title: 'Second' })];
        await sut.put([indexed(a), indexed(b)]);
        await sut.put([indexed({ ...a, title: 'First, corrected' })]);
        await sut.refresh();
        expect(await sut.count()).toBe(2);
        const digests = await sut.digests(null, 10);
        expect(digests.map((entry) => entry.datasetId)).toEqual(idsOf([a, b]));
        expect(digests.find((entry) => entry.datasetId === a.datasetId)?.digest).toBe(
          digestOf({ ...a, title: 'First, corrected' }),
        );
        const [firstId] = idsOf([a, b]);
        expect((await sut.digests(firstId ?? null, 10)).length).toBe(1);
        await sut.remove([a.datasetId, randomUUID()]);
        await sut.refresh();
        expect(await sut.count()).toBe(1);
        const found = await search({ q: 'corrected' });
        expect(found.total).toBe(0);
      });

      it('rebuilds: the index afterwards holds exactly the given documents', async () => {
        await load([searchDocument({}), searchDocument({})]);
        const kept = [searchDocument({}), searchDocument({}), searchDocument({})];
        expect(await sut.rebuild(batchesOf(kept.slice(0, 2).map(indexed), kept.slice(2).map(indexed)))).toBe(
          3,
        );
        await sut.refresh();
        expect((await sut.digests(null, 10)).map((entry) => entry.datasetId)).toEqual(idsOf(kept));
      });
    });

    describe('free text', () => {
      const titleMatch = searchDocument({ title: 'Neutrino alerts of the IceCube detector' });
      const keywordMatch = searchDocument({ title: 'Alert tracks', keywords: ['neutrino astronomy'] });
      const descriptionMatch = searchDocument({
        title: 'Air-shower events',
        description: 'Cosmic-ray showers; a neutrino is mentioned once in this long description of showers.',
      });
      const unrelated = searchDocument({ title: 'Gamma-ray sources', description: 'Fermi-LAT catalogue' });
      const accented = searchDocument({
        title: 'Observatoire Pierre Augér events',
        creators: ['Émilie Müller'],
        description: 'Ultra-high-energy cosmic rays',
      });
      const identified = searchDocument({
        title: 'A release with identifiers',
        identifiers: [
          'doi:10.3847/1538-4365/acfa95',
          'orcid:0000-0002-1825-0097',
          'url:https://example.org/a(b)',
        ],
      });
      const all = [titleMatch, keywordMatch, descriptionMatch, unrelated, accented, identified];
      beforeAll(async () => load(all));

      it('ranks title matches above keyword matches above description matches', async () => {
        const result = await search({ q: 'neutrino' });
        expect(ids(result)).toEqual([
          titleMatch.datasetId,
          keywordMatch.datasetId,
          descriptionMatch.datasetId,
        ]);
        const scores = result.hits.map((hit) => hit.score ?? Number.NaN);
        expect(scores.every((score, i) => i === 0 || score <= (scores[i - 1] ?? 0))).toBe(true);
        expect(result.total).toBe(3);
      });

      it('stems English words and ignores case and accents', async () => {
        expect(ids(await search({ q: 'SHOWER' }))).toEqual([descriptionMatch.datasetId]);
        expect(ids(await search({ q: 'auger' }))).toEqual([accented.datasetId]);
        expect(ids(await search({ q: 'emilie muller' }))).toEqual([accented.datasetId]);
      });

      it('supports phrases, fields, boolean operators, prefixes and fuzzy words', async () => {
        expect(ids(await search({ q: '"neutrino alerts"' }))).toEqual([titleMatch.datasetId]);
        expect(ids(await search({ q: '"alerts neutrino"' }))).toEqual([]);
        expect(ids(await search({ q: 'title:neutrino' }))).toEqual([titleMatch.datasetId]);
        expect(ids(await search({ q: 'keyword:neutrino' }))).toEqual([keywordMatch.datasetId]);
        expect(ids(await search({ q: 'creator:müller' }))).toEqual([accented.datasetId]);
        expect(idsSorted(await search({ q: 'neutrino NOT icecube' }))).toEqual(
          idsOf([keywordMatch, descriptionMatch]),
        );
        expect(idsSorted(await search({ q: 'fermi OR auger' }))).toEqual(idsOf([unrelated, accented]));
        expect(ids(await search({ q: 'neutr*' })).sort()).toEqual(
          idsOf([titleMatch, keywordMatch, descriptionMatch]),
        );
        expect(ids(await search({ q: 'neutrnio~' })).sort()).toEqual(
          idsOf([titleMatch, keywordMatch, descriptionMatch]),
        );
        expect(ids(await search({ q: 'title:neutrnio~' }))).toEqual([titleMatch.datasetId]);
        expect(ids(await search({ q: 'qqqqzzzz~' }))).toEqual([]);
      });

      it('lets stop words match everything rather than nothing', async () => {
        expect((await search({ q: 'the' })).total).toBe(all.length);
        expect(ids(await search({ q: 'the neutrino' }))).toHaveLength(3);
      });

      it('finds DOIs, ORCID iDs and URLs unquoted, in any spelling', async () => {
        for (const q of [
          '10.3847/1538-4365/ACFA95',
          'https://doi.org/10.3847/1538-4365/acfa95',
          '0000-0002-1825-0097',
          'https://orcid.org/0000-0002-1825-0097',
          'https://example.org/a(b)',
        ]) {
          expect(ids(await search({ q }))).toEqual([identified.datasetId]);
        }
      });

      it('highlights matches with everything else HTML-escaped', async () => {
        const tricky = searchDocument({ title: 'Neutrinos <script>alert(1)</script> & friends' });
        await sut.put([indexed(tricky)]);
        await sut.refresh();
        const result = await search({ q: 'title:neutrino friends', highlight: true });
        expect(ids(result)).toEqual([tricky.datasetId]);
        const title = result.hits[0]?.highlights.title ?? '';
        expect(title).toContain('<mark>');
        expect(title).toContain('&lt;script&gt;');
        expect(title).not.toContain('<script>');
        await sut.remove([tricky.datasetId]);
        await sut.refresh();
      });
    });

    describe('filters and facets', () => {
      const documents = generatedCatalogue(60);
      beforeAll(async () => load(documents));

      const expectFilter = async (
        filters: Partial<SearchFilters>,
        predicate: (document: SearchDocument) => boolean,
      ): Promise<void> => {
        const expected = documents.filter((document) => document.public && predicate(document));
        const result = await search({ filters });
        expect(idsSorted(result)).toEqual(idsOf(expected));
        expect(result.total).toBe(expected.length);
      };

      it('filters by experiment, messenger, type, licence, keyword and access (alternatives within a filter)', async () => {
        await expectFilter({ experiment: ['icecube'] }, (d) => d.facilities.includes('icecube'));
        await expectFilter({ experiment: ['icecube', 'auger'] }, (d) =>
          d.facilities.some((f) => f === 'icecube' || f === 'auger'),
        );
        await expectFilter({ messenger: ['gamma-ray'] }, (d) => d.messengers.includes('gamma-ray'));
        await expectFilter({ type: ['event-list'] }, (d) => d.resourceType === 'event-list');
        await expectFilter({ license: ['cc-by-4.0'] }, (d) => d.license === 'CC-BY-4.0');
        await expectFilter({ keyword: ['Air Showers'] }, (d) => d.keywords.includes('air showers'));
        for (const access of ['open', 'embargoed', 'restricted'] as const) {
          await expectFilter({ access: [access] }, (d) => accessOf(d, NOW) === access);
        }
        await expectFilter(
          { experiment: ['kascade'], license: ['CC0-1.0'], access: ['open'] },
          (d) => d.facilities.includes('kascade') && d.license === 'CC0-1.0' && accessOf(d, NOW) === 'open',
        );
      });

      it('filters by publication year, observation time and energy overlap', async () => {
        await expectFilter(
          { yearFrom: 2015, yearTo: 2018 },
          (d) => d.publicationYear !== null && d.publicationYear >= 2015 && d.publicationYear <= 2018,
        );
        const from = new Date('2012-06-01T00:00:00Z');
        const to = new Date('2013-01-01T00:00:00Z');
        await expectFilter(
          { timeFrom: from, timeTo: to },
          (d) =>
            d.timeStart !== null &&
            new Date(d.timeStart) <= to &&
            (d.timeEnd === null || new Date(d.timeEnd) >= from),
        );
        await expectFilter(
          { energyFromEv: 1e15, energyToEv: 1e17 },
          (d) =>
            (d.energyMinEv !== null || d.energyMaxEv !== null) &&
            (d.energyMinEv ?? 0) <= 1e17 &&
            (d.energyMaxEv ?? Number.POSITIVE_INFINITY) >= 1e15,
        );
        await expectFilter(
          { energyFromEv: 1e19 },
          (d) =>
            (d.energyMinEv !== null || d.energyMaxEv !== null) &&
            (d.energyMaxEv ?? Number.POSITIVE_INFINITY) >= 1e19,
        );
      });

      it('filters by sky cone exactly as the reference geometry, across RA 0 and at the poles', async () => {
        for (const cone of [
          { ra: 77.36, dec: 5.69, radius: 1 },
          { ra: 359.5, dec: 0, radius: 2 },
          { ra: 0, dec: 90, radius: 5 },
          { ra: 120, dec: -89.9, radius: 0.5 },
          { ra: 266.4, dec: -28.9, radius: 0 },
          { ra: 10, dec: 10, radius: 180 },
          ...randomCones(40),
        ]) {
          await expectFilter({ cone }, (d) =>
            d.skyCoverage.some((region) => coneIntersectsRegion(region, cone)),
          );
        }
      });

      it('counts every facet over all hits, not only the page, with the same filters applied', async () => {
        const result = await search({ filters: { messenger: ['neutrino'] }, facets: true, limit: 3 });
        const hits = documents.filter((d) => d.public && d.messengers.includes('neutrino'));
        expect(result.total).toBe(hits.length);
        expect(result.hits).toHaveLength(3);
        const expected = (values: (d: SearchDocument) => readonly (string | null)[]) => {
          const counts = new Map<string, number>();
          for (const d of hits)
            for (const v of new Set(values(d))) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
          return [...counts]
            .map(([value, count]) => ({ value, count }))
            .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
        };
        expect(result.facets.experiment).toEqual(expected((d) => d.facilities));
        expect(result.facets.messenger).toEqual(expected((d) => d.messengers));
        expect(result.facets.type).toEqual(expected((d) => [d.resourceType]));
        expect(result.facets.license).toEqual(expected((d) => [d.license?.toLowerCase() ?? null]));
        expect(result.facets.access).toEqual(expected((d) => [accessOf(d, NOW)]));
        expect(result.facets.year).toEqual(
          expected((d) => [d.publicationYear === null ? null : String(d.publicationYear)]),
        );
        expect(result.facets.keyword).toEqual(
          expected((d) => d.keywords.map((k) => k.toLowerCase())).slice(0, 20),
        );
      });

      it('decides embargoes at the time of the search', async () => {
        const embargoed = documents.filter((d) => d.public && d.embargoUntil !== null);
        expect(embargoed.length).toBeGreaterThan(0);
        const later = new Date('2100-01-01T00:00:00Z');
        const result = await search({ filters: { access: ['embargoed'] }, now: later });
        expect(idsSorted(result)).toEqual(
          idsOf(embargoed.filter((d) => new Date(d.embargoUntil ?? 0) > later)),
        );
      });
    });

    describe('access rules', () => {
      const groupA = randomUUID();
      const groupB = randomUUID();
      const released = searchDocument({ title: 'Released neutrino events', facilities: ['icecube'] });
      const draftA = searchDocument({
        title: 'Draft neutrino events',
        state: 'draft',
        public: false,
        publishedAt: null,
        facilities: ['km3net'],
        readerGroupIds: [groupA],
      });
      const draftB = searchDocument({
        title: 'Another draft about neutrino',
        state: 'draft',
        public: false,
        publishedAt: null,
        facilities: ['km3net'],
        readerGroupIds: [groupB, groupA].sort(),
      });
      beforeAll(async () => load([released, draftA, draftB]));

      it('shows drafts only to admins and to members of their groups, in hits, totals and facets', async () => {
        const asAnonymous = await search({ q: 'neutrino', facets: true });
        expect(ids(asAnonymous)).toEqual([released.datasetId]);
        expect(asAnonymous.total).toBe(1);
        expect(asAnonymous.facets.experiment).toEqual([{ value: 'icecube', count: 1 }]);
        const asMemberOfB = await search(
          { q: 'neutrino', facets: true },
          { isAdmin: false, groupIds: [groupB] },
        );
        expect(idsSorted(asMemberOfB)).toEqual(idsOf([released, draftB]));
        expect(asMemberOfB.facets.experiment).toEqual(
          [
            { value: 'icecube', count: 1 },
            { value: 'km3net', count: 1 },
          ].sort((a, b) => (a.value < b.value ? -1 : 1)),
        );
        const asMemberOfA = await search(
          { q: 'neutrino' },
          { isAdmin: false, groupIds: [randomUUID(), groupA] },
        );
        expect(asMemberOfA.total).toBe(3);
        expect((await search({ q: 'draft' }, ADMIN)).total).toBe(2);
        expect((await search({ q: 'draft' })).total).toBe(0);
      });
    });

    describe('pagination', () => {
      const documents = generatedCatalogue(47);
      beforeAll(async () => load(documents));

      for (const sort of ['relevance', 'newest', 'oldest', 'title'] as const) {
        it(`pages through every hit exactly once, in ${sort} order, while documents are added`, async () => {
          const q = sort === 'relevance' ? 'events OR catalogue OR neutrino' : '';
          const everything = await search({ q, sort });
          const seen: string[] = [];
          let after: SearchRequest['after'] = null;
          let pages = 0;
          for (;;) {
            const page: SearchResult = await search({ q, sort, limit: 7, after });
            seen.push(...ids(page));
            pages += 1;
            if (pages === 2) {
              // A newcomer that sorts first must not shift later pages.
              const newcomer = searchDocument({
                title: 'AAA events neutrino catalogue neutrino events',
                publishedAt: sort === 'oldest' ? '1990-01-01T00:00:00.000Z' : '2099-01-01T00:00:00.000Z',
              });
              await sut.put([indexed(newcomer)]);
              await sut.refresh();
            }
            if (page.next === null) break;
            after = page.next;
          }
          expect(seen).toEqual(ids(everything));
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen.length).toBe(everything.total);
          expectSorted(everything, sort);
        });
      }
    });

    describe('malformed and hostile queries', () => {
      beforeAll(async () => load(generatedCatalogue(10)));

      it('answers every query the parser accepts, and the parser rejects the rest with a SearchQueryError', async () => {
        const token = fc.constantFrom(
          '(',
          ')',
          '"',
          'AND',
          'OR',
          'NOT',
          '-',
          '+',
          'title:',
          'year:',
          'year:2015..',
          'doi:',
          '*',
          '~',
          'neutrino',
          'neutr*',
          'icecub~',
          '10.3847/1538-4365/acfa95',
          '0000-0002-1825-0097',
          'https://x.org/(a)',
          'experiment:icecube',
          ':',
          '\\',
          "'",
          '%',
          '_',
          '&',
          '|',
          '!',
          ' ',
          '\u0007',
          '\u0000',
          'é',
          '∞',
          '🙂',
        );
        const query = fc.oneof(
          fc.array(token, { maxLength: 25 }).map((tokens) => tokens.join(' ')),
          fc.array(token, { maxLength: 25 }).map((tokens) => tokens.join('')),
          fc.string({ maxLength: 60, unit: 'binary' }),
        );
        await fc.assert(
          fc.asyncProperty(query, async (q) => {
            let parsed;
            try {
              parsed = parseSearchQuery(q);
            } catch (error) {
              expect(error).toBeInstanceOf(SearchQueryError);
              return;
            }
            const result = await sut.search(
              {
                query: parsed,
                filters: NO_SEARCH_FILTERS,
                sort: 'relevance',
                limit: 5,
                after: null,
                facets: true,
                highlight: true,
                now: NOW,
              },
              ANONYMOUS,
            );
            expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
          }),
          { numRuns: 150 },
        );
      });

      it('rejects 10 kB of operators quickly and clearly', () => {
        expect(() => parseSearchQuery('AND OR NOT ('.repeat(900))).toThrow(SearchQueryError);
      });
    });

    function idsSorted(result: SearchResult): string[] {
      return ids(result).sort();
    }

    function expectSorted(result: SearchResult, sort: SortOrder): void {
      const docs = result.hits.map((hit) => hit.document);
      for (let i = 1; i < docs.length; i += 1) {
        const [a, b] = [docs[i - 1], docs[i]];
        if (a === undefined || b === undefined) continue;
        if (sort === 'newest') expect((a.publishedAt ?? '') >= (b.publishedAt ?? '')).toBe(true);
        if (sort === 'oldest') expect((a.publishedAt ?? '') <= (b.publishedAt ?? '')).toBe(true);
      }
    }
  });
}

/** Batches as the indexer hands them over: one at a time, asynchronously. */
function batchesOf(...batches: IndexedDocument[][]): AsyncIterable<readonly IndexedDocument[]> {
  return {
    async *[Symbol.asyncIterator]() {
      for (const batch of batches) yield await Promise.resolve(batch);
    },
  };
}

export function indexed(document: SearchDocument): IndexedDocument {
  return { document, digest: digestOf(document) };
}

function accessOf(document: SearchDocument, now: Date): AccessValue {
  if (document.embargoUntil !== null && new Date(document.embargoUntil) > now) return 'embargoed';
  return document.hasRestrictedFiles ? 'restricted' : 'open';
}

/** A published document with the given fields; everything else plain and empty. */
export function searchDocument(overrides: Partial<SearchDocument>): SearchDocument {
  const datasetId = overrides.datasetId ?? randomUUID();
  return {
    datasetId,
    versionNumber: 1,
    state: 'published',
    title: 'Untitled',
    description: '',
    creators: [],
    keywords: [],
    facilities: [],
    messengers: [],
    resourceType: null,
    license: null,
    labels: [],
    identifiers: [`id:${datasetId}`],
    doi: null,
    landingPage: `https://apdc.example.org/datasets/${datasetId}/versions/1`,
    publicationYear: 2020,
    publishedAt: '2020-01-01T00:00:00.000Z',
    timeStart: null,
    timeEnd: null,
    energyMinEv: null,
    energyMaxEv: null,
    skyCoverage: [],
    embargoUntil: null,
    hasRestrictedFiles: false,
    public: true,
    readerGroupIds: [],
    ...overrides,
  };
}

const EXPERIMENTS = [
  { facility: 'icecube', messenger: 'neutrino' },
  { facility: 'kascade', messenger: 'charged-cosmic-ray' },
  { facility: 'auger', messenger: 'charged-cosmic-ray' },
  { facility: 'fermi-lat', messenger: 'gamma-ray' },
  { facility: 'hess', messenger: 'gamma-ray' },
  { facility: 'km3net', messenger: 'neutrino' },
] as const;
const REGIONS: readonly SkyRegion[] = [
  { kind: 'all-sky' },
  { kind: 'cone', frame: 'icrs', lon: 77.36, lat: 5.69, radius: 0.5 },
  { kind: 'cone', frame: 'icrs', lon: 1, lat: -1, radius: 1.5 },
  { kind: 'box', frame: 'icrs', lonMin: 350, lonMax: 10, latMin: -5, latMax: 5 },
  { kind: 'box', frame: 'icrs', lonMin: 0, lonMax: 360, latMin: 85, latMax: 90 },
  { kind: 'box', frame: 'galactic', lonMin: 250, lonMax: 65, latMin: -3, latMax: 3 },
  { kind: 'cone', frame: 'galactic', lon: 0, lat: 0, radius: 0.1 },
  { kind: 'box', frame: 'icrs', lonMin: 0, lonMax: 360, latMin: -90, latMax: 45 },
];

/** Cones spread over the sky with radii from 0 to 30 degrees, the same in every run. */
function randomCones(count: number): Array<{ ra: number; dec: number; radius: number }> {
  let state = 12345;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, () => ({
    ra: next() * 360,
    dec: (Math.asin(2 * next() - 1) * 180) / Math.PI,
    radius: next() ** 2 * 30,
  }));
}

/** A deterministic catalogue in which every filter value and combination occurs. */
export function generatedCatalogue(size: number): SearchDocument[] {
  const documents: SearchDocument[] = [];
  for (let i = 0; i < size; i += 1) {
    const experiment = EXPERIMENTS[i % EXPERIMENTS.length] ?? EXPERIMENTS[0];
    const second = i % 7 === 0 ? EXPERIMENTS[(i + 1) % EXPERIMENTS.length] : undefined;
    const year = 2010 + (i % 12);
    const hasTime = i % 5 !== 0;
    const hasEnergy = i % 4 !== 0;
    documents.push(
      searchDocument({
        title: `${i % 3 === 0 ? 'Neutrino' : i % 3 === 1 ? 'Air-shower' : 'Gamma-ray'} events ${i}`,
        description:
          i % 2 === 0 ? 'An event catalogue.' : 'Reconstructed events with energies and directions.',
        creators: [`Collaboration ${i % 4}`],
        keywords: i % 3 === 1 ? ['air showers', 'cosmic rays'] : [`topic ${i % 9}`],
        facilities: [experiment.facility, ...(second === undefined ? [] : [second.facility])],
        messengers: [...new Set([experiment.messenger, ...(second === undefined ? [] : [second.messenger])])],
        resourceType: i % 3 === 2 ? 'source-catalogue' : i % 5 === 4 ? null : 'event-list',
        license: i % 3 === 0 ? 'CC0-1.0' : i % 3 === 1 ? 'CC-BY-4.0' : null,
        publicationYear: i % 11 === 10 ? null : year,
        publishedAt: new Date(Date.UTC(year, i % 12, 1 + (i % 27), i % 24)).toISOString(),
        timeStart: hasTime ? new Date(Date.UTC(2008 + (i % 8), i % 12, 1)).toISOString() : null,
        timeEnd: hasTime && i % 3 !== 0 ? new Date(Date.UTC(2010 + (i % 8), i % 12, 1)).toISOString() : null,
        energyMinEv: hasEnergy && i % 6 !== 1 ? 10 ** (9 + (i % 10)) : null,
        energyMaxEv: hasEnergy && i % 6 !== 2 ? 10 ** (12 + (i % 9)) : null,
        skyCoverage: i % 9 === 8 ? [] : [REGIONS[i % REGIONS.length] ?? { kind: 'all-sky' }],
        embargoUntil:
          i % 8 === 3 ? (i % 16 === 3 ? '2030-01-01T00:00:00.000Z' : '2020-01-01T00:00:00.000Z') : null,
        hasRestrictedFiles: i % 10 === 6,
        ...(i % 13 === 12
          ? { public: false, state: 'draft', publishedAt: null, readerGroupIds: [randomUUID()] }
          : {}),
      }),
    );
  }
  return documents;
}
