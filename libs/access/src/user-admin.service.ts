import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@apdc/audit';
import { InvalidInputError, newId, newSecret } from '@apdc/platform';
import { tokenDigest } from './authentication.service.js';
import { AlreadyExistsError, RoleRequiredError, UserNotFoundError } from './errors.js';
import type { Principal } from './principal.js';
import { type User, UserRepository } from './user.repository.js';

export interface IssuedToken {
  readonly id: string;
  /** Shown once; only its digest is stored. */
  readonly token: string;
  readonly expiresAt: Date | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Accounts and their API tokens. Rights come from group membership, never from per-user settings. */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly audit: AuditLog,
  ) {}

  async createUser(
    actor: Principal,
    input: { email: string; name: string; isAdmin: boolean },
  ): Promise<User> {
    requireAdmin(actor, 'Creating users');
    if (!EMAIL.test(input.email)) {
      throw new InvalidInputError('Invalid user', [{ path: 'email', message: 'must be an e-mail address' }]);
    }
    return this.dataSource.transaction(async (manager) => {
      if ((await this.users.findByEmail(input.email, manager)) !== undefined) {
        throw new AlreadyExistsError(`A user with e-mail ${input.email} exists already`);
      }
      const user = { id: newId(), email: input.email, name: input.name, isAdmin: input.isAdmin };
      await this.users.insert(manager, user);
      await this.audit.record(manager, {
        actorId: actor.userId,
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        after: user,
      });
      return { ...user, createdAt: new Date() };
    });
  }

  async getUser(actor: Principal, id: string): Promise<User> {
    if (actor.userId !== id) requireAdmin(actor, 'Reading other users');
    const user = await this.users.findById(id);
    if (user === undefined) throw new UserNotFoundError(id);
    return user;
  }

  async listUsers(actor: Principal, afterId: string | undefined, limit: number): Promise<User[]> {
    requireAdmin(actor, 'Listing users');
    return this.users.list(afterId, limit);
  }

  /** A new token for `userId`: the user themself or an admin may ask. */
  async issueToken(
    actor: Principal,
    userId: string,
    input: { label: string; expiresAt?: Date | undefined },
  ): Promise<IssuedToken> {
    if (actor.userId !== userId) requireAdmin(actor, 'Issuing tokens for other users');
    if ((await this.users.findById(userId)) === undefined) throw new UserNotFoundError(userId);
    return this.dataSource.transaction(async (manager) => {
      const issued = { id: newId(), token: newSecret('apdc'), expiresAt: input.expiresAt ?? null };
      await this.users.insertToken(manager, {
        id: issued.id,
        userId,
        label: input.label,
        sha256: tokenDigest(issued.token),
        expiresAt: issued.expiresAt,
      });
      await this.audit.record(manager, {
        actorId: actor.userId,
        action: 'token.issued',
        entityType: 'api-token',
        entityId: issued.id,
        details: { userId, label: input.label },
      });
      return issued;
    });
  }

  async revokeToken(actor: Principal, userId: string, tokenId: string): Promise<void> {
    if (actor.userId !== userId) requireAdmin(actor, 'Revoking tokens of other users');
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.users.revokeToken(manager, userId, tokenId))) {
        throw new UserNotFoundError(`${userId}/tokens/${tokenId}`);
      }
      await this.audit.record(manager, {
        actorId: actor.userId,
        action: 'token.revoked',
        entityType: 'api-token',
        entityId: tokenId,
        details: { userId },
      });
    });
  }

  /**
   * On first start there is nobody to log in as: create the admin account with a known token
   * (from configuration, or generated). Does nothing once any user exists.
   */
  async bootstrapAdmin(token: string): Promise<{ created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`LOCK TABLE users IN EXCLUSIVE MODE`);
      const [existing] = await manager.query<Array<{ count: string }>>(`SELECT count(*) FROM users`);
      if (Number(existing?.count ?? 0) > 0) return { created: false };
      const admin = {
        id: newId(),
        email: 'admin@localhost',
        name: 'APDC administrator',
        isAdmin: true,
      };
      await this.users.insert(manager, admin);
      await this.users.insertToken(manager, {
        id: newId(),
        userId: admin.id,
        label: 'bootstrap',
        sha256: tokenDigest(token),
        expiresAt: null,
      });
      await this.audit.record(manager, {
        actorId: undefined,
        action: 'user.bootstrapped',
        entityType: 'user',
        entityId: admin.id,
        after: admin,
      });
      return { created: true };
    });
  }
}

export function requireAdmin(actor: Principal, action: string): void {
  if (!actor.isAdmin) throw new RoleRequiredError(action, ['admin']);
}
