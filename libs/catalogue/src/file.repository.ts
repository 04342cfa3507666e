import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '@apdc/platform';

export interface FileRecord {
  readonly id: string;
  readonly versionId: string;
  readonly path: string;
  readonly sizeBytes: number;
  readonly mediaType: string;
  readonly sha256: string;
  readonly sha512: string;
  readonly storageKey: string;
  readonly restricted: boolean;
  readonly createdAt: Date;
}

interface FileRow {
  id: string;
  version_id: string;
  path: string;
  size_bytes: string;
  media_type: string;
  sha256: string;
  sha512: string;
  storage_key: string;
  restricted: boolean;
  created_at: Date;
}

@Injectable()
export class FileRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(
    versionId: string,
    path: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FileRecord | undefined> {
    const [row] = await queryRows<FileRow>(
      manager,
      `SELECT * FROM version_files WHERE version_id = $1 AND path = $2`,
      [versionId, path],
    );
    return row === undefined ? undefined : toFile(row);
  }

  async insert(manager: EntityManager, file: Omit<FileRecord, 'createdAt'>): Promise<void> {
    await queryRows(
      manager,
      `INSERT INTO version_files (id, version_id, path, size_bytes, media_type, sha256, sha512, storage_key, restricted)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        file.id,
        file.versionId,
        file.path,
        file.sizeBytes,
        file.mediaType,
        file.sha256,
        file.sha512,
        file.storageKey,
        file.restricted,
      ],
    );
  }

  async delete(manager: EntityManager, fileId: string): Promise<void> {
    await queryRows(manager, `DELETE FROM version_files WHERE id = $1`, [fileId]);
  }

  /** Files of a version in path order, after `afterPath`; restricted ones only when `includeRestricted`. */
  async list(
    versionId: string,
    options: { afterPath: string | undefined; limit: number; includeRestricted: boolean },
  ): Promise<FileRecord[]> {
    const rows = await queryRows<FileRow>(
      this.dataSource.manager,
      `SELECT * FROM version_files WHERE version_id = $1 AND path COLLATE "C" > $2 AND ($4 OR NOT restricted)
        ORDER BY path COLLATE "C" LIMIT $3`,
      [versionId, options.afterPath ?? '', options.limit, options.includeRestricted],
    );
    return rows.map(toFile);
  }

  async summary(
    versionId: string,
    includeRestricted: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ fileCount: number; totalBytes: number }> {
    const [row] = await queryRows<{ count: string; total: string | null }>(
      manager,
      `SELECT count(*), sum(size_bytes) AS total FROM version_files WHERE version_id = $1 AND ($2 OR NOT restricted)`,
      [versionId, includeRestricted],
    );
    return { fileCount: Number(row?.count ?? 0), totalBytes: Number(row?.total ?? 0) };
  }

  /** Path and SHA-256 of every file of a version, in path order: what a published version consists of. */
  async manifest(manager: EntityManager, versionId: string): Promise<Array<[string, string]>> {
    const rows = await queryRows<{ path: string; sha256: string }>(
      manager,
      `SELECT path, sha256 FROM version_files WHERE version_id = $1 ORDER BY path COLLATE "C"`,
      [versionId],
    );
    return rows.map((row) => [row.path, row.sha256]);
  }

  /** Copies every file entry of one version to another; the stored bytes are shared, not copied. */
  async copyAll(manager: EntityManager, fromVersionId: string, toVersionId: string): Promise<void> {
    await queryRows(
      manager,
      `INSERT INTO version_files (id, version_id, path, size_bytes, media_type, sha256, sha512, storage_key, restricted)
       SELECT gen_random_uuid(), $2, path, size_bytes, media_type, sha256, sha512, storage_key, restricted
         FROM version_files WHERE version_id = $1`,
      [fromVersionId, toVersionId],
    );
  }

  async isStorageKeyReferenced(manager: EntityManager, storageKey: string): Promise<boolean> {
    const rows = await queryRows(manager, `SELECT 1 FROM version_files WHERE storage_key = $1 LIMIT 1`, [
      storageKey,
    ]);
    return rows.length > 0;
  }
}

function toFile(row: FileRow): FileRecord {
  return {
    id: row.id,
    versionId: row.version_id,
    path: row.path,
    sizeBytes: Number(row.size_bytes),
    mediaType: row.media_type,
    sha256: row.sha256,
    sha512: row.sha512,
    storageKey: row.storage_key,
    restricted: row.restricted,
    createdAt: row.created_at,
  };
}
