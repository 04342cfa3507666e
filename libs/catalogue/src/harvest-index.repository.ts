import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { readReleaseMetadata } from '@apdc/metadata';
import { queryRows } from '@apdc/platform';

export interface HarvestItemRow {
  readonly datasetId: string;
  readonly datestamp: Date;
  readonly deleted: boolean;
  readonly setSpecs: string[];
}

export interface HarvestSelection {
  readonly from: Date | undefined;
  readonly until: Date | undefined;
  readonly set: string | undefined;
}

interface ItemRow {
  dataset_id: string;
  datestamp: Date;
  deleted: boolean;
  set_specs: string[];
}

const toItem = (row: ItemRow): HarvestItemRow => ({
  datasetId: row.dataset_id,
  datestamp: row.datestamp,
  deleted: row.deleted,
  setSpecs: row.set_specs,
});

/** The harvest index (`oai_items`): one row per dataset that was ever released. */
@Injectable()
export class HarvestIndexRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Recomputes a dataset's row after a change of what it exposes, in the transaction of that change:
   * the newest published version's sets, or a deleted record once every released version is withdrawn.
   */
  async refresh(manager: EntityManager, datasetId: string): Promise<void> {
    const versions = await queryRows<{ state: string; metadata: Record<string, unknown> }>(
      manager,
      `SELECT state, metadata FROM dataset_versions WHERE dataset_id = $1 AND state <> 'draft' ORDER BY number`,
      [datasetId],
    );
    if (versions.length === 0) return;
    const newest = versions.filter((version) => version.state === 'published').at(-1);
    const groups = await queryRows<{ slugs: string[] }>(
      manager,
      `WITH RECURSIVE chain(id, parent_id, slug, depth) AS (
         SELECT g.id, g.parent_id, g.slug, 0 FROM groups g JOIN datasets d ON d.owner_group_id = g.id WHERE d.id = $1
         UNION ALL
         SELECT g.id, g.parent_id, g.slug, c.depth + 1 FROM groups g JOIN chain c ON g.id = c.parent_id
       )
       SELECT array_agg(slug ORDER BY depth DESC) AS slugs FROM chain`,
      [datasetId],
    );
    const path = groups[0]?.slugs ?? [];
    const groupSpecs = path.map((_slug, index) => `group:${path.slice(0, index + 1).join(':')}`);
    const deleted = newest === undefined;
    let setSpecs: string[];
    if (newest === undefined) {
      const [previous] = await queryRows<{ set_specs: string[] }>(
        manager,
        `SELECT set_specs FROM oai_items WHERE dataset_id = $1`,
        [datasetId],
      );
      setSpecs = previous?.set_specs ?? groupSpecs;
    } else {
      const metadata = readReleaseMetadata(newest.metadata).metadata;
      setSpecs = [
        ...groupSpecs,
        ...metadata.facilities.map((slug) => `facility:${slug}`),
        ...metadata.messengers.map((slug) => `messenger:${slug}`),
        ...(metadata.dataLevel === null ? [] : [`level:${metadata.dataLevel}`]),
      ];
    }
    await queryRows(
      manager,
      `INSERT INTO oai_items (dataset_id, datestamp, deleted, set_specs)
       VALUES ($1, date_trunc('second', now()), $2, $3)
       ON CONFLICT (dataset_id) DO UPDATE
         SET datestamp = GREATEST(date_trunc('second', now()), oai_items.datestamp), deleted = $2, set_specs = $3`,
      [datasetId, deleted, [...new Set(setSpecs)].sort()],
    );
  }

  async get(datasetId: string): Promise<HarvestItemRow | undefined> {
    const [row] = await queryRows<ItemRow>(
      this.dataSource.manager,
      `SELECT * FROM oai_items WHERE dataset_id = $1`,
      [datasetId],
    );
    return row === undefined ? undefined : toItem(row);
  }

  async list(
    selection: HarvestSelection,
    after: { datestamp: Date; datasetId: string } | undefined,
    limit: number,
  ): Promise<HarvestItemRow[]> {
    const rows = await queryRows<ItemRow>(
      this.dataSource.manager,
      `SELECT * FROM oai_items
        WHERE ($1::timestamptz IS NULL OR datestamp >= $1)
          AND ($2::timestamptz IS NULL OR datestamp <= $2)
          AND ($3::text IS NULL OR set_specs @> ARRAY[$3::text])
          AND ($4::timestamptz IS NULL OR (datestamp, dataset_id) > ($4, $5::uuid))
        ORDER BY datestamp, dataset_id
        LIMIT $6`,
      [
        selection.from ?? null,
        selection.until ?? null,
        selection.set ?? null,
        after?.datestamp ?? null,
        after?.datasetId ?? null,
        limit,
      ],
    );
    return rows.map(toItem);
  }

  async count(selection: HarvestSelection): Promise<number> {
    const [row] = await queryRows<{ count: string }>(
      this.dataSource.manager,
      `SELECT count(*) FROM oai_items
        WHERE ($1::timestamptz IS NULL OR datestamp >= $1)
          AND ($2::timestamptz IS NULL OR datestamp <= $2)
          AND ($3::text IS NULL OR set_specs @> ARRAY[$3::text])`,
      [selection.from ?? null, selection.until ?? null, selection.set ?? null],
    );
    return Number(row?.count ?? 0);
  }

  async earliestDatestamp(): Promise<Date | undefined> {
    const [row] = await queryRows<{ earliest: Date | null }>(
      this.dataSource.manager,
      `SELECT min(datestamp) AS earliest FROM oai_items`,
    );
    return row?.earliest ?? undefined;
  }

  async setSpecs(): Promise<string[]> {
    const rows = await queryRows<{ spec: string }>(
      this.dataSource.manager,
      `SELECT DISTINCT unnest(set_specs) AS spec FROM oai_items ORDER BY spec`,
    );
    return rows.map((row) => row.spec);
  }

  async newestPublishedVersionId(datasetId: string): Promise<string | undefined> {
    const [row] = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `SELECT id FROM dataset_versions WHERE dataset_id = $1 AND state = 'published' ORDER BY number DESC LIMIT 1`,
      [datasetId],
    );
    return row?.id;
  }

  async groupNames(): Promise<Map<string, string>> {
    const rows = await queryRows<{ slug: string; name: string }>(
      this.dataSource.manager,
      `SELECT slug, name FROM groups`,
    );
    return new Map(rows.map((row) => [row.slug, row.name]));
  }
}
