import type { DatasetAccess, Principal } from './principal.js';

/**
 * The rules of who may do what. Pure functions, so that every read and write path asks the same
 * questions; the SQL filters in repositories implement {@link mayReadProtected} for lists.
 */
export const AccessPolicy = {
  isAdmin(principal: Principal): boolean {
    return principal.role === 'admin';
  },

  /** Embargoed files, restricted files and drafts of a dataset. */
  mayReadProtected(principal: Principal, dataset: DatasetAccess): boolean {
    if (principal.role === 'admin') return true;
    if (principal.groupIds.has(dataset.ownerGroupId)) return true;
    return dataset.grantedGroupIds.some((groupId) => principal.groupIds.has(groupId));
  },

  /** Create drafts, upload files and edit draft metadata. */
  mayDeposit(principal: Principal, dataset: Pick<DatasetAccess, 'ownerGroupId'>): boolean {
    if (principal.role === 'admin') return true;
    return (
      (principal.role === 'curator' || principal.role === 'depositor') &&
      principal.groupIds.has(dataset.ownerGroupId)
    );
  },

  /** Publish, withdraw, correct published metadata, share with other groups, read the audit log. */
  mayCurate(principal: Principal, dataset: Pick<DatasetAccess, 'ownerGroupId'>): boolean {
    if (principal.role === 'admin') return true;
    return principal.role === 'curator' && principal.groupIds.has(dataset.ownerGroupId);
  },
} as const;
