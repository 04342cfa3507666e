import { Injectable } from '@nestjs/common';
import type { Principal } from '@apdc/access';
import type { ReleaseRecord } from '@apdc/metadata';
import { type FileRecord, FileRepository } from './file.repository.js';
import { NotAllowedError } from './errors.js';
import { ReleaseAccess, requireSignedIn } from './release-access.service.js';
import { ReleaseRecordService } from './release-record.service.js';
import { VersionRepository } from './version.repository.js';

const FILE_PAGE = 1000;

/** Everything the archive keeps of one version: its full record, canonical JSON-LD and every stored file. */
export interface ArchivalRelease {
  readonly datasetId: string;
  readonly versionId: string;
  readonly versionNumber: number;
  readonly revision: number;
  readonly state: 'draft' | 'published' | 'withdrawn';
  readonly embargoUntil: Date | null;
  readonly facilities: readonly string[];
  readonly messengers: readonly string[];
  readonly record: ReleaseRecord;
  readonly canonicalJsonLd: Record<string, unknown>;
  /** In path order (byte-wise), restricted files included. */
  readonly files: readonly FileRecord[];
}

/** A version a principal asked about, once the access rules allowed it. */
export interface ArchivalVersionRef {
  readonly datasetId: string;
  readonly versionId: string;
  readonly versionNumber: number;
}

/** The catalogue as the archive sees it: complete versions, and who may see or manage their archive. */
@Injectable()
export class ArchivalReleaseService {
  constructor(
    private readonly versions: VersionRepository,
    private readonly files: FileRepository,
    private readonly records: ReleaseRecordService,
    private readonly access: ReleaseAccess,
  ) {}

  async release(versionId: string): Promise<ArchivalRelease | undefined> {
    const version = await this.versions.findById(versionId);
    const record = await this.records.archivalRecord(versionId);
    if (version === undefined || record === undefined) return undefined;
    const files: FileRecord[] = [];
    for (;;) {
      const page = await this.files.list(versionId, {
        afterPath: files.at(-1)?.path,
        limit: FILE_PAGE,
        includeRestricted: true,
      });
      files.push(...page);
      if (page.length < FILE_PAGE) break;
    }
    return {
      datasetId: version.datasetId,
      versionId,
      versionNumber: version.number,
      revision: version.revision,
      state: version.state,
      embargoUntil: version.embargoUntil,
      facilities: record.metadata.facilities,
      messengers: record.metadata.messengers,
      record,
      canonicalJsonLd: version.metadata,
      files,
    };
  }

  /** Which dataset and version number a version id is, without loading its record. */
  async versionOf(versionId: string): Promise<{ datasetId: string; versionNumber: number } | undefined> {
    const version = await this.versions.findById(versionId);
    return version === undefined
      ? undefined
      : { datasetId: version.datasetId, versionNumber: version.number };
  }

  /**
   * Archive status and retrieval hold every file, restricted and embargoed ones too: they are for those
   * who may read protected files of the dataset (its group, granted groups, administrators).
   */
  async authorizeRead(
    principal: Principal,
    datasetId: string,
    versionNumber: number,
    action: string,
  ): Promise<ArchivalVersionRef> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    const version = await this.access.visibleVersion(principal, dataset, versionNumber);
    if (!this.access.mayReadProtected(principal, dataset)) {
      requireSignedIn(principal, action);
      throw new NotAllowedError(`${action} needs membership of a group with access to the dataset`);
    }
    return { datasetId: dataset.id, versionId: version.id, versionNumber: version.number };
  }

  /** Requesting audits is the curators' (and administrators') business. */
  async authorizeManage(
    principal: Principal,
    datasetId: string,
    versionNumber: number,
    action: string,
  ): Promise<ArchivalVersionRef> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    const version = await this.access.visibleVersion(principal, dataset, versionNumber);
    this.access.requireCurate(principal, dataset, action);
    return { datasetId: dataset.id, versionId: version.id, versionNumber: version.number };
  }
}
