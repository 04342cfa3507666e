import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@apdc/access';
import { type ReleaseRecord, type RenderInput, readReleaseMetadata } from '@apdc/metadata';
import { APP_CONFIG, type AppConfig, Clock } from '@apdc/platform';
import { VersionWithdrawnError } from './errors.js';
import { FileRepository } from './file.repository.js';
import { ReleaseAccess } from './release-access.service.js';
import { toTombstone } from './release.view.js';
import { isUnderEmbargo } from './version.service.js';
import { type VersionRecord, VersionRepository } from './version.repository.js';

const MAX_FILES_IN_RECORD = 10_000;

/** Builds the crosswalk input of a version as the caller may see it (hidden files stay out). */
@Injectable()
export class ReleaseRecordService {
  constructor(
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
    const mayReadProtected = this.access.mayReadProtected(principal, dataset);
    const filesVisible = mayReadProtected || !isUnderEmbargo(version, this.clock.now());
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
    const record: ReleaseRecord = {
      datasetId: dataset.id,
      versionNumber: version.number,
      state: version.state,
      doi: null,
      conceptDoi: null,
      landingPage: landingPage(version),
      publisher: { name: this.config.publisher.name, ror: this.config.publisher.ror, url: base },
      publishedAt: version.publishedAt?.toISOString() ?? null,
      metadata: {
        ...metadata,
        publicationYear: metadata.publicationYear ?? version.publicationYear,
      },
      files: files.map((file) => ({
        path: file.path,
        sizeBytes: file.sizeBytes,
        mediaType: file.mediaType,
        sha256: file.sha256,
        sha512: file.sha512,
        url: `${base}/api/v1/datasets/${dataset.id}/versions/${version.number}/files/${file.path.split('/').map(encodeURIComponent).join('/')}`,
      })),
      previousVersion:
        previous === undefined
          ? null
          : { number: previous.number, landingPage: landingPage(previous), doi: null },
      software:
        version.softwareName === null
          ? null
          : { name: version.softwareName, version: version.softwareVersion },
    };
    return { record, canonical: version.metadata };
  }
}
