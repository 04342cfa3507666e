import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid, queryRows } from '@apdc/platform';

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly isAdmin: boolean;
  readonly createdAt: Date;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  is_admin: boolean;
  created_at: Date;
}

@Injectable()
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, user: Omit<User, 'createdAt'>): Promise<void> {
    await queryRows(manager, `INSERT INTO users (id, email, name, is_admin) VALUES ($1, $2, $3, $4)`, [
      user.id,
      user.email,
      user.name,
      user.isAdmin,
    ]);
  }

  async findById(id: string): Promise<User | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await queryRows<UserRow>(this.dataSource.manager, `SELECT * FROM users WHERE id = $1`, [
      id,
    ]);
    return row === undefined ? undefined : toUser(row);
  }

  async findByEmail(
    email: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<User | undefined> {
    const [row] = await queryRows<UserRow>(manager, `SELECT * FROM users WHERE lower(email) = lower($1)`, [
      email,
    ]);
    return row === undefined ? undefined : toUser(row);
  }

  async count(): Promise<number> {
    const [row] = await queryRows<{ count: string }>(this.dataSource.manager, `SELECT count(*) FROM users`);
    return Number(row?.count ?? 0);
  }

  async list(afterId: string | undefined, limit: number): Promise<User[]> {
    const rows = await queryRows<UserRow>(
      this.dataSource.manager,
      `SELECT * FROM users WHERE id > $1 ORDER BY id LIMIT $2`,
      [afterId ?? '00000000-0000-0000-0000-000000000000', limit],
    );
    return rows.map(toUser);
  }

  async insertToken(
    manager: EntityManager,
    token: { id: string; userId: string; label: string; sha256: Buffer; expiresAt: Date | null },
  ): Promise<void> {
    await queryRows(
      manager,
      `INSERT INTO api_tokens (id, user_id, label, token_sha256, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [token.id, token.userId, token.label, token.sha256, token.expiresAt],
    );
  }

  async revokeToken(manager: EntityManager, userId: string, tokenId: string): Promise<boolean> {
    if (!isUuid(userId) || !isUuid(tokenId)) return false;
    const rows = await queryRows(
      manager,
      `UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING 1`,
      [tokenId, userId],
    );
    return rows.length > 0;
  }

  /** The user holding a token that is neither revoked nor expired. */
  async findByTokenDigest(sha256: Buffer): Promise<User | undefined> {
    const [row] = await queryRows<UserRow>(
      this.dataSource.manager,
      `SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_sha256 = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
      [sha256],
    );
    return row === undefined ? undefined : toUser(row);
  }
}

function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, isAdmin: row.is_admin, createdAt: row.created_at };
}
