import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid, queryRows } from '@apdc/platform';
import { type GroupRole, roleRank } from './principal.js';

export interface Group {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly parentSlug: string | null;
  readonly createdAt: Date;
}

interface GroupRow {
  id: string;
  slug: string;
  name: string;
  parent_id: string | null;
  parent_slug: string | null;
  created_at: Date;
}

const SELECT_GROUP = `SELECT g.id, g.slug, g.name, g.parent_id, p.slug AS parent_slug, g.created_at
  FROM groups g LEFT JOIN groups p ON p.id = g.parent_id`;

@Injectable()
export class GroupRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    group: { id: string; slug: string; name: string; parentId: string | null },
  ): Promise<void> {
    await queryRows(manager, `INSERT INTO groups (id, slug, name, parent_id) VALUES ($1, $2, $3, $4)`, [
      group.id,
      group.slug,
      group.name,
      group.parentId,
    ]);
  }

  async findBySlug(
    slug: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Group | undefined> {
    const [row] = await queryRows<GroupRow>(manager, `${SELECT_GROUP} WHERE g.slug = $1`, [slug]);
    return row === undefined ? undefined : toGroup(row);
  }

  async findById(id: string): Promise<Group | undefined> {
    const [row] = await queryRows<GroupRow>(this.dataSource.manager, `${SELECT_GROUP} WHERE g.id = $1`, [id]);
    return row === undefined ? undefined : toGroup(row);
  }

  async list(afterSlug: string | undefined, limit: number): Promise<Group[]> {
    const rows = await queryRows<GroupRow>(
      this.dataSource.manager,
      `${SELECT_GROUP} WHERE g.slug > $1 ORDER BY g.slug LIMIT $2`,
      [afterSlug ?? '', limit],
    );
    return rows.map(toGroup);
  }

  /** Adds the member, or changes their role; returns the role they had before, if any. */
  async setMember(
    manager: EntityManager,
    groupId: string,
    userId: string,
    role: GroupRole,
  ): Promise<GroupRole | undefined> {
    const [before] = await queryRows<{ role: GroupRole }>(
      manager,
      `SELECT role FROM group_members WHERE group_id = $1 AND user_id = $2 FOR UPDATE`,
      [groupId, userId],
    );
    await queryRows(
      manager,
      `INSERT INTO group_members (group_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (group_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
      [groupId, userId, role],
    );
    return before?.role;
  }

  async removeMember(manager: EntityManager, groupId: string, userId: string): Promise<boolean> {
    if (!isUuid(userId)) return false;
    const rows = await queryRows(
      manager,
      `DELETE FROM group_members WHERE group_id = $1 AND user_id = $2 RETURNING 1`,
      [groupId, userId],
    );
    return rows.length > 0;
  }

  async members(groupId: string): Promise<Array<{ userId: string; role: GroupRole }>> {
    const rows = await queryRows<{ user_id: string; role: GroupRole }>(
      this.dataSource.manager,
      `SELECT user_id, role FROM group_members WHERE group_id = $1 ORDER BY user_id`,
      [groupId],
    );
    return rows.map((row) => ({ userId: row.user_id, role: row.role }));
  }

  /**
   * The roles a user holds: those of their memberships, carried up to every ancestor of each group;
   * where several reach one group, the strongest counts.
   */
  async effectiveGroupRoles(userId: string): Promise<Map<string, GroupRole>> {
    const rows = await queryRows<{ group_id: string; role: GroupRole }>(
      this.dataSource.manager,
      `WITH RECURSIVE effective(group_id, role) AS (
         SELECT group_id, role FROM group_members WHERE user_id = $1
         UNION
         SELECT g.parent_id, e.role FROM groups g JOIN effective e ON g.id = e.group_id WHERE g.parent_id IS NOT NULL
       )
       SELECT group_id, role FROM effective`,
      [userId],
    );
    const roles = new Map<string, GroupRole>();
    for (const row of rows) {
      if (roleRank(row.role) > roleRank(roles.get(row.group_id))) roles.set(row.group_id, row.role);
    }
    return roles;
  }
}

function toGroup(row: GroupRow): Group {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    parentId: row.parent_id,
    parentSlug: row.parent_slug,
    createdAt: row.created_at,
  };
}
