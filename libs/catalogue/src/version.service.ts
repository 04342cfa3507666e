import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@apdc/access';
import { AuditLog, type AuditEntry } from '@apdc/audit';
import { InvalidInputError, digestOf, newId } from '@apdc/platform';
import { CURSOR_KEYS, Clock, type Page, decodeCursor, toPage } from '@apdc/platform';
import { type DatasetRecord, DatasetRepository } from './dataset.repository.js';
import {
  DraftExistsError,
  EtagMismatchError,
  InvalidVersionStateError,
  VersionWithdrawnError,
} from './errors.js';
import { FileRepository } from './file.repository.js';
import { HarvestIndexRepository } from './harvest-index.repository.js';
import { MetadataWriter } from './metadata-writer.service.js';
import { ReleaseAccess } from './release-access.service.js';
import { ReleaseAnnouncer } from './release-announcer.service.js';
import {
  type VersionSummaryView,
  type VersionView,
  toTombstone,
  toVersionSummaryView,
  toVersionView,
} from './release.view.js';
import { type VersionRecord, VersionRepository } from './version.repository.js';

export interface VersionSettings {
  readonly embargoUntil?: Date | null;
  readonly software?: { readonly name: string; readonly version?: string | null } | null;
}

/** Versions of a dataset: drafting, reading, correcting metadata. */
@Injectable()
export class VersionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetRepository,
    private readonly versions: VersionRepository,
    private readonly files: FileRepository,
    private readonly access: ReleaseAccess,
    private readonly metadataWriter: MetadataWriter,
    private readonly announcer: ReleaseAnnouncer,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly harvestIndex: HarvestIndexRepository,
  ) {}

  /**
   * A new draft from the latest published version: its metadata, settings, embargo and files (bytes
   * shared, not copied). The embargo is carried over because the files are the same bytes; lifting it for
   * the new version is an explicit change.
   */
  async createNext(principal: Principal, datasetId: string): Promise<VersionView> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    this.access.requireDeposit(principal, dataset, 'Starting a new version');
    const number = await this.dataSource.transaction(async (manager) => {
      await this.datasets.lock(manager, dataset.id);
      const all = await this.versions.listForDataset(dataset.id, manager);
      const draft = all.find((version) => version.state === 'draft');
      if (draft !== undefined) throw new DraftExistsError(draft.number);
      const latest = all.filter((version) => version.state === 'published').at(-1);
      if (latest === undefined)
        throw new InvalidVersionStateError('derive a new version when there is no published', 'one');
      const number = (all.at(-1)?.number ?? 0) + 1;
      const versionId = newId();
      await this.versions.insert(manager, {
        id: versionId,
        datasetId: dataset.id,
        number,
        metadata: {},
        metadataSha256: digestOf({}),
        previousVersionId: latest.id,
        softwareName: latest.softwareName,
        softwareVersion: latest.softwareVersion,
        embargoUntil: latest.embargoUntil,
        createdBy: principal.userId ?? '',
      });
      const carried = this.metadataWriter.carryOver(latest.metadata);
      await this.versions.saveMetadata(
        manager,
        versionId,
        carried.canonical,
        carried.digest,
        carried.metadata,
        0,
      );
      await this.files.copyAll(manager, latest.id, versionId);
      await this.announcer.datasetChanged(manager, dataset.id);
      await this.audit.record(manager, {
        actorId: principal.userId,
        action: 'version.created',
        entityType: 'version',
        entityId: versionId,
        datasetId: dataset.id,
        afterDigest: carried.digest,
        details: { number, derivedFrom: latest.number },
      });
      return number;
    });
    return this.get(principal, dataset.id, number);
  }

  async list(principal: Principal, datasetId: string): Promise<VersionSummaryView[]> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    const all = await this.versions.listForDataset(dataset.id);
    const visible = this.access.mayReadProtected(principal, dataset)
      ? all
      : all.filter((v) => v.state !== 'draft');
    return visible.map(toVersionSummaryView);
  }

  /** The version as the principal may see it; a withdrawn one answers with its tombstone. */
  async get(principal: Principal, datasetId: string, number: number): Promise<VersionView> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    const version = await this.access.visibleVersion(principal, dataset, number);
    if (version.state === 'withdrawn') {
      throw new VersionWithdrawnError(toTombstone(version, await this.versions.creators(version.id)));
    }
    return this.view(principal, dataset, version);
  }

  /** The stored JSON-LD document of a version. */
  async metadata(principal: Principal, datasetId: string, number: number): Promise<Record<string, unknown>> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    const version = await this.access.visibleVersion(principal, dataset, number);
    if (version.state === 'withdrawn') {
      throw new VersionWithdrawnError(toTombstone(version, await this.versions.creators(version.id)));
    }
    return version.metadata;
  }

  /**
   * Replaces a draft's metadata; on a published version, records a revision (the earlier document is
   * kept) and announces it. `ifMatch` is the version ETag the caller last read, if it sent one.
   */
  async setMetadata(
    principal: Principal,
    datasetId: string,
    number: number,
    document: unknown,
    options: { ifMatch?: string | undefined; reason?: string | undefined } = {},
  ): Promise<VersionView> {
    const reason = options.reason;
    if (reason !== undefined && (reason.length > 2000 || reason.includes('\u0000'))) {
      throw new InvalidInputError('Invalid reason', [
        { path: 'reason', message: 'at most 2000 characters, no NUL' },
      ]);
    }
    const dataset = await this.access.visibleDataset(principal, datasetId);
    const requireRights = (state: string): void => {
      if (state === 'draft') this.access.requireDeposit(principal, dataset, 'Editing metadata');
      else if (state === 'published')
        this.access.requireCurate(principal, dataset, 'Correcting published metadata');
      else throw new InvalidVersionStateError('change the metadata of', state);
    };
    requireRights((await this.access.visibleVersion(principal, dataset, number)).state);
    const prepared = await this.metadataWriter.prepare(document);
    await this.dataSource.transaction(async (manager) => {
      const version = await this.access.visibleVersion(principal, dataset, number, manager, {
        forUpdate: true,
      });
      requireRights(version.state);
      if (
        options.ifMatch !== undefined &&
        options.ifMatch !== versionEtag(await this.view(principal, dataset, version))
      ) {
        throw new EtagMismatchError();
      }
      if (version.state === 'draft') {
        await this.metadataWriter.write(manager, principal, version.id, dataset.id, prepared, {
          revision: 0,
          beforeDigest: version.metadataSha256,
        });
      } else {
        if (prepared.digest === version.metadataSha256) return;
        await this.versions.recordRevision(manager, version, options.reason ?? null, principal.userId ?? '');
        await this.metadataWriter.write(manager, principal, version.id, dataset.id, prepared, {
          revision: version.revision + 1,
          beforeDigest: version.metadataSha256,
          reason: options.reason ?? null,
        });
        await this.versions.markDoiPending(manager, version.id);
        await this.harvestIndex.refresh(manager, dataset.id);
        await this.announcer.announce(manager, 'release.revised', {
          ...version,
          revision: version.revision + 1,
        });
      }
      await this.announcer.datasetChanged(manager, dataset.id);
    });
    return this.get(principal, dataset.id, number);
  }

  /** Embargo date and producing software of a draft. */
  async updateSettings(
    principal: Principal,
    datasetId: string,
    number: number,
    settings: VersionSettings,
  ): Promise<VersionView> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    this.access.requireDeposit(principal, dataset, 'Changing version settings');
    await this.dataSource.transaction(async (manager) => {
      const version = await this.access.visibleVersion(principal, dataset, number, manager, {
        forUpdate: true,
      });
      if (version.state !== 'draft')
        throw new InvalidVersionStateError('change the settings of', version.state);
      const next = {
        embargoUntil: settings.embargoUntil === undefined ? version.embargoUntil : settings.embargoUntil,
        softwareName:
          settings.software === undefined ? version.softwareName : (settings.software?.name ?? null),
        softwareVersion:
          settings.software === undefined ? version.softwareVersion : (settings.software?.version ?? null),
      };
      if (next.embargoUntil !== null && Number.isNaN(next.embargoUntil.getTime())) {
        throw new InvalidInputError('Invalid settings', [{ path: 'embargoUntil', message: 'not a date' }]);
      }
      await this.versions.updateSettings(manager, version.id, next);
      await this.announcer.datasetChanged(manager, dataset.id);
      await this.audit.record(manager, {
        actorId: principal.userId,
        action: 'version.settings-changed',
        entityType: 'version',
        entityId: version.id,
        datasetId: dataset.id,
        before: {
          embargoUntil: version.embargoUntil,
          softwareName: version.softwareName,
          softwareVersion: version.softwareVersion,
        },
        after: next,
      });
    });
    return this.get(principal, dataset.id, number);
  }

  async revisions(principal: Principal, datasetId: string, number: number) {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    const version = await this.access.visibleVersion(principal, dataset, number);
    if (version.state === 'withdrawn') {
      throw new VersionWithdrawnError(toTombstone(version, await this.versions.creators(version.id)));
    }
    return this.versions.revisions(version.id);
  }

  /** The audit trail of a dataset, for its curators. */
  async auditTrail(
    principal: Principal,
    datasetId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<AuditEntry>> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    this.access.requireCurate(principal, dataset, 'Reading the audit trail');
    const rows = await this.audit.listForDataset(
      dataset.id,
      decodeCursor(cursor, CURSOR_KEYS.integer),
      limit + 1,
    );
    return toPage(
      rows,
      limit,
      (row) => row.id,
      (row) => row,
    );
  }

  async view(principal: Principal, dataset: DatasetRecord, version: VersionRecord): Promise<VersionView> {
    const mayReadProtected = this.access.mayReadProtected(principal, dataset);
    const filesVisible = mayReadProtected || !isUnderEmbargo(version, this.clock.now());
    const summary = filesVisible
      ? await this.files.summary(version.id, mayReadProtected)
      : { fileCount: 0, totalBytes: 0 };
    const previous =
      version.previousVersionId === null
        ? undefined
        : await this.versions.findById(version.previousVersionId);
    return toVersionView(version, {
      creators: await this.versions.creators(version.id),
      relations: await this.versions.relations(version.id),
      previousVersion: previous?.number ?? null,
      filesVisible,
      showsInternals: mayReadProtected,
      ...summary,
    });
  }
}

export function isUnderEmbargo(version: VersionRecord, now: Date): boolean {
  return version.embargoUntil !== null && version.embargoUntil.getTime() > now.getTime();
}

/** The strong ETag of a version representation. */
export function versionEtag(view: VersionView): string {
  return `"${digestOf(view).slice(0, 32)}"`;
}
