import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '@apdc/platform';
import type { Creator, ReleaseMetadata, ReleaseRelation } from '@apdc/metadata';

export type VersionState = 'draft' | 'published' | 'withdrawn';

export interface VersionRecord {
  readonly id: string;
  readonly datasetId: string;
  readonly number: number;
  readonly state: VersionState;
  readonly metadata: Record<string, unknown>;
  readonly metadataSha256: string;
  readonly revision: number;
  readonly title: string | null;
  readonly description: string | null;
  readonly versionLabel: string | null;
  readonly license: string | null;
  readonly publicationYear: number | null;
  readonly keywords: readonly string[];
  readonly embargoUntil: Date | null;
  readonly previousVersionId: string | null;
  readonly softwareName: string | null;
  readonly softwareVersion: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly publishedAt: Date | null;
  readonly withdrawnAt: Date | null;
  readonly withdrawalReason: string | null;
  readonly doi: string | null;
  readonly doiStatus: DoiStatus;
  readonly doiAttempts: number;
  readonly doiLastError: string | null;
}

/**
 * Where a version's DOI stands: `none` before publication; `pending` while a registration job is due;
 * `findable` or `registered` (hidden, after withdrawal) once DataCite confirmed; `unregistered` where no
 * registration agency is configured.
 */
export type DoiStatus = 'none' | 'pending' | 'findable' | 'registered' | 'unregistered';

interface VersionRow {
  id: string;
  dataset_id: string;
  number: number;
  state: VersionState;
  metadata: Record<string, unknown>;
  metadata_sha256: string;
  revision: number;
  title: string | null;
  description: string | null;
  version_label: string | null;
  license: string | null;
  publication_year: number | null;
  keywords: string[];
  embargo_until: Date | null;
  previous_version_id: string | null;
  software_name: string | null;
  software_version: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
  doi: string | null;
  doi_status: DoiStatus;
  doi_attempts: number;
  doi_last_error: string | null;
}

interface CreatorRow {
  kind: Creator['kind'];
  name: string;
  given_name: string | null;
  family_name: string | null;
  orcid: string | null;
  ror: string | null;
  affiliations: Creator['affiliations'];
}

@Injectable()
export class VersionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    version: {
      id: string;
      datasetId: string;
      number: number;
      metadata: Record<string, unknown>;
      metadataSha256: string;
      previousVersionId: string | null;
      softwareName: string | null;
      softwareVersion: string | null;
      embargoUntil: Date | null;
      createdBy: string;
    },
  ): Promise<void> {
    await queryRows(
      manager,
      `INSERT INTO dataset_versions (id, dataset_id, number, state, metadata, metadata_sha256, previous_version_id,
         software_name, software_version, embargo_until, created_by)
       VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10)`,
      [
        version.id,
        version.datasetId,
        version.number,
        JSON.stringify(version.metadata),
        version.metadataSha256,
        version.previousVersionId,
        version.softwareName,
        version.softwareVersion,
        version.embargoUntil,
        version.createdBy,
      ],
    );
  }

  async find(
    datasetId: string,
    number: number,
    manager: EntityManager = this.dataSource.manager,
    options: { forUpdate?: boolean } = {},
  ): Promise<VersionRecord | undefined> {
    const [row] = await queryRows<VersionRow>(
      manager,
      `SELECT * FROM dataset_versions WHERE dataset_id = $1 AND number = $2${options.forUpdate === true ? ' FOR UPDATE' : ''}`,
      [datasetId, number],
    );
    return row === undefined ? undefined : toVersion(row);
  }

  async findById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<VersionRecord | undefined> {
    const [row] = await queryRows<VersionRow>(manager, `SELECT * FROM dataset_versions WHERE id = $1`, [id]);
    return row === undefined ? undefined : toVersion(row);
  }

  async listForDataset(
    datasetId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<VersionRecord[]> {
    const rows = await queryRows<VersionRow>(
      manager,
      `SELECT * FROM dataset_versions WHERE dataset_id = $1 ORDER BY number`,
      [datasetId],
    );
    return rows.map(toVersion);
  }

  /** Stores a metadata document with the fields read from it; creators and relations are replaced. */
  async saveMetadata(
    manager: EntityManager,
    versionId: string,
    document: Record<string, unknown>,
    digest: string,
    metadata: ReleaseMetadata,
    revision: number,
  ): Promise<void> {
    await queryRows(
      manager,
      `UPDATE dataset_versions SET metadata = $2, metadata_sha256 = $3, title = $4, description = $5, version_label = $6,
         license = $7, publication_year = $8, keywords = $9, revision = $10, updated_at = now()
       WHERE id = $1`,
      [
        versionId,
        JSON.stringify(document),
        digest,
        metadata.title,
        metadata.description,
        metadata.versionLabel,
        metadata.license,
        metadata.publicationYear,
        metadata.keywords,
        revision,
      ],
    );
    await queryRows(manager, `DELETE FROM version_creators WHERE version_id = $1`, [versionId]);
    await queryRows(manager, `DELETE FROM version_related_identifiers WHERE version_id = $1`, [versionId]);
    for (const [position, creator] of metadata.creators.entries()) {
      await queryRows(
        manager,
        `INSERT INTO version_creators (version_id, position, kind, name, given_name, family_name, orcid, ror, affiliations)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          versionId,
          position,
          creator.kind,
          creator.name,
          creator.givenName,
          creator.familyName,
          creator.orcid,
          creator.ror,
          JSON.stringify(creator.affiliations),
        ],
      );
    }
    for (const [position, relation] of metadata.relations.entries()) {
      await queryRows(
        manager,
        `INSERT INTO version_related_identifiers (version_id, position, relation_type, identifier, identifier_type)
         VALUES ($1, $2, $3, $4, $5)`,
        [versionId, position, relation.relationType, relation.identifier, relation.identifierType],
      );
    }
  }

  async recordRevision(
    manager: EntityManager,
    version: VersionRecord,
    reason: string | null,
    supersededBy: string,
  ): Promise<void> {
    await queryRows(
      manager,
      `INSERT INTO version_revisions (version_id, revision, metadata, metadata_sha256, reason, superseded_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        version.id,
        version.revision,
        JSON.stringify(version.metadata),
        version.metadataSha256,
        reason,
        supersededBy,
      ],
    );
  }

  async revisions(
    versionId: string,
  ): Promise<Array<{ revision: number; metadataSha256: string; reason: string | null; supersededAt: Date }>> {
    const rows = await queryRows<{
      revision: number;
      metadata_sha256: string;
      reason: string | null;
      superseded_at: Date;
    }>(
      this.dataSource.manager,
      `SELECT revision, metadata_sha256, reason, superseded_at FROM version_revisions WHERE version_id = $1 ORDER BY revision`,
      [versionId],
    );
    return rows.map((row) => ({
      revision: row.revision,
      metadataSha256: row.metadata_sha256,
      reason: row.reason,
      supersededAt: row.superseded_at,
    }));
  }

  async updateSettings(
    manager: EntityManager,
    versionId: string,
    settings: { embargoUntil: Date | null; softwareName: string | null; softwareVersion: string | null },
  ): Promise<void> {
    await queryRows(
      manager,
      `UPDATE dataset_versions SET embargo_until = $2, software_name = $3, software_version = $4, updated_at = now()
       WHERE id = $1`,
      [versionId, settings.embargoUntil, settings.softwareName, settings.softwareVersion],
    );
  }

  async markPublished(manager: EntityManager, versionId: string, publicationYear: number): Promise<void> {
    await queryRows(
      manager,
      `UPDATE dataset_versions SET state = 'published', published_at = now(), updated_at = now(),
         publication_year = COALESCE(publication_year, $2)
       WHERE id = $1`,
      [versionId, publicationYear],
    );
  }

  async markWithdrawn(manager: EntityManager, versionId: string, reason: string): Promise<void> {
    await queryRows(
      manager,
      `UPDATE dataset_versions SET state = 'withdrawn', withdrawn_at = now(), withdrawal_reason = $2, updated_at = now()
       WHERE id = $1`,
      [versionId, reason],
    );
  }

  async assignDoi(manager: EntityManager, versionId: string, doi: string): Promise<void> {
    await queryRows(manager, `UPDATE dataset_versions SET doi = $2 WHERE id = $1 AND doi IS NULL`, [
      versionId,
      doi,
    ]);
  }

  /** A registration job is due for the version's DOI. */
  async markDoiPending(manager: EntityManager, versionId: string): Promise<void> {
    await queryRows(
      manager,
      `UPDATE dataset_versions SET doi_status = 'pending', doi_updated_at = now() WHERE id = $1 AND doi IS NOT NULL`,
      [versionId],
    );
  }

  async recordDoiOutcome(
    versionId: string,
    outcome: { status: Exclude<DoiStatus, 'none' | 'pending'> } | { error: string },
  ): Promise<void> {
    if ('status' in outcome) {
      await queryRows(
        this.dataSource.manager,
        `UPDATE dataset_versions SET doi_status = $2, doi_last_error = NULL, doi_updated_at = now() WHERE id = $1`,
        [versionId, outcome.status],
      );
    } else {
      await queryRows(
        this.dataSource.manager,
        `UPDATE dataset_versions SET doi_attempts = doi_attempts + 1, doi_last_error = $2, doi_updated_at = now()
          WHERE id = $1`,
        [versionId, outcome.error.slice(0, 2000)],
      );
    }
  }

  async findByDoi(doi: string): Promise<VersionRecord | undefined> {
    const [row] = await queryRows<VersionRow>(
      this.dataSource.manager,
      `SELECT * FROM dataset_versions WHERE doi = $1`,
      [doi.toLowerCase()],
    );
    return row === undefined ? undefined : toVersion(row);
  }

  async touch(manager: EntityManager, versionId: string): Promise<void> {
    await queryRows(manager, `UPDATE dataset_versions SET updated_at = now() WHERE id = $1`, [versionId]);
  }

  async creators(versionId: string, manager: EntityManager = this.dataSource.manager): Promise<Creator[]> {
    const rows = await queryRows<CreatorRow>(
      manager,
      `SELECT kind, name, given_name, family_name, orcid, ror, affiliations FROM version_creators
        WHERE version_id = $1 ORDER BY position`,
      [versionId],
    );
    return rows.map((row) => ({
      kind: row.kind,
      name: row.name,
      givenName: row.given_name,
      familyName: row.family_name,
      orcid: row.orcid,
      ror: row.ror,
      affiliations: row.affiliations,
    }));
  }

  async relations(
    versionId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ReleaseRelation[]> {
    const rows = await queryRows<{
      relation_type: string;
      identifier: string;
      identifier_type: ReleaseRelation['identifierType'];
    }>(
      manager,
      `SELECT relation_type, identifier, identifier_type FROM version_related_identifiers
        WHERE version_id = $1 ORDER BY position`,
      [versionId],
    );
    return rows.map((row) => ({
      relationType: row.relation_type,
      identifier: row.identifier,
      identifierType: row.identifier_type,
    }));
  }
}

function toVersion(row: VersionRow): VersionRecord {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    number: row.number,
    state: row.state,
    metadata: row.metadata,
    metadataSha256: row.metadata_sha256,
    revision: row.revision,
    title: row.title,
    description: row.description,
    versionLabel: row.version_label,
    license: row.license,
    publicationYear: row.publication_year,
    keywords: row.keywords,
    embargoUntil: row.embargo_until,
    previousVersionId: row.previous_version_id,
    softwareName: row.software_name,
    softwareVersion: row.software_version,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    withdrawnAt: row.withdrawn_at,
    withdrawalReason: row.withdrawal_reason,
    doi: row.doi,
    doiStatus: row.doi_status,
    doiAttempts: row.doi_attempts,
    doiLastError: row.doi_last_error,
  };
}
