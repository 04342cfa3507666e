import type { DiscoverableRelease } from '@apdc/catalogue';
import { type SchemeName, vocabularies } from '@apdc/metadata';
import { digestOf } from '@apdc/platform';
import { normalizeIdentifier } from './query/identifiers.js';
import type { IndexedDocument, SearchDocument } from './search-document.js';

/** The search document of a discoverable release, with its digest. Pure: the same input, the same digest. */
export function toIndexedDocument(release: DiscoverableRelease): IndexedDocument {
  const document = toSearchDocument(release);
  return { document, digest: digestOf(document) };
}

export function toSearchDocument(release: DiscoverableRelease): SearchDocument {
  const { record } = release;
  const metadata = record.metadata;
  const label = (scheme: SchemeName, slug: string): string =>
    vocabularies().concept(scheme, slug)?.label ?? slug;
  const identifiers = new Set<string>([`id:${record.datasetId}`]);
  const addIdentifier = (raw: string | null): void => {
    const normalized = raw === null ? undefined : normalizeIdentifier(raw);
    if (normalized !== undefined) identifiers.add(normalized);
  };
  addIdentifier(record.doi);
  addIdentifier(record.conceptDoi);
  addIdentifier(record.landingPage);
  for (const creator of metadata.creators) addIdentifier(creator.orcid);
  for (const relation of metadata.relations) addIdentifier(relation.identifier);
  const published = record.state === 'published';
  return {
    datasetId: record.datasetId,
    versionNumber: record.versionNumber,
    state: published ? 'published' : 'draft',
    title: metadata.title ?? '',
    description: metadata.description ?? '',
    creators: metadata.creators.map((creator) => creator.name),
    keywords: [...metadata.keywords],
    facilities: [...metadata.facilities],
    messengers: [...metadata.messengers],
    resourceType: metadata.dataLevel,
    license: metadata.license,
    labels: [
      ...metadata.facilities.map((slug) => label('facility', slug)),
      ...metadata.messengers.map((slug) => label('messenger', slug)),
      ...(metadata.dataLevel === null ? [] : [label('data-level', metadata.dataLevel)]),
    ],
    identifiers: [...identifiers].sort(),
    doi: record.doi,
    landingPage: record.landingPage,
    publicationYear: metadata.publicationYear,
    publishedAt: record.publishedAt,
    timeStart: periodStart(metadata.temporalCoverage?.start ?? null),
    timeEnd: periodEnd(metadata.temporalCoverage?.end ?? null),
    energyMinEv: metadata.energyRange?.minEv ?? null,
    energyMaxEv: metadata.energyRange?.maxEv ?? null,
    skyCoverage: [...metadata.skyCoverage],
    embargoUntil: release.embargoUntil?.toISOString() ?? null,
    hasRestrictedFiles: release.hasRestrictedFiles,
    public: published,
    readerGroupIds: published ? [] : [release.ownerGroupId, ...release.grantedGroupIds].sort(),
  };
}

/** The first instant of an ISO 8601 year, month, date or date-time, as a UTC date-time. */
export function periodStart(iso: string | null): string | null {
  if (iso === null) return null;
  const date = parsePeriod(iso);
  return date === undefined ? null : date.start.toISOString();
}

/** The last millisecond of an ISO 8601 year, month, date or date-time, as a UTC date-time. */
export function periodEnd(iso: string | null): string | null {
  if (iso === null) return null;
  const date = parsePeriod(iso);
  return date === undefined ? null : date.end.toISOString();
}

function parsePeriod(iso: string): { start: Date; end: Date } | undefined {
  const year = /^(\d{4})$/.exec(iso);
  if (year !== null) {
    const y = Number(year[1]);
    return { start: new Date(Date.UTC(y, 0, 1)), end: new Date(Date.UTC(y + 1, 0, 1) - 1) };
  }
  const month = /^(\d{4})-(\d{2})$/.exec(iso);
  if (month !== null) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    return { start: new Date(Date.UTC(y, m - 1, 1)), end: new Date(Date.UTC(y, m, 1) - 1) };
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (day !== null) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    return { start: new Date(Date.UTC(y, m - 1, d)), end: new Date(Date.UTC(y, m - 1, d + 1) - 1) };
  }
  // A date-time without a zone is read as UTC, not as the server's local time.
  const instant = new Date(/T[\d:.]+$/.test(iso) ? `${iso}Z` : iso);
  return Number.isNaN(instant.getTime()) ? undefined : { start: instant, end: instant };
}
