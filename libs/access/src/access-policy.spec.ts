import { describe, expect, it } from '@jest/globals';
import { AccessPolicy } from './access-policy.js';
import { ANONYMOUS, type GroupRole, type Principal } from './principal.js';

const member = (roles: Record<string, GroupRole>): Principal => ({
  userId: 'u',
  isAdmin: false,
  groupRoles: new Map(Object.entries(roles)),
});
const admin: Principal = { userId: 'a', isAdmin: true, groupRoles: new Map() };
const dataset = { ownerGroupId: 'kascade', grantedGroupIds: ['partner'] };

describe('AccessPolicy', () => {
  it('lets any role in the owning or a granted group, and admins, read protected data; nobody else', () => {
    expect(AccessPolicy.mayReadProtected(member({ kascade: 'reader' }), dataset)).toBe(true);
    expect(AccessPolicy.mayReadProtected(member({ partner: 'reader' }), dataset)).toBe(true);
    expect(AccessPolicy.mayReadProtected(admin, dataset)).toBe(true);
    expect(AccessPolicy.mayReadProtected(member({ 'kit-iap': 'curator' }), dataset)).toBe(false);
    expect(AccessPolicy.mayReadProtected(ANONYMOUS, dataset)).toBe(false);
  });

  it('ties writing to the role held in the owning group, never to grants', () => {
    expect(AccessPolicy.mayDeposit(member({ kascade: 'depositor' }), dataset)).toBe(true);
    expect(AccessPolicy.mayDeposit(member({ kascade: 'curator' }), dataset)).toBe(true);
    expect(AccessPolicy.mayDeposit(member({ kascade: 'reader', icecube: 'curator' }), dataset)).toBe(false);
    expect(AccessPolicy.mayDeposit(member({ partner: 'curator' }), dataset)).toBe(false);
    expect(AccessPolicy.mayCurate(member({ kascade: 'curator' }), dataset)).toBe(true);
    expect(AccessPolicy.mayCurate(member({ kascade: 'depositor' }), dataset)).toBe(false);
    expect(AccessPolicy.mayCurate(admin, dataset)).toBe(true);
    expect(AccessPolicy.mayCurate(ANONYMOUS, dataset)).toBe(false);
  });
});
