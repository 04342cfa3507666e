import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InvalidTokenError } from './errors.js';
import { GroupRepository } from './group.repository.js';
import { ANONYMOUS, type Principal } from './principal.js';
import { UserRepository } from './user.repository.js';

/**
 * API tokens carry 256 random bits, so a plain SHA-256 of the token is a safe lookup key: unlike a
 * password there is nothing to brute-force, and a slow hash would only slow every request down.
 */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

@Injectable()
export class AuthenticationService {
  constructor(
    private readonly users: UserRepository,
    private readonly groups: GroupRepository,
  ) {}

  /** Resolves a bearer token (or none) to the principal every service checks its rules against. */
  async authenticate(token: string | undefined): Promise<Principal> {
    if (token === undefined) return ANONYMOUS;
    const user = await this.users.findByTokenDigest(tokenDigest(token));
    if (user === undefined) throw new InvalidTokenError();
    return this.principalOf(user.id, user.isAdmin);
  }

  async principalOf(userId: string, isAdmin: boolean): Promise<Principal> {
    const groupRoles = await this.groups.effectiveGroupRoles(userId);
    return Object.freeze({ userId, isAdmin, groupRoles });
  }
}
