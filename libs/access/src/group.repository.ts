import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '@apdc/platform';

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

  async addMember(manager: EntityManager, groupId: string, userId: string): Promise<boolean> {
    const rows = await queryRows(
      manager,
      `INSERT INTO group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [groupId, userId],
    );
    return rows.length > 0;
  }

  async removeMember(manager: EntityManager, groupId: string, userId: string): Promise<boolean> {
    const rows = await queryRows(
      manager,
      `DELETE FROM group_members WHERE group_id = $1 AND user_id = $2 RETURNING 1`,
      [groupId, userId],
    );
    return rows.length > 0;
  }

  async memberIds(groupId: string): Promise<string[]> {
    const rows = await queryRows<{ user_id: string }>(
      this.dataSource.manager,
      `SELECT user_id FROM group_members WHERE group_id = $1 ORDER BY user_id`,
      [groupId],
    );
    return rows.map((row) => row.user_id);
  }

  /** The groups a user is a member of, and all their ancestors up to the roots. */
  async effectiveGroupIds(userId: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `WITH RECURSIVE effective(id) AS (
         SELECT group_id FROM group_members WHERE user_id = $1
         UNION
         SELECT g.parent_id FROM groups g JOIN effective e ON g.id = e.id WHERE g.parent_id IS NOT NULL
       )
       SELECT id FROM effective`,
      [userId],
    );
    return rows.map((row) => row.id);
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
