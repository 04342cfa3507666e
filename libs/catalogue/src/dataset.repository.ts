import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '@apdc/platform';
import type { DatasetAccess, Principal } from '@apdc/access';

export interface DatasetRecord extends DatasetAccess {
  readonly id: string;
  readonly ownerGroupSlug: string;
  /** DOI naming every version of the dataset (it resolves to the newest), once the first one is published. */
  readonly conceptDoi: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

interface DatasetRow {
  id: string;
  owner_group_id: string;
  owner_group_slug: string;
  concept_doi: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  granted_group_ids: string[];
}

const SELECT_DATASET = `SELECT d.*, g.slug AS owner_group_slug,
    ARRAY(SELECT group_id FROM dataset_grants WHERE dataset_id = d.id ORDER BY group_id) AS granted_group_ids
  FROM datasets d JOIN groups g ON g.id = d.owner_group_id`;

/**
 * The SQL form of AccessPolicy.mayReadProtected, for lists: `$admin` and `$groups` are the principal's.
 * Kept next to the policy's rules in spirit; the medium tests check both give the same answers.
 */
export function protectedReadSql(datasetAlias: string, adminParam: string, groupsParam: string): string {
  return `(${adminParam}::boolean OR ${datasetAlias}.owner_group_id = ANY(${groupsParam}::uuid[])
    OR EXISTS (SELECT 1 FROM dataset_grants dg WHERE dg.dataset_id = ${datasetAlias}.id AND dg.group_id = ANY(${groupsParam}::uuid[])))`;
}

export function principalParams(principal: Principal): [boolean, string[]] {
  return [principal.isAdmin, [...principal.groupRoles.keys()]];
}

@Injectable()
export class DatasetRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    dataset: { id: string; ownerGroupId: string; createdBy: string },
  ): Promise<void> {
    await queryRows(manager, `INSERT INTO datasets (id, owner_group_id, created_by) VALUES ($1, $2, $3)`, [
      dataset.id,
      dataset.ownerGroupId,
      dataset.createdBy,
    ]);
  }

  async findById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DatasetRecord | undefined> {
    const [row] = await queryRows<DatasetRow>(manager, `${SELECT_DATASET} WHERE d.id = $1`, [id]);
    return row === undefined ? undefined : toDataset(row);
  }

  /** Locks the dataset row for the rest of the transaction: changes to one dataset are serialised. */
  async lock(manager: EntityManager, id: string): Promise<void> {
    await queryRows(manager, `SELECT 1 FROM datasets WHERE id = $1 FOR UPDATE`, [id]);
  }

  async assignConceptDoi(manager: EntityManager, id: string, doi: string): Promise<void> {
    await queryRows(manager, `UPDATE datasets SET concept_doi = $2 WHERE id = $1 AND concept_doi IS NULL`, [
      id,
      doi,
    ]);
  }

  async findByConceptDoi(doi: string): Promise<DatasetRecord | undefined> {
    const [row] = await queryRows<DatasetRow>(
      this.dataSource.manager,
      `${SELECT_DATASET} WHERE d.concept_doi = $1`,
      [doi.toLowerCase()],
    );
    return row === undefined ? undefined : toDataset(row);
  }

  async touch(manager: EntityManager, id: string): Promise<void> {
    await queryRows(manager, `UPDATE datasets SET updated_at = now() WHERE id = $1`, [id]);
  }

  /** Datasets the principal may see (any released version, or rights on its drafts), in creation order. */
  async listVisible(
    principal: Principal,
    afterId: string | undefined,
    limit: number,
  ): Promise<DatasetRecord[]> {
    const [admin, groups] = principalParams(principal);
    const rows = await queryRows<DatasetRow>(
      this.dataSource.manager,
      `${SELECT_DATASET}
        WHERE d.id > $1
          AND (EXISTS (SELECT 1 FROM dataset_versions v WHERE v.dataset_id = d.id AND v.state <> 'draft')
               OR ${protectedReadSql('d', '$3', '$4')})
        ORDER BY d.id LIMIT $2`,
      [afterId ?? '00000000-0000-0000-0000-000000000000', limit, admin, groups],
    );
    return rows.map(toDataset);
  }

  async count(): Promise<number> {
    const [row] = await queryRows<{ count: string }>(
      this.dataSource.manager,
      `SELECT count(*) FROM datasets`,
    );
    return Number(row?.count ?? 0);
  }

  async grant(manager: EntityManager, datasetId: string, groupId: string): Promise<boolean> {
    const rows = await queryRows(
      manager,
      `INSERT INTO dataset_grants (dataset_id, group_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [datasetId, groupId],
    );
    return rows.length > 0;
  }

  async revoke(manager: EntityManager, datasetId: string, groupId: string): Promise<boolean> {
    const rows = await queryRows(
      manager,
      `DELETE FROM dataset_grants WHERE dataset_id = $1 AND group_id = $2 RETURNING 1`,
      [datasetId, groupId],
    );
    return rows.length > 0;
  }
}

function toDataset(row: DatasetRow): DatasetRecord {
  return {
    id: row.id,
    ownerGroupId: row.owner_group_id,
    ownerGroupSlug: row.owner_group_slug,
    conceptDoi: row.concept_doi,
    grantedGroupIds: row.granted_group_ids,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
