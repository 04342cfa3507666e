import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { digestOf, queryRows } from '@apdc/platform';

export interface AuditEntryInput {
  readonly actorId: string | undefined;
  /** What happened, `<entity>.<verb>`: `version.published`, `file.uploaded`, `group.member-added`. */
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly datasetId?: string;
  /** The state before and after; only their digests are kept. `undefined` when there was none. */
  readonly before?: unknown;
  readonly after?: unknown;
  /** Digests computed elsewhere (e.g. a stored metadata SHA-256), recorded as they are. */
  readonly beforeDigest?: string;
  readonly afterDigest?: string;
  readonly details?: Record<string, unknown>;
}

export interface AuditEntry {
  readonly id: string;
  readonly occurredAt: Date;
  readonly actorId: string | null;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly datasetId: string | null;
  readonly beforeSha256: string | null;
  readonly afterSha256: string | null;
  readonly details: Record<string, unknown>;
}

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  dataset_id: string | null;
  before_sha256: string | null;
  after_sha256: string | null;
  details: Record<string, unknown>;
}

/**
 * The append-only record of every change. Entries are written in the transaction of the change they
 * describe, so there is never a change without its entry, nor an entry without its change.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, entry: AuditEntryInput): Promise<void> {
    await queryRows(
      manager,
      `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, dataset_id, before_sha256, after_sha256, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        entry.actorId ?? null,
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.datasetId ?? null,
        entry.beforeDigest ?? (entry.before === undefined ? null : digestOf(entry.before)),
        entry.afterDigest ?? (entry.after === undefined ? null : digestOf(entry.after)),
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  /** Entries of one dataset, oldest first, after the entry `afterId` (keyset pagination). */
  async listForDataset(datasetId: string, afterId: string | undefined, limit: number): Promise<AuditEntry[]> {
    const rows = await queryRows<AuditRow>(
      this.dataSource.manager,
      `SELECT * FROM audit_log WHERE dataset_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [datasetId, afterId ?? '0', limit],
    );
    return rows.map(toEntry);
  }

  async listAll(afterId: string | undefined, limit: number): Promise<AuditEntry[]> {
    const rows = await queryRows<AuditRow>(
      this.dataSource.manager,
      `SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
      [afterId ?? '0', limit],
    );
    return rows.map(toEntry);
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    datasetId: row.dataset_id,
    beforeSha256: row.before_sha256,
    afterSha256: row.after_sha256,
    details: row.details,
  };
}
