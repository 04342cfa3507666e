/** What a member may do in a group: read protected data, deposit drafts, or also publish and withdraw. */
export const GROUP_ROLES = ['reader', 'depositor', 'curator'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

/** Each role includes the ones before it. */
export function roleRank(role: GroupRole | undefined): number {
  return role === undefined ? 0 : GROUP_ROLES.indexOf(role) + 1;
}

/**
 * Who is asking: an administrator, a user with roles in groups, or nobody in particular. A role held in
 * a group holds in all of its ancestors too (a group inherits what its parent may do), so `groupRoles`
 * maps every group whose rights the user holds to the strongest role they have there.
 */
export interface Principal {
  readonly userId: string | undefined;
  readonly isAdmin: boolean;
  readonly groupRoles: ReadonlyMap<string, GroupRole>;
}

export const ANONYMOUS: Principal = Object.freeze({
  userId: undefined,
  isAdmin: false,
  groupRoles: new Map<string, GroupRole>(),
});

/** Which groups hold rights on a dataset: its owner and the groups it was shared with. */
export interface DatasetAccess {
  readonly ownerGroupId: string;
  readonly grantedGroupIds: readonly string[];
}
