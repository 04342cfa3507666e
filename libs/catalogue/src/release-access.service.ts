import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessPolicy, type Principal } from '@apdc/access';
import { UnauthenticatedError, isUuid } from '@apdc/platform';
import { type DatasetRecord, DatasetRepository } from './dataset.repository.js';
import { DatasetNotFoundError, NotAllowedError, VersionNotFoundError } from './errors.js';
import type { VersionRecord } from './version.repository.js';
import { VersionRepository } from './version.repository.js';

/**
 * Loads datasets and versions for a principal and applies the access rules every path shares. Things a
 * principal may not see are answered as not found, so that their existence does not leak.
 */
@Injectable()
export class ReleaseAccess {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly versions: VersionRepository,
  ) {}

  async visibleDataset(
    principal: Principal,
    datasetId: string,
    manager?: EntityManager,
  ): Promise<DatasetRecord> {
    const dataset = isUuid(datasetId) ? await this.datasets.findById(datasetId, manager) : undefined;
    if (dataset === undefined) throw new DatasetNotFoundError(datasetId);
    if (AccessPolicy.mayReadProtected(principal, dataset)) return dataset;
    const released = (await this.versions.listForDataset(datasetId, manager)).some(
      (v) => v.state !== 'draft',
    );
    if (!released) throw new DatasetNotFoundError(datasetId);
    return dataset;
  }

  async visibleVersion(
    principal: Principal,
    dataset: DatasetRecord,
    number: number,
    manager?: EntityManager,
    options: { forUpdate?: boolean } = {},
  ): Promise<VersionRecord> {
    const version = await this.versions.find(dataset.id, number, manager, options);
    if (version === undefined) throw new VersionNotFoundError(dataset.id, number);
    if (version.state === 'draft' && !AccessPolicy.mayReadProtected(principal, dataset)) {
      throw new VersionNotFoundError(dataset.id, number);
    }
    return version;
  }

  requireDeposit(principal: Principal, dataset: DatasetRecord, action: string): void {
    if (AccessPolicy.mayDeposit(principal, dataset)) return;
    requireSignedIn(principal, action);
    throw new NotAllowedError(
      `${action} needs the depositor or curator role in the group that owns the dataset`,
    );
  }

  requireCurate(principal: Principal, dataset: DatasetRecord, action: string): void {
    if (AccessPolicy.mayCurate(principal, dataset)) return;
    requireSignedIn(principal, action);
    throw new NotAllowedError(`${action} needs the curator role in the group that owns the dataset`);
  }

  /** Whether embargoed and restricted files of the dataset are visible to the principal. */
  mayReadProtected(principal: Principal, dataset: DatasetRecord): boolean {
    return AccessPolicy.mayReadProtected(principal, dataset);
  }
}

export function requireSignedIn(principal: Principal, action: string): void {
  if (principal.userId === undefined) throw new UnauthenticatedError(`${action} needs an API token`);
}
