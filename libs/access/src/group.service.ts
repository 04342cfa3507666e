import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@apdc/audit';
import { InvalidInputError, newId } from '@apdc/platform';
import { AlreadyExistsError, GroupNotFoundError, UserNotFoundError } from './errors.js';
import { type Group, GroupRepository } from './group.repository.js';
import type { GroupRole, Principal } from './principal.js';
import { requireAdmin } from './user-admin.service.js';
import { UserRepository } from './user.repository.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Hierarchical groups and their members: the only way rights are given to people. */
@Injectable()
export class GroupService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly groups: GroupRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditLog,
  ) {}

  async createGroup(
    actor: Principal,
    input: { slug: string; name: string; parent?: string | undefined },
  ): Promise<Group> {
    requireAdmin(actor, 'Creating groups');
    if (!SLUG.test(input.slug)) {
      throw new InvalidInputError('Invalid group', [
        { path: 'slug', message: 'lower-case letters, digits and "-", at most 63 characters' },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      if ((await this.groups.findBySlug(input.slug, manager)) !== undefined) {
        throw new AlreadyExistsError(`A group ${input.slug} exists already`);
      }
      let parentId: string | null = null;
      if (input.parent !== undefined) {
        const parent = await this.groups.findBySlug(input.parent, manager);
        if (parent === undefined) throw new GroupNotFoundError(input.parent);
        parentId = parent.id;
      }
      const group = { id: newId(), slug: input.slug, name: input.name, parentId };
      await this.groups.insert(manager, group);
      await this.audit.record(manager, {
        actorId: actor.userId,
        action: 'group.created',
        entityType: 'group',
        entityId: group.id,
        after: group,
      });
      return { ...group, parentSlug: input.parent ?? null, createdAt: new Date() };
    });
  }

  async getBySlug(slug: string): Promise<Group> {
    const group = await this.groups.findBySlug(slug);
    if (group === undefined) throw new GroupNotFoundError(slug);
    return group;
  }

  list(afterSlug: string | undefined, limit: number): Promise<Group[]> {
    return this.groups.list(afterSlug, limit);
  }

  async members(actor: Principal, slug: string): Promise<Array<{ userId: string; role: GroupRole }>> {
    requireAdmin(actor, 'Listing group members');
    return this.groups.members((await this.getBySlug(slug)).id);
  }

  /** Makes the user a member with `role`, or changes the role of a member. */
  async setMember(actor: Principal, slug: string, userId: string, role: GroupRole): Promise<void> {
    requireAdmin(actor, 'Changing group membership');
    const group = await this.getBySlug(slug);
    if ((await this.users.findById(userId)) === undefined) throw new UserNotFoundError(userId);
    await this.dataSource.transaction(async (manager) => {
      const before = await this.groups.setMember(manager, group.id, userId, role);
      if (before === role) return;
      await this.audit.record(manager, {
        actorId: actor.userId,
        action: before === undefined ? 'group.member-added' : 'group.member-role-changed',
        entityType: 'group',
        entityId: group.id,
        ...(before === undefined ? {} : { before: { userId, role: before } }),
        after: { userId, role },
        details: { userId, role },
      });
    });
  }

  async removeMember(actor: Principal, slug: string, userId: string): Promise<void> {
    requireAdmin(actor, 'Changing group membership');
    const group = await this.getBySlug(slug);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.groups.removeMember(manager, group.id, userId))) throw new UserNotFoundError(userId);
      await this.audit.record(manager, {
        actorId: actor.userId,
        action: 'group.member-removed',
        entityType: 'group',
        entityId: group.id,
        details: { userId },
      });
    });
  }
}
