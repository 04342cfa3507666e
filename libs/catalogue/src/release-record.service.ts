import { Inject, Injectable } from '@nestjs/common';
import { ANONYMOUS, type Principal } from '@apdc/access';
import { type ReleaseRecord, type RenderInput, readReleaseMetadata } from '@apdc/metadata';
import { APP_CONFIG, type AppConfig, Clock } from '@apdc/platform';
import { type DatasetRecord, DatasetRepository } from './dataset.repository.js';
import { DatasetNotFoundError, VersionNotFoundError, VersionWithdrawnError } from './errors.js';
import { FileRepository } from './file.repository.js';
import { ReleaseAccess } from './release-access.service.js';
import { toTombstone } from './release.view.js';
import { isUnderEmbargo } from './version.service.js';
import { type DoiStatus, type VersionRecord, VersionRepository } from './version.repository.js';

const MAX_FILES_IN_RECORD = 10_000;

/** What DOI registration needs of a version: its public record, state and DOI. */
export interface RegistrationInput {
  readonly versionId: string;
  readonly state: VersionRecord['state'];
  readonly doi: string;
  readonly record: ReleaseRecord;
}

/** What the concept DOI says: the newest published version's record, and every version DOI. */
export interface ConceptRegistrationInput {
  readonly conceptDoi: string;
  readonly landingPage: string;
  /** Null when no version is published any more (all withdrawn): the concept DOI is then hidden. */
  readonly newest: ReleaseRecord | null;
  readonly versionDois: readonly string[];
}

/** Builds the crosswalk input of a version as the caller may see it (hidden files stay out). */
@Injectable()
export class ReleaseRecordService {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly versions: VersionRepository,
    private readonly files: FileRepository,
    private readonly access: ReleaseAccess,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async renderInput(principal: Principal, datasetId: string, number: number): Promise<RenderInput> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    const version = await this.access.visibleVersion(principal, dataset, number);
    if (version.state === 'withdrawn') {
      throw new VersionWithdrawnError(toTombstone(version, await this.versions.creators(version.id)));
    }
    return { record: await this.build(principal, dataset, version), canonical: version.metadata };
  }

  /** The record of a version as anybody may see it, in any state (harvesters, DOI registration). */
  async publicRecord(versionId: string): Promise<ReleaseRecord | undefined> {
    const version = await this.versions.findById(versionId);
    if (version === undefined) return undefined;
    const dataset = await this.datasets.findById(version.datasetId);
    if (dataset === undefined) throw new DatasetNotFoundError(version.datasetId);
    return this.build(ANONYMOUS, dataset, version);
  }

  /** The record of a version with every file, restricted and embargoed ones included: what the archive keeps. */
  async archivalRecord(versionId: string): Promise<ReleaseRecord | undefined> {
    const version = await this.versions.findById(versionId);
    if (version === undefined) return undefined;
    const dataset = await this.datasets.findById(version.datasetId);
    if (dataset === undefined) throw new DatasetNotFoundError(version.datasetId);
    return this.build(ANONYMOUS, dataset, version, { everyFile: true });
  }

  /** The public record of a released version in any state, for registering its DOI. */
  async registrationInput(versionId: string): Promise<RegistrationInput | undefined> {
    const record = await this.publicRecord(versionId);
    if (record?.doi == null) return undefined;
    return { versionId, state: record.state, doi: record.doi, record };
  }

  async conceptRegistrationInput(datasetId: string): Promise<ConceptRegistrationInput | undefined> {
    const dataset = await this.datasets.findById(datasetId);
    if (dataset?.conceptDoi == null) return undefined;
    const versions = await this.versions.listForDataset(dataset.id);
    const newest = versions.filter((version) => version.state === 'published').at(-1);
    return {
      conceptDoi: dataset.conceptDoi,
      landingPage: this.conceptLandingPage(dataset.id),
      newest: newest === undefined ? null : await this.build(ANONYMOUS, dataset, newest),
      versionDois: versions.flatMap((version) => (version.doi === null ? [] : [version.doi])),
    };
  }

  async recordDoiOutcome(
    versionId: string,
    outcome: { status: Exclude<DoiStatus, 'none' | 'pending'> } | { error: string },
  ): Promise<void> {
    await this.versions.recordDoiOutcome(versionId, outcome);
  }

  /** Which dataset (and version, for a version DOI) a DOI names; case-insensitive, as DOIs are. */
  async resolveDoi(doi: string): Promise<{ datasetId: string; versionNumber: number | null }> {
    const version = await this.versions.findByDoi(doi);
    if (version !== undefined) return { datasetId: version.datasetId, versionNumber: version.number };
    const dataset = await this.datasets.findByConceptDoi(doi);
    if (dataset !== undefined) return { datasetId: dataset.id, versionNumber: null };
    throw new VersionNotFoundError(`doi:${doi}`, '(none)');
  }

  conceptLandingPage(datasetId: string): string {
    return `${this.config.http.publicUrl}/datasets/${datasetId}`;
  }

  private async build(
    principal: Principal,
    dataset: DatasetRecord,
    version: VersionRecord,
    options: { everyFile?: boolean } = {},
  ): Promise<ReleaseRecord> {
    const mayReadProtected = options.everyFile === true || this.access.mayReadProtected(principal, dataset);
    const filesVisible =
      options.everyFile === true ||
      (version.state !== 'withdrawn' && (mayReadProtected || !isUnderEmbargo(version, this.clock.now())));
    const files = filesVisible
      ? await this.files.list(version.id, {
          afterPath: undefined,
          limit: MAX_FILES_IN_RECORD,
          includeRestricted: mayReadProtected,
        })
      : [];
    const previous =
      version.previousVersionId === null
        ? undefined
        : await this.versions.findById(version.previousVersionId);
    const base = this.config.http.publicUrl;
    const landingPage = (v: Pick<VersionRecord, 'number'>): string =>
      `${base}/datasets/${dataset.id}/versions/${v.number}`;
    const metadata = readReleaseMetadata(version.metadata).metadata;
    return {
      datasetId: dataset.id,
      versionNumber: version.number,
      state: version.state,
      doi: version.doi,
      conceptDoi: dataset.conceptDoi,
      landingPage: landingPage(version),
      publisher: { name: this.config.publisher.name, ror: this.config.publisher.ror, url: base },
      publishedAt: version.publishedAt?.toISOString() ?? null,
      metadata: { ...metadata, publicationYear: metadata.publicationYear ?? version.publicationYear },
      files: files.map((file) => ({
        path: file.path,
        sizeBytes: file.sizeBytes,
        mediaType: file.mediaType,
        sha256: file.sha256,
        sha512: file.sha512,
        url: `${base}/api/v1/datasets/${dataset.id}/versions/${version.number}/files/${file.path
          .split('/')
          .map(encodeURIComponent)
          .join('/')}`,
      })),
      previousVersion:
        previous === undefined
          ? null
          : { number: previous.number, landingPage: landingPage(previous), doi: previous.doi },
      software:
        version.softwareName === null
          ? null
          : { name: version.softwareName, version: version.softwareVersion },
    };
  }
}
