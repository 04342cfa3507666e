import type { Creator, ReleaseRelation } from '@apdc/metadata';
import type { DatasetRecord } from './dataset.repository.js';
import type { FileRecord } from './file.repository.js';
import type { DoiStatus, VersionRecord, VersionState } from './version.repository.js';

export interface VersionSummaryView {
  readonly number: number;
  readonly state: VersionState;
  readonly title: string | null;
  readonly versionLabel: string | null;
  readonly publishedAt: string | null;
  readonly withdrawnAt: string | null;
}

export interface DatasetView {
  readonly id: string;
  readonly ownerGroup: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Number of the newest published version, if any. */
  readonly latestPublishedVersion: number | null;
  /** Resolves to the newest version. */
  readonly conceptDoi: string | null;
  readonly title: string | null;
  readonly versions: readonly VersionSummaryView[];
}

export interface VersionView {
  readonly datasetId: string;
  readonly number: number;
  readonly state: VersionState;
  readonly revision: number;
  readonly versionLabel: string | null;
  readonly title: string | null;
  readonly description: string | null;
  readonly license: string | null;
  readonly publicationYear: number | null;
  readonly keywords: readonly string[];
  readonly creators: readonly Creator[];
  readonly relatedIdentifiers: readonly ReleaseRelation[];
  readonly embargoUntil: string | null;
  readonly software: { readonly name: string; readonly version: string | null } | null;
  readonly previousVersion: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt: string | null;
  readonly withdrawnAt: string | null;
  readonly withdrawalReason: string | null;
  /** False while an embargo hides the files from this caller. */
  readonly filesVisible: boolean;
  readonly fileCount: number;
  readonly totalBytes: number;
  readonly metadataSha256: string;
  readonly doi: string | null;
  /** `pending` while registration with DataCite is due (and retried), see {@link DoiStatus}. */
  readonly doiStatus: DoiStatus;
  /** The last registration error, for those who may see drafts; null when none or not theirs to see. */
  readonly doiLastError: string | null;
}

export interface FileView {
  readonly path: string;
  readonly sizeBytes: number;
  readonly mediaType: string;
  readonly sha256: string;
  readonly sha512: string;
  readonly restricted: boolean;
  readonly createdAt: string;
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

export function toVersionSummaryView(version: VersionRecord): VersionSummaryView {
  return {
    number: version.number,
    state: version.state,
    title: version.title,
    versionLabel: version.versionLabel,
    publishedAt: iso(version.publishedAt),
    withdrawnAt: iso(version.withdrawnAt),
  };
}

/**
 * The dataset as the caller may see it. For those who may not see drafts, `updatedAt` is the last public
 * change (a publication or withdrawal), so that draft activity shows neither through it nor the ETag.
 */
export function toDatasetView(
  dataset: DatasetRecord,
  allVersions: readonly VersionRecord[],
  showsDrafts: boolean,
): DatasetView {
  const visibleVersions = showsDrafts ? allVersions : allVersions.filter((v) => v.state !== 'draft');
  const published = visibleVersions.filter((v) => v.state === 'published');
  const newest = published.at(-1) ?? visibleVersions.at(-1);
  const lastPublicChange = visibleVersions
    .flatMap((v) => [v.publishedAt, v.withdrawnAt])
    .reduce<Date>((latest, date) => (date !== null && date > latest ? date : latest), dataset.createdAt);
  return {
    id: dataset.id,
    ownerGroup: dataset.ownerGroupSlug,
    createdAt: dataset.createdAt.toISOString(),
    updatedAt: (showsDrafts ? dataset.updatedAt : lastPublicChange).toISOString(),
    latestPublishedVersion: published.at(-1)?.number ?? null,
    conceptDoi: dataset.conceptDoi,
    title: newest?.title ?? null,
    versions: visibleVersions.map(toVersionSummaryView),
  };
}

export function toVersionView(
  version: VersionRecord,
  parts: {
    creators: readonly Creator[];
    relations: readonly ReleaseRelation[];
    previousVersion: number | null;
    filesVisible: boolean;
    showsInternals: boolean;
    fileCount: number;
    totalBytes: number;
  },
): VersionView {
  return {
    datasetId: version.datasetId,
    number: version.number,
    state: version.state,
    revision: version.revision,
    versionLabel: version.versionLabel,
    title: version.title,
    description: version.description,
    license: version.license,
    publicationYear: version.publicationYear,
    keywords: version.keywords,
    creators: parts.creators,
    relatedIdentifiers: parts.relations,
    embargoUntil: iso(version.embargoUntil),
    software:
      version.softwareName === null ? null : { name: version.softwareName, version: version.softwareVersion },
    previousVersion: parts.previousVersion,
    createdAt: version.createdAt.toISOString(),
    updatedAt: version.updatedAt.toISOString(),
    publishedAt: iso(version.publishedAt),
    withdrawnAt: iso(version.withdrawnAt),
    withdrawalReason: version.withdrawalReason,
    filesVisible: parts.filesVisible,
    fileCount: parts.fileCount,
    totalBytes: parts.totalBytes,
    metadataSha256: version.metadataSha256,
    doi: version.doi,
    doiStatus: version.doiStatus,
    doiLastError: parts.filesVisible && parts.showsInternals ? version.doiLastError : null,
  };
}

export function toFileView(file: FileRecord): FileView {
  return {
    path: file.path,
    sizeBytes: file.sizeBytes,
    mediaType: file.mediaType,
    sha256: file.sha256,
    sha512: file.sha512,
    restricted: file.restricted,
    createdAt: file.createdAt.toISOString(),
  };
}

/** What stays public of a withdrawn version, so that citations of it keep resolving to something. */
export function toTombstone(version: VersionRecord, creators: readonly Creator[]): Record<string, unknown> {
  return {
    datasetId: version.datasetId,
    number: version.number,
    title: version.title,
    creators: creators.map((creator) => ({ name: creator.name, orcid: creator.orcid })),
    publicationYear: version.publicationYear,
    versionLabel: version.versionLabel,
    publishedAt: iso(version.publishedAt),
    withdrawnAt: iso(version.withdrawnAt),
    withdrawalReason: version.withdrawalReason,
    doi: version.doi,
  };
}
