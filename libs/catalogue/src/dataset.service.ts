import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GroupService, type Principal } from '@apdc/access';
import { AuditLog } from '@apdc/audit';
import { digestOf, newId } from '@apdc/platform';
import { CURSOR_KEYS, type Page, decodeCursor, toPage } from '@apdc/platform';
import { type DatasetRecord, DatasetRepository } from './dataset.repository.js';
import { NotAllowedError } from './errors.js';
import { ReleaseAccess, requireSignedIn } from './release-access.service.js';
import { type DatasetView, toDatasetView } from './release.view.js';
import { VersionRepository } from './version.repository.js';
import { ReleaseAnnouncer } from './release-announcer.service.js';
import { MetadataWriter } from './metadata-writer.service.js';
import { AccessPolicy } from '@apdc/access';

/** Datasets: the concept released again and again, owned by a group. */
@Injectable()
export class DatasetService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetRepository,
    private readonly versions: VersionRepository,
    private readonly groups: GroupService,
    private readonly access: ReleaseAccess,
    private readonly metadataWriter: MetadataWriter,
    private readonly audit: AuditLog,
    private readonly announcer: ReleaseAnnouncer,
  ) {}

  /** Creates a dataset owned by `group` together with its first draft version. */
  async create(
    principal: Principal,
    input: { group: string; metadata?: Record<string, unknown> | undefined },
  ): Promise<DatasetView> {
    requireSignedIn(principal, 'Creating a dataset');
    const group = await this.groups.getBySlug(input.group);
    if (!AccessPolicy.mayDeposit(principal, { ownerGroupId: group.id })) {
      throw new NotAllowedError(
        `Creating a dataset in group ${group.slug} needs the depositor or curator role in it`,
      );
    }
    const prepared =
      input.metadata === undefined ? undefined : await this.metadataWriter.prepare(input.metadata);
    const datasetId = newId();
    await this.dataSource.transaction(async (manager) => {
      await this.datasets.insert(manager, {
        id: datasetId,
        ownerGroupId: group.id,
        createdBy: principal.userId ?? '',
      });
      const versionId = newId();
      await this.versions.insert(manager, {
        id: versionId,
        datasetId,
        number: 1,
        metadata: {},
        metadataSha256: digestOf({}),
        previousVersionId: null,
        softwareName: null,
        softwareVersion: null,
        embargoUntil: null,
        createdBy: principal.userId ?? '',
      });
      await this.audit.record(manager, {
        actorId: principal.userId,
        action: 'dataset.created',
        entityType: 'dataset',
        entityId: datasetId,
        datasetId,
        after: { ownerGroupId: group.id },
      });
      await this.audit.record(manager, {
        actorId: principal.userId,
        action: 'version.created',
        entityType: 'version',
        entityId: versionId,
        datasetId,
        details: { number: 1 },
      });
      if (prepared !== undefined) {
        await this.metadataWriter.write(manager, principal, versionId, datasetId, prepared, { revision: 0 });
      }
      await this.announcer.datasetChanged(manager, datasetId);
    });
    return this.get(principal, datasetId);
  }

  async get(principal: Principal, datasetId: string): Promise<DatasetView> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    return this.view(principal, dataset);
  }

  private async view(principal: Principal, dataset: DatasetRecord): Promise<DatasetView> {
    const all = await this.versions.listForDataset(dataset.id);
    return toDatasetView(dataset, all, this.access.mayReadProtected(principal, dataset));
  }

  async list(principal: Principal, cursor: string | undefined, limit: number): Promise<Page<DatasetView>> {
    const rows = await this.datasets.listVisible(
      principal,
      decodeCursor(cursor, CURSOR_KEYS.uuid),
      limit + 1,
    );
    const views = new Map<string, DatasetView>();
    for (const dataset of rows.slice(0, limit)) {
      views.set(dataset.id, await this.view(principal, dataset));
    }
    return toPage(
      rows,
      limit,
      (row) => row.id,
      (row) => views.get(row.id) as DatasetView,
    );
  }

  /** Shares a dataset's embargoed and restricted data with another group (and its sub-groups). */
  async grant(principal: Principal, datasetId: string, groupSlug: string): Promise<void> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    this.access.requireCurate(principal, dataset, 'Sharing a dataset');
    const group = await this.groups.getBySlug(groupSlug);
    await this.dataSource.transaction(async (manager) => {
      if (await this.datasets.grant(manager, dataset.id, group.id)) {
        await this.announcer.datasetChanged(manager, dataset.id);
        await this.audit.record(manager, {
          actorId: principal.userId,
          action: 'dataset.shared',
          entityType: 'dataset',
          entityId: dataset.id,
          datasetId: dataset.id,
          details: { groupId: group.id },
        });
      }
    });
  }

  async revokeGrant(principal: Principal, datasetId: string, groupSlug: string): Promise<void> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    this.access.requireCurate(principal, dataset, 'Unsharing a dataset');
    const group = await this.groups.getBySlug(groupSlug);
    await this.dataSource.transaction(async (manager) => {
      if (await this.datasets.revoke(manager, dataset.id, group.id)) {
        await this.announcer.datasetChanged(manager, dataset.id);
        await this.audit.record(manager, {
          actorId: principal.userId,
          action: 'dataset.unshared',
          entityType: 'dataset',
          entityId: dataset.id,
          datasetId: dataset.id,
          details: { groupId: group.id },
        });
      }
    });
  }

  async isEmpty(): Promise<boolean> {
    return (await this.datasets.count()) === 0;
  }
}
