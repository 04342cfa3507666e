import { type DatasetAccess, type Principal, roleRank } from './principal.js';

/**
 * The rules of who may do what. Pure functions, so that every read and write path asks the same
 * questions; the SQL filters in repositories implement {@link AccessPolicy.mayReadProtected} for lists.
 */
export const AccessPolicy = {
  /** Embargoed files, restricted files and drafts of a dataset: any role in the owning or a granted group. */
  mayReadProtected(principal: Principal, dataset: DatasetAccess): boolean {
    if (principal.isAdmin || principal.groupRoles.has(dataset.ownerGroupId)) return true;
    return dataset.grantedGroupIds.some((groupId) => principal.groupRoles.has(groupId));
  },

  /** Create drafts, upload files and edit draft metadata: depositor or curator in the owning group. */
  mayDeposit(principal: Principal, dataset: Pick<DatasetAccess, 'ownerGroupId'>): boolean {
    return (
      principal.isAdmin || roleRank(principal.groupRoles.get(dataset.ownerGroupId)) >= roleRank('depositor')
    );
  },

  /** Publish, withdraw, correct published metadata, share, read the audit trail: curator in the owning group. */
  mayCurate(principal: Principal, dataset: Pick<DatasetAccess, 'ownerGroupId'>): boolean {
    return principal.isAdmin || principal.groupRoles.get(dataset.ownerGroupId) === 'curator';
  },
} as const;
