import { describe, expect, it } from '@jest/globals';
import { AccessPolicy } from './access-policy.js';
import { ANONYMOUS, type Principal, type Role } from './principal.js';

const principal = (role: Role, groups: string[]): Principal => ({
  userId: 'u',
  role,
  groupIds: new Set(groups),
});
const dataset = { ownerGroupId: 'kascade', grantedGroupIds: ['partner'] };

describe('AccessPolicy', () => {
  it('lets owners, grantees and admins read protected data, nobody else', () => {
    expect(AccessPolicy.mayReadProtected(principal('reader', ['kascade', 'kit-iap']), dataset)).toBe(true);
    expect(AccessPolicy.mayReadProtected(principal('reader', ['partner']), dataset)).toBe(true);
    expect(AccessPolicy.mayReadProtected(principal('admin', []), dataset)).toBe(true);
    expect(AccessPolicy.mayReadProtected(principal('curator', ['kit-iap']), dataset)).toBe(false);
    expect(AccessPolicy.mayReadProtected(ANONYMOUS, dataset)).toBe(false);
  });

  it('ties writing to the role and to the owning group, not to grants', () => {
    expect(AccessPolicy.mayDeposit(principal('depositor', ['kascade']), dataset)).toBe(true);
    expect(AccessPolicy.mayDeposit(principal('reader', ['kascade']), dataset)).toBe(false);
    expect(AccessPolicy.mayDeposit(principal('curator', ['partner']), dataset)).toBe(false);
    expect(AccessPolicy.mayCurate(principal('curator', ['kascade']), dataset)).toBe(true);
    expect(AccessPolicy.mayCurate(principal('depositor', ['kascade']), dataset)).toBe(false);
    expect(AccessPolicy.mayCurate(ANONYMOUS, dataset)).toBe(false);
  });
});
