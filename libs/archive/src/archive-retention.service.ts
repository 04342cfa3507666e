import { Inject, Injectable, Logger } from '@nestjs/common';
import { ObjectStore } from '@apdc/object-store';
import { Clock } from '@apdc/platform';
import { ARCHIVE_AGENT, ARCHIVE_POLICIES } from './archive-tokens.js';
import { ArchiveRepository, type PackageRecord } from './archive.repository.js';
import type { ArchivePolicy, ArchivePolicySet } from './policy/index.js';

const BATCH = 500;

/**
 * Applies the retention rule of each package's policy after its version was withdrawn: with
 * `afterWithdrawal: delete-after-minimum`, the copies go once the minimum retention (counted from the
 * package's creation) has passed. `keep`, an unknown policy, or a version still published keep everything.
 */
@Injectable()
export class ArchiveRetention {
  private readonly logger = new Logger(ArchiveRetention.name);

  constructor(
    private readonly repository: ArchiveRepository,
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    @Inject(ARCHIVE_POLICIES) private readonly policies: ArchivePolicySet,
  ) {}

  /** Deletes what retention lets go; returns the number of packages deleted. */
  async apply(): Promise<number> {
    let deleted = 0;
    const now = this.clock.now().getTime();
    for (const pkg of await this.repository.storedPackagesOfWithdrawnVersions(BATCH)) {
      const policy = this.policies.byId(pkg.policyId);
      if (policy?.retention.afterWithdrawal !== 'delete-after-minimum') continue;
      if (pkg.createdAt.getTime() + policy.retention.minimumSeconds * 1000 > now) continue;
      const done = await this.repository.withExclusiveLock(`archive-package:${pkg.id}`, () =>
        this.deletePackage(pkg, policy),
      );
      if (done === true) deleted += 1;
    }
    return deleted;
  }

  private async deletePackage(pkg: PackageRecord, policy: ArchivePolicy): Promise<boolean> {
    const current = await this.repository.packageById(pkg.id);
    if (current?.state !== 'stored') return false;
    const reason =
      `the version was withdrawn and the minimum retention ${policy.retention.minimum} of policy ` +
      `${policy.id} has passed`;
    for (const bag of await this.repository.bagsOfPackage(pkg.id)) {
      for (const copy of await this.repository.copiesOfBag(bag.id)) {
        if (copy.state === 'deleted') continue;
        await this.store.delete(copy.objectKey);
        await this.repository.transaction(async (manager) => {
          await this.repository.markCopyDeleted(manager, copy.id);
          await this.repository.insertEvent(manager, {
            packageId: pkg.id,
            bagId: bag.id,
            copyId: copy.id,
            type: 'deletion',
            detail: `copy ${copy.name} of ${bag.name} at ${copy.objectKey} deleted: ${reason}`,
            outcome: 'success',
            outcomeDetail: null,
            agent: ARCHIVE_AGENT,
            linkedObjects: [pkg.id, copy.objectKey],
          });
        });
      }
    }
    await this.repository.transaction((manager) =>
      this.repository.setPackageState(manager, pkg.id, 'deleted'),
    );
    this.logger.log(`package ${pkg.id} deleted: ${reason}`);
    return true;
  }
}
