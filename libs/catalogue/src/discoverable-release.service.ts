import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReleaseRecord } from '@apdc/metadata';
import { queryRows } from '@apdc/platform';
import { ReleaseRecordService } from './release-record.service.js';

/**
 * What finders (the catalogue search) may find of a dataset: its newest published version; or, for a
 * dataset never released, its draft, which only the groups with rights on it may find. Datasets whose
 * versions are all withdrawn are not discoverable.
 */
export interface DiscoverableRelease {
  readonly record: ReleaseRecord;
  readonly ownerGroupId: string;
  readonly grantedGroupIds: readonly string[];
  readonly embargoUntil: Date | null;
  readonly hasRestrictedFiles: boolean;
}

interface DiscoverableRow {
  dataset_id: string;
  owner_group_id: string;
  granted_group_ids: string[];
  version_id: string;
  embargo_until: Date | null;
  has_restricted_files: boolean;
}

@Injectable()
export class DiscoverableReleaseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: ReleaseRecordService,
  ) {}

  /** The discoverable release of each given dataset; datasets with none are absent from the map. */
  async find(datasetIds: readonly string[]): Promise<Map<string, DiscoverableRelease>> {
    const rows = await queryRows<DiscoverableRow>(
      this.dataSource.manager,
      `SELECT d.id AS dataset_id, d.owner_group_id,
              ARRAY(SELECT g.group_id FROM dataset_grants g WHERE g.dataset_id = d.id ORDER BY g.group_id)
                AS granted_group_ids,
              v.id AS version_id, v.embargo_until,
              EXISTS (SELECT 1 FROM version_files f WHERE f.version_id = v.id AND f.restricted)
                AS has_restricted_files
         FROM datasets d
         JOIN LATERAL (
           SELECT v.id, v.embargo_until FROM dataset_versions v
            WHERE v.dataset_id = d.id
              AND (v.state = 'published'
                   OR (v.state = 'draft' AND NOT EXISTS (
                         SELECT 1 FROM dataset_versions r WHERE r.dataset_id = d.id AND r.state <> 'draft')))
            ORDER BY v.state = 'published' DESC, v.number DESC
            LIMIT 1
         ) v ON true
        WHERE d.id = ANY($1::uuid[])`,
      [datasetIds],
    );
    const found = new Map<string, DiscoverableRelease>();
    for (const row of rows) {
      const record = await this.records.publicRecord(row.version_id);
      if (record === undefined) continue;
      found.set(row.dataset_id, {
        record,
        ownerGroupId: row.owner_group_id,
        grantedGroupIds: row.granted_group_ids,
        embargoUntil: row.embargo_until,
        hasRestrictedFiles: row.has_restricted_files,
      });
    }
    return found;
  }

  /** Every dataset id in ascending order, a page at a time (for rebuilding and checking an index). */
  async datasetIdsAfter(afterDatasetId: string | null, limit: number): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `SELECT id FROM datasets WHERE $1::uuid IS NULL OR id > $1::uuid ORDER BY id LIMIT $2`,
      [afterDatasetId, limit],
    );
    return rows.map((row) => row.id);
  }
}
