import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@apdc/access';
import { AuditLog } from '@apdc/audit';
import { Clock, InvalidInputError, type Violation } from '@apdc/platform';
import { DatasetRepository } from './dataset.repository.js';
import { DoiMinter } from './doi-minter.service.js';
import { HarvestIndexRepository } from './harvest-index.repository.js';
import { IncompleteReleaseError, InvalidVersionStateError } from './errors.js';
import { FileRepository } from './file.repository.js';
import { missingForPublication, readReleaseMetadata } from '@apdc/metadata';
import { ReleaseAccess } from './release-access.service.js';
import { ReleaseAnnouncer } from './release-announcer.service.js';
import type { VersionSummaryView } from './release.view.js';
import { toVersionSummaryView } from './release.view.js';
import { VersionRepository } from './version.repository.js';

const MAX_REASON_LENGTH = 2000;

/** The two state changes curators make: publish a draft, withdraw a published version. */
@Injectable()
export class PublicationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetRepository,
    private readonly versions: VersionRepository,
    private readonly files: FileRepository,
    private readonly access: ReleaseAccess,
    private readonly announcer: ReleaseAnnouncer,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly minter: DoiMinter,
    private readonly harvestIndex: HarvestIndexRepository,
  ) {}

  /**
   * Publishes a complete draft. From then on its files never change. `release.published` is enqueued in
   * the same transaction, so DOI registration, indexing and archiving can never miss a publication.
   */
  async publish(principal: Principal, datasetId: string, number: number): Promise<VersionSummaryView> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    this.access.requireCurate(principal, dataset, 'Publishing');
    return this.dataSource.transaction(async (manager) => {
      await this.datasets.lock(manager, dataset.id);
      const version = await this.access.visibleVersion(principal, dataset, number, manager, {
        forUpdate: true,
      });
      if (version.state !== 'draft') throw new InvalidVersionStateError('publish', version.state);
      const missing: Violation[] = missingForPublication(readReleaseMetadata(version.metadata).metadata);
      const { fileCount } = await this.files.summary(version.id, true, manager);
      if (fileCount === 0) missing.push({ path: 'files', message: 'a release needs at least one file' });
      if (missing.length > 0) throw new IncompleteReleaseError(missing);
      await this.versions.markPublished(manager, version.id, this.clock.now().getUTCFullYear());
      if (version.doi === null)
        await this.versions.assignDoi(manager, version.id, await this.minter.mint(manager));
      if (dataset.conceptDoi === null) {
        await this.datasets.assignConceptDoi(manager, dataset.id, await this.minter.mint(manager));
      }
      await this.versions.markDoiPending(manager, version.id);
      await this.announcer.datasetChanged(manager, dataset.id);
      const content = {
        metadataSha256: version.metadataSha256,
        files: await this.files.manifest(manager, version.id),
      };
      await this.audit.record(manager, {
        actorId: principal.userId,
        action: 'version.published',
        entityType: 'version',
        entityId: version.id,
        datasetId: dataset.id,
        before: { state: 'draft', ...content },
        after: { state: 'published', ...content },
      });
      await this.harvestIndex.refresh(manager, dataset.id);
      await this.announcer.announce(manager, 'release.published', version);
      const published = await this.versions.findById(version.id, manager);
      return toVersionSummaryView(published ?? version);
    });
  }

  /** Withdraws a published version; a tombstone with its citation metadata and the reason stays. */
  async withdraw(
    principal: Principal,
    datasetId: string,
    number: number,
    reason: string,
  ): Promise<VersionSummaryView> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    this.access.requireCurate(principal, dataset, 'Withdrawing');
    const trimmed = reason.trim();
    if (trimmed === '' || trimmed.length > MAX_REASON_LENGTH || trimmed.includes('\u0000')) {
      throw new InvalidInputError('A withdrawal needs a reason', [
        { path: 'reason', message: `between 1 and ${MAX_REASON_LENGTH} characters, no NUL` },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      await this.datasets.lock(manager, dataset.id);
      const version = await this.access.visibleVersion(principal, dataset, number, manager, {
        forUpdate: true,
      });
      if (version.state !== 'published') throw new InvalidVersionStateError('withdraw', version.state);
      await this.versions.markWithdrawn(manager, version.id, trimmed);
      await this.versions.markDoiPending(manager, version.id);
      await this.announcer.datasetChanged(manager, dataset.id);
      const content = {
        metadataSha256: version.metadataSha256,
        files: await this.files.manifest(manager, version.id),
      };
      await this.audit.record(manager, {
        actorId: principal.userId,
        action: 'version.withdrawn',
        entityType: 'version',
        entityId: version.id,
        datasetId: dataset.id,
        before: { state: 'published', ...content },
        after: { state: 'withdrawn', reason: trimmed, ...content },
        details: { reason: trimmed },
      });
      await this.harvestIndex.refresh(manager, dataset.id);
      await this.announcer.announce(manager, 'release.withdrawn', version);
      const withdrawn = await this.versions.findById(version.id, manager);
      return toVersionSummaryView(withdrawn ?? version);
    });
  }
}
