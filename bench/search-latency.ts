/**
 * Headline figure: catalogue search latency (p50/p95, ms) of typical queries on the PostgreSQL adapter
 * over N releases, each with facet counts as the API computes them, against a same-run baseline: a plain
 * indexed `SELECT` of one document by its dataset id.
 *
 *   npm run bench:search -- [releases] [runs]     (defaults 100000 and 50; builds first)
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreeLoopbackPort, loadAppConfig, openDatabaseRuntime } from '@apdc/platform';
import {
  type IndexedDocument,
  NO_SEARCH_FILTERS,
  PostgresSearchIndex,
  type SearchDocument,
  type SearchFilters,
  parseSearchQuery,
} from '@apdc/search';
import { MIGRATIONS } from '../migrations/index.js';

const COMMON_WORDS = [
  'events',
  'catalogue',
  'spectrum',
  'energy',
  'flux',
  'survey',
  'detector',
  'calibration',
  'reconstruction',
  'arrival',
  'directions',
  'high',
  'ultra',
  'low',
  'background',
  'selection',
  'data',
  'release',
  'analysis',
];
const MESSENGER_WORDS: Readonly<Record<string, readonly string[]>> = {
  neutrino: ['neutrino', 'muon', 'track', 'cascade', 'alert', 'astrophysical', 'atmospheric', 'oscillation'],
  'charged-cosmic-ray': ['cosmic', 'ray', 'air', 'shower', 'composition', 'anisotropy', 'knee', 'ankle'],
  'gamma-ray': [
    'gamma',
    'source',
    'blazar',
    'pulsar',
    'supernova',
    'remnant',
    'galactic',
    'burst',
    'transient',
  ],
};
/** The long tail of a vocabulary: 5000 made-up words, drawn with a Zipf-like preference for the first. */
const RARE_WORDS = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);
const EXPERIMENTS = [
  ['icecube', 'neutrino'],
  ['km3net', 'neutrino'],
  ['kascade', 'charged-cosmic-ray'],
  ['auger', 'charged-cosmic-ray'],
  ['fermi-lat', 'gamma-ray'],
  ['hess', 'gamma-ray'],
] as const;

/** A deterministic pseudo-random sequence, so that every run indexes the same catalogue. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function documents(count: number): SearchDocument[] {
  const next = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const rare = (): string => RARE_WORDS[Math.floor(RARE_WORDS.length * next() ** 3)] ?? 'w';
  return Array.from({ length: count }, (_, i) => {
    const datasetId = randomUUID();
    const [facility, messenger] = pick(EXPERIMENTS);
    const topical = MESSENGER_WORDS[messenger] ?? COMMON_WORDS;
    const phrase = (length: number): string =>
      Array.from({ length }, () => {
        const roll = next();
        return roll < 0.15 ? pick(topical) : roll < 0.3 ? pick(COMMON_WORDS) : rare();
      }).join(' ');
    const year = 2005 + Math.floor(next() * 20);
    const start = Date.UTC(2000 + Math.floor(next() * 20), 0, 1);
    const minEv = 10 ** (9 + next() * 8);
    return {
      datasetId,
      versionNumber: 1,
      state: 'published',
      title: `${phrase(5)} ${i}`,
      description: `${phrase(40)}. ${phrase(30)}.`,
      creators: [`${facility.toUpperCase()} Collaboration`, `Person ${i % 997}`],
      keywords: [phrase(2), phrase(1), facility],
      facilities: [facility],
      messengers: [messenger],
      resourceType: next() < 0.7 ? 'event-list' : 'source-catalogue',
      license: next() < 0.5 ? 'CC-BY-4.0' : 'CC0-1.0',
      labels: [facility, messenger],
      identifiers: [`id:${datasetId}`, `doi:10.5072/bench-${i}`],
      doi: `10.5072/bench-${i}`,
      landingPage: `https://apdc.example.org/datasets/${datasetId}/versions/1`,
      publicationYear: year,
      publishedAt: new Date(Date.UTC(year, 0, 1) + i * 1000).toISOString(),
      timeStart: new Date(start).toISOString(),
      timeEnd: new Date(start + next() * 5 * 365 * 86_400_000).toISOString(),
      energyMinEv: minEv,
      energyMaxEv: minEv * 10 ** (1 + next() * 4),
      skyCoverage:
        next() < 0.6
          ? [{ kind: 'all-sky' }]
          : [
              {
                kind: 'cone',
                frame: 'icrs',
                lon: next() * 360,
                lat: next() * 180 - 90,
                radius: 0.5 + next() * 10,
              },
            ],
      embargoUntil: next() < 0.1 ? '2030-01-01T00:00:00.000Z' : null,
      hasRestrictedFiles: next() < 0.05,
      public: next() < 0.97,
      readerGroupIds: [],
    } satisfies SearchDocument;
  }).map((document) => (document.public ? document : { ...document, readerGroupIds: [randomUUID()] }));
}

function percentiles(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95) };
}

async function timed(
  runs: number,
  run: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i += 1) await run(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    await run(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return percentiles(samples);
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? '100000');
  const runs = Number(process.argv[3] ?? '50');
  const home = mkdtempSync(path.join(os.tmpdir(), 'apdc-bench-search-'));
  const config = loadAppConfig({
    APDC_HOME: home,
    APDC_EMBEDDED_PG_PORT: String(await findFreeLoopbackPort()),
    APDC_DEMO: 'false',
  });
  const runtime = await openDatabaseRuntime(
    config,
    { entities: [], migrations: MIGRATIONS },
    () => undefined,
  );
  try {
    const index = new PostgresSearchIndex(runtime.dataSource);
    const all = documents(count);
    const loadStart = process.hrtime.bigint();
    for (let start = 0; start < all.length; start += 1000) {
      const batch: IndexedDocument[] = all
        .slice(start, start + 1000)
        .map((document) => ({ document, digest: 'bench' }));
      await index.put(batch);
    }
    await runtime.dataSource.query('ANALYZE search_documents');
    const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9;
    console.log(
      `indexed ${count} releases in ${loadSeconds.toFixed(1)} s (${(count / loadSeconds).toFixed(0)} documents/s)`,
    );

    const ids = all.map((document) => document.datasetId);
    const baseline = await timed(runs * 4, (i) =>
      runtime.dataSource.query(`SELECT document FROM search_documents WHERE dataset_id = $1`, [
        ids[(i * 7919) % ids.length],
      ]),
    );
    console.log(
      `baseline (indexed SELECT by id): p50 ${baseline.p50.toFixed(2)} ms, p95 ${baseline.p95.toFixed(2)} ms`,
    );

    const viewer = { isAdmin: false, groupIds: [] };
    const queries: Array<{
      name: string;
      q: string;
      filters?: Partial<SearchFilters>;
      sort?: 'relevance' | 'newest';
    }> = [
      { name: 'one word', q: 'neutrino' },
      { name: 'two words', q: 'cosmic anisotropy' },
      { name: 'phrase + field', q: '"air shower" AND experiment:kascade' },
      {
        name: 'filters only',
        q: '',
        filters: { messenger: ['gamma-ray'], yearFrom: 2015, yearTo: 2020 },
        sort: 'newest',
      },
      {
        name: 'energy + time',
        q: 'flux',
        filters: { energyFromEv: 1e15, timeFrom: new Date('2010-01-01T00:00:00Z') },
      },
      { name: 'sky cone', q: 'source', filters: { cone: { ra: 77.36, dec: 5.69, radius: 2 } } },
      { name: 'fuzzy word', q: 'neutrnio~' },
      { name: 'prefix', q: 'calib*' },
      { name: 'DOI unquoted', q: '10.5072/bench-4711' },
      { name: 'boolean', q: '(gamma OR neutrino) NOT blazar' },
    ];
    for (const query of queries) {
      const parsed = parseSearchQuery(query.q);
      let total = 0;
      const latency = await timed(runs, async () => {
        const result = await index.search(
          {
            query: parsed,
            filters: { ...NO_SEARCH_FILTERS, ...query.filters },
            sort: query.sort ?? (query.q === '' ? 'newest' : 'relevance'),
            limit: 20,
            after: null,
            facets: true,
            highlight: true,
            now: new Date(),
          },
          viewer,
        );
        total = result.total;
      });
      console.log(
        `${query.name.padEnd(16)} ${String(total).padStart(7)} hits  p50 ${latency.p50.toFixed(1).padStart(7)} ms  p95 ${latency.p95.toFixed(1).padStart(7)} ms  ratio p50 to baseline ${(latency.p50 / baseline.p50).toFixed(1)}`,
      );
    }
  } finally {
    await runtime.close();
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
