export const ROLES = ['admin', 'curator', 'depositor', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: a user with a role and the groups whose rights they hold, or nobody in particular. */
export interface Principal {
  readonly userId: string | undefined;
  readonly role: Role | 'anonymous';
  /** Groups the user is a member of, plus all of their ancestors (a group inherits what its parent may do). */
  readonly groupIds: ReadonlySet<string>;
}

export const ANONYMOUS: Principal = Object.freeze({
  userId: undefined,
  role: 'anonymous',
  groupIds: new Set<string>(),
});

/** Which groups hold rights on a dataset: its owner and the groups it was shared with. */
export interface DatasetAccess {
  readonly ownerGroupId: string;
  readonly grantedGroupIds: readonly string[];
}
