import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Principal, requireAdmin } from '@apdc/access';
import { JobQueue, SEARCH_REINDEX_QUEUE } from '@apdc/jobs';
import { NotFoundError, UnauthenticatedError, isUuid } from '@apdc/platform';
import { type ConsistencyReport, SearchConsistency } from './search-consistency.service.js';

export interface ReindexJobView {
  readonly jobId: string;
  /** pg-boss state: created, retry, active, completed, cancelled or failed. */
  readonly state: string;
  readonly createdAt: string | null;
  readonly completedAt: string | null;
}

/** Administrators' operations on the search index: consistency checks, repair and full reindexing. */
@Injectable()
export class SearchAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly consistency: SearchConsistency,
  ) {}

  async verify(principal: Principal, options: { repair: boolean }): Promise<ConsistencyReport> {
    requireSearchAdmin(principal);
    return this.consistency.verify(options);
  }

  /** Queues a full rebuild for the workers; its progress is read with {@link reindexJob}. */
  async requestReindex(principal: Principal): Promise<ReindexJobView> {
    requireSearchAdmin(principal);
    const jobId = await this.dataSource.transaction((manager) =>
      this.jobs.enqueue(manager, SEARCH_REINDEX_QUEUE, { requestedBy: principal.userId ?? null }),
    );
    return this.reindexJob(principal, jobId);
  }

  async reindexJob(principal: Principal, jobId: string): Promise<ReindexJobView> {
    requireSearchAdmin(principal);
    const job = isUuid(jobId) ? await this.jobs.status(SEARCH_REINDEX_QUEUE, jobId) : undefined;
    if (job === undefined) throw new NotFoundError(`No reindex job ${jobId}`);
    return {
      jobId,
      state: job.state,
      createdAt: job.createdOn?.toISOString() ?? null,
      completedAt: job.completedOn?.toISOString() ?? null,
    };
  }
}

/** Anonymous callers are asked to authenticate (401); signed-in non-admins are refused (403). */
function requireSearchAdmin(principal: Principal): void {
  if (principal.userId === undefined)
    throw new UnauthenticatedError('Search administration needs an API token');
  requireAdmin(principal, 'Search administration');
}
