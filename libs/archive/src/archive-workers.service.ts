import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ARCHIVE_AUDIT_QUEUE,
  ARCHIVE_PACKAGE_QUEUE,
  ARCHIVE_RETRIEVAL_QUEUE,
  type ArchiveAuditRequest,
  type ArchivePackageRequest,
  type ArchiveRetrievalRequest,
  JobQueue,
} from '@apdc/jobs';
import { APP_CONFIG, type AppConfig } from '@apdc/platform';
import { ArchiveAuditor } from './archive-auditor.service.js';
import { ArchivePackager } from './archive-packager.service.js';
import { ArchiveRetention } from './archive-retention.service.js';
import { ArchiveRetrievalService } from './archive-retrieval.service.js';
import { ArchiveRepository } from './archive.repository.js';

const SWEEP_BATCH = 500;

/**
 * The archive side of the workers: packing, audits and recalls from their queues, and a periodic sweep
 * that queues due audits and whatever packing a crashed or absent worker left unfinished.
 */
@Injectable()
export class ArchiveWorkers implements OnModuleDestroy {
  private readonly logger = new Logger(ArchiveWorkers.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly jobs: JobQueue,
    private readonly repository: ArchiveRepository,
    private readonly packager: ArchivePackager,
    private readonly auditor: ArchiveAuditor,
    private readonly retrievals: ArchiveRetrievalService,
    private readonly retention: ArchiveRetention,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(): Promise<void> {
    await this.jobs.work<ArchivePackageRequest>({
      queue: ARCHIVE_PACKAGE_QUEUE,
      handle: async (request) => {
        await this.packager.archive(request.versionId);
      },
    });
    await this.jobs.work<ArchiveAuditRequest>({
      queue: ARCHIVE_AUDIT_QUEUE,
      handle: (request) => this.auditor.run(request.auditId),
    });
    await this.jobs.work<ArchiveRetrievalRequest>({
      queue: ARCHIVE_RETRIEVAL_QUEUE,
      handle: (request) => this.retrievals.follow(request.retrievalId),
    });
    this.sweepInBackground();
    this.timer = setInterval(() => this.sweepInBackground(), this.config.archive.auditSweepSeconds * 1000);
    this.timer.unref();
  }

  /**
   * Queues packing for versions without a stored package of their current revision, and due audits;
   * deletes what the retention rules of withdrawn versions' policies let go.
   */
  async sweep(): Promise<{ packagesQueued: number; auditsQueued: number; packagesDeleted: number }> {
    const versionIds = await this.repository.versionsAwaitingArchive(SWEEP_BATCH);
    let packagesQueued = 0;
    for (const versionId of versionIds) {
      const request: ArchivePackageRequest = { versionId };
      const id = await this.repository.transaction((manager) =>
        this.jobs.enqueueCoalesced(manager, ARCHIVE_PACKAGE_QUEUE, request, versionId),
      );
      if (id !== null) packagesQueued += 1;
    }
    const due = await this.repository.copiesDueForAudit(SWEEP_BATCH);
    for (const copy of due) await this.auditor.queue(copy, null);
    const packagesDeleted = await this.retention.apply();
    return { packagesQueued, auditsQueued: due.length, packagesDeleted };
  }

  private sweepInBackground(): void {
    if (this.sweeping !== undefined) return;
    this.sweeping = this.sweep()
      .then(({ packagesQueued, auditsQueued, packagesDeleted }) => {
        if (packagesQueued + auditsQueued + packagesDeleted > 0)
          this.logger.log(
            `archive sweep queued ${packagesQueued} package(s) and ${auditsQueued} audit(s), deleted ${packagesDeleted} package(s)`,
          );
      })
      .catch((error: unknown) => this.logger.error(`archive sweep failed: ${(error as Error).message}`))
      .finally(() => {
        this.sweeping = undefined;
      });
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.sweeping;
  }
}
