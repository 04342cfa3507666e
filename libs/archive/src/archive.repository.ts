import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { newId, queryRows } from '@apdc/platform';

export type PackageState = 'deferred' | 'packing' | 'stored' | 'failed' | 'deleted';
export type CopyState = 'pending' | 'stored' | 'damaged' | 'deleted';
export type AuditMethod = 'rehash' | 'stored-checksum' | 'recall';
export type AuditState = 'queued' | 'recalling' | 'passed' | 'failed' | 'repaired';
export type EventOutcome = 'success' | 'failure' | 'warning';
export type RetrievalState = 'recalling' | 'ready' | 'failed';

export interface PackageRecord {
  readonly id: string;
  readonly versionId: string;
  readonly revision: number;
  readonly policyId: string;
  readonly policySha256: string;
  readonly maxBagBytes: number;
  readonly state: PackageState;
  readonly createdAt: Date;
  readonly deferredUntil: Date | null;
  readonly storedAt: Date | null;
  readonly lastError: string | null;
}

export interface BagRecord {
  readonly id: string;
  readonly packageId: string;
  readonly index: number;
  readonly count: number;
  readonly name: string;
  readonly payloadFiles: number;
  readonly payloadBytes: number;
  readonly tarBytes: number;
  readonly tarSha256: string | null;
  readonly bagInfo: ReadonlyArray<readonly [string, string]>;
  readonly tagFiles: ReadonlyArray<{ readonly path: string; readonly content: string }>;
}

export interface CopyRecord {
  readonly id: string;
  readonly bagId: string;
  readonly name: string;
  readonly storageClass: string;
  readonly objectKey: string;
  readonly state: CopyState;
  readonly sha256: string | null;
  readonly serverChecksum: string | null;
  readonly sizeBytes: number | null;
  readonly storedAt: Date | null;
  readonly auditMethod: 'rehash' | 'stored-checksum';
  readonly auditIntervalSeconds: number;
  readonly sampledRecallFraction: number;
  readonly nextAuditAt: Date | null;
  readonly lastAuditAt: Date | null;
  readonly lastAuditOutcome: string | null;
}

export interface AuditRecord {
  readonly id: string;
  readonly copyId: string;
  readonly method: AuditMethod;
  readonly state: AuditState;
  readonly requestedBy: string | null;
  readonly queuedAt: Date;
  readonly finishedAt: Date | null;
  readonly problems: readonly AuditProblem[];
}

export interface AuditProblem {
  readonly code: string;
  readonly message: string;
  readonly path?: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface EventRecord {
  readonly id: string;
  readonly packageId: string;
  readonly bagId: string | null;
  readonly copyId: string | null;
  readonly type: string;
  readonly at: Date;
  readonly detail: string;
  readonly outcome: EventOutcome;
  readonly outcomeDetail: string | null;
  readonly agent: string;
  readonly linkedObjects: readonly string[];
}

export interface RetrievalRecord {
  readonly id: string;
  readonly packageId: string;
  readonly requestedBy: string;
  readonly state: RetrievalState;
  readonly requestedAt: Date;
  readonly readyAt: Date | null;
  readonly expiresAt: Date | null;
  readonly copyIds: readonly string[];
  readonly lastError: string | null;
}

export interface PackageOverviewRow extends PackageRecord {
  readonly datasetId: string;
  readonly versionNumber: number;
  readonly copies: number;
  readonly storedCopies: number;
  readonly damagedCopies: number;
  readonly oldestAuditAt: Date | null;
  readonly nextAuditAt: Date | null;
}

export type NewEvent = Omit<EventRecord, 'id' | 'at'> & { readonly at?: Date };

/** SQL of the archive tables; every method takes the manager of the caller's transaction where it writes. */
@Injectable()
export class ArchiveRepository {
  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async findPackage(versionId: string, revision: number): Promise<PackageRecord | undefined> {
    const [row] = await queryRows<PackageRow>(
      this.manager,
      `SELECT * FROM archive_packages WHERE version_id = $1 AND revision = $2`,
      [versionId, revision],
    );
    return row === undefined ? undefined : toPackage(row);
  }

  async packageById(id: string): Promise<PackageRecord | undefined> {
    const [row] = await queryRows<PackageRow>(this.manager, `SELECT * FROM archive_packages WHERE id = $1`, [
      id,
    ]);
    return row === undefined ? undefined : toPackage(row);
  }

  /** Packages of a version, newest revision first. */
  async packagesOfVersion(versionId: string): Promise<PackageRecord[]> {
    const rows = await queryRows<PackageRow>(
      this.manager,
      `SELECT * FROM archive_packages WHERE version_id = $1 ORDER BY revision DESC`,
      [versionId],
    );
    return rows.map(toPackage);
  }

  /** Creates the package of a version's revision unless it exists; returns the one that exists now. */
  async createPackage(
    manager: EntityManager,
    input: {
      versionId: string;
      revision: number;
      policyId: string;
      policySha256: string;
      maxBagBytes: number;
    },
  ): Promise<PackageRecord> {
    await queryRows(
      manager,
      `INSERT INTO archive_packages (id, version_id, revision, policy_id, policy_sha256, max_bag_bytes, state)
       VALUES ($1, $2, $3, $4, $5, $6, 'packing') ON CONFLICT (version_id, revision) DO NOTHING`,
      [newId(), input.versionId, input.revision, input.policyId, input.policySha256, input.maxBagBytes],
    );
    const [row] = await queryRows<PackageRow>(
      manager,
      `SELECT * FROM archive_packages WHERE version_id = $1 AND revision = $2`,
      [input.versionId, input.revision],
    );
    if (row === undefined) throw new Error('archive package vanished');
    return toPackage(row);
  }

  async setPackageState(
    manager: EntityManager,
    id: string,
    state: PackageState,
    extra: { deferredUntil?: Date | null; lastError?: string | null } = {},
  ): Promise<void> {
    await queryRows(
      manager,
      `UPDATE archive_packages SET state = $2,
         stored_at = CASE WHEN $2 = 'stored' THEN now() ELSE stored_at END,
         deferred_until = $3, last_error = $4,
         failures = CASE WHEN $2 = 'failed' THEN failures + 1 WHEN $2 = 'stored' THEN 0 ELSE failures END,
         retry_after = CASE WHEN $2 = 'failed'
                            THEN now() + least(interval '1 minute' * power(2, least(failures, 20)), interval '1 day')
                            ELSE retry_after END
       WHERE id = $1`,
      [id, state, extra.deferredUntil ?? null, extra.lastError ?? null],
    );
  }

  /** Every package with its version and a summary of its copies, oldest first, after the cursor position. */
  async packageOverview(options: {
    limit: number;
    state: PackageState | undefined;
    after?: { at: Date; id: string };
  }): Promise<PackageOverviewRow[]> {
    // The page of packages first, then their copies: the summary never reads more than one page's copies.
    const rows = await queryRows<PackageOverviewDbRow>(
      this.manager,
      `WITH page AS (
         SELECT p.* FROM archive_packages p
          WHERE ($2::text IS NULL OR p.state = $2)
            AND ($3::timestamptz IS NULL OR (date_trunc('milliseconds', p.created_at), p.id) > ($3, $4::uuid))
          ORDER BY date_trunc('milliseconds', p.created_at), p.id LIMIT $1)
       SELECT page.*, v.dataset_id, v.number AS version_number,
              count(c.id) AS copies, count(c.id) FILTER (WHERE c.state = 'stored') AS stored_copies,
              count(c.id) FILTER (WHERE c.state = 'damaged') AS damaged_copies,
              min(c.last_audit_at) AS oldest_audit_at, min(c.next_audit_at) AS next_audit_at
         FROM page
         JOIN dataset_versions v ON v.id = page.version_id
         LEFT JOIN archive_bags b ON b.package_id = page.id
         LEFT JOIN archive_copies c ON c.bag_id = b.id
        GROUP BY page.id, page.version_id, page.revision, page.policy_id, page.policy_sha256, page.max_bag_bytes,
                 page.state, page.created_at, page.deferred_until, page.stored_at, page.last_error, page.failures,
                 page.retry_after, v.dataset_id, v.number
        ORDER BY date_trunc('milliseconds', page.created_at), page.id`,
      [options.limit, options.state ?? null, options.after?.at ?? null, options.after?.id ?? null],
    );
    return rows.map((row) => ({
      ...toPackage(row),
      datasetId: row.dataset_id,
      versionNumber: row.version_number,
      copies: Number(row.copies),
      storedCopies: Number(row.stored_copies),
      damagedCopies: Number(row.damaged_copies),
      oldestAuditAt: row.oldest_audit_at,
      nextAuditAt: row.next_audit_at,
    }));
  }

  /** Published or withdrawn versions whose current revision has no stored package: the sweep's work list. */
  async versionsAwaitingArchive(limit: number): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.manager,
      `SELECT v.id FROM dataset_versions v
        WHERE v.state IN ('published', 'withdrawn')
          AND NOT EXISTS (SELECT 1 FROM archive_packages p
                           WHERE p.version_id = v.id AND p.revision = v.revision
                             AND (p.state IN ('stored', 'deleted')
                                  OR (p.state = 'deferred' AND p.deferred_until > now())
                                  OR (p.state = 'failed' AND p.retry_after > now())))
        ORDER BY v.published_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  async insertBag(manager: EntityManager, bag: Omit<BagRecord, 'id' | 'tarSha256'>): Promise<void> {
    await queryRows(
      manager,
      `INSERT INTO archive_bags (id, package_id, bag_index, bag_count, name, payload_files, payload_bytes, tar_bytes,
                                 bag_info, tag_files)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb) ON CONFLICT (package_id, bag_index) DO NOTHING`,
      [
        newId(),
        bag.packageId,
        bag.index,
        bag.count,
        bag.name,
        bag.payloadFiles,
        bag.payloadBytes,
        bag.tarBytes,
        JSON.stringify(bag.bagInfo),
        JSON.stringify(bag.tagFiles),
      ],
    );
  }

  async bagsOfPackage(packageId: string, manager: EntityManager = this.manager): Promise<BagRecord[]> {
    const rows = await queryRows<BagRow>(
      manager,
      `SELECT * FROM archive_bags WHERE package_id = $1 ORDER BY bag_index`,
      [packageId],
    );
    return rows.map(toBag);
  }

  async bagById(id: string): Promise<BagRecord | undefined> {
    const [row] = await queryRows<BagRow>(this.manager, `SELECT * FROM archive_bags WHERE id = $1`, [id]);
    return row === undefined ? undefined : toBag(row);
  }

  async setBagSha256(manager: EntityManager, bagId: string, sha256: string): Promise<void> {
    await queryRows(manager, `UPDATE archive_bags SET tar_sha256 = $2 WHERE id = $1 AND tar_sha256 IS NULL`, [
      bagId,
      sha256,
    ]);
  }

  async hasBagFiles(bagId: string): Promise<boolean> {
    const rows = await queryRows(this.manager, `SELECT 1 FROM archive_bag_files WHERE bag_id = $1 LIMIT 1`, [
      bagId,
    ]);
    return rows.length > 0;
  }

  async insertBagFiles(
    manager: EntityManager,
    bagId: string,
    files: ReadonlyArray<{ path: string; offset: number; sizeBytes: number }>,
  ): Promise<void> {
    for (let start = 0; start < files.length; start += 1000) {
      const chunk = files.slice(start, start + 1000);
      await queryRows(
        manager,
        `INSERT INTO archive_bag_files (bag_id, path, tar_offset, size_bytes)
         SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::bigint[]) ON CONFLICT DO NOTHING`,
        [bagId, chunk.map((f) => f.path), chunk.map((f) => f.offset), chunk.map((f) => f.sizeBytes)],
      );
    }
  }

  async bagFile(bagId: string, path: string): Promise<{ offset: number; sizeBytes: number } | undefined> {
    const [row] = await queryRows<{ tar_offset: string; size_bytes: string }>(
      this.manager,
      `SELECT tar_offset, size_bytes FROM archive_bag_files WHERE bag_id = $1 AND path = $2`,
      [bagId, path],
    );
    return row === undefined
      ? undefined
      : { offset: Number(row.tar_offset), sizeBytes: Number(row.size_bytes) };
  }

  async insertCopy(
    manager: EntityManager,
    copy: Pick<
      CopyRecord,
      | 'bagId'
      | 'name'
      | 'storageClass'
      | 'objectKey'
      | 'auditMethod'
      | 'auditIntervalSeconds'
      | 'sampledRecallFraction'
    >,
  ): Promise<void> {
    await queryRows(
      manager,
      `INSERT INTO archive_copies (id, bag_id, copy_name, storage_class, object_key, state, audit_method,
                                   audit_interval_seconds, sampled_recall_fraction)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8) ON CONFLICT (bag_id, copy_name) DO NOTHING`,
      [
        newId(),
        copy.bagId,
        copy.name,
        copy.storageClass,
        copy.objectKey,
        copy.auditMethod,
        copy.auditIntervalSeconds,
        copy.sampledRecallFraction,
      ],
    );
  }

  async copiesOfBag(bagId: string, manager: EntityManager = this.manager): Promise<CopyRecord[]> {
    const rows = await queryRows<CopyRow>(
      manager,
      `SELECT * FROM archive_copies WHERE bag_id = $1 ORDER BY copy_name`,
      [bagId],
    );
    return rows.map(toCopy);
  }

  async copyById(id: string, manager: EntityManager = this.manager): Promise<CopyRecord | undefined> {
    const [row] = await queryRows<CopyRow>(manager, `SELECT * FROM archive_copies WHERE id = $1`, [id]);
    return row === undefined ? undefined : toCopy(row);
  }

  async copiesByIds(ids: readonly string[]): Promise<CopyRecord[]> {
    const rows = await queryRows<CopyRow>(
      this.manager,
      `SELECT * FROM archive_copies WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(toCopy);
  }

  /** Marks a copy stored once its bytes were verified where they lie; schedules its first audit. */
  async markCopyStored(
    manager: EntityManager,
    copyId: string,
    stored: { sha256: string; serverChecksum: string | null; sizeBytes: number },
  ): Promise<void> {
    await queryRows(
      manager,
      `UPDATE archive_copies SET state = 'stored', sha256 = $2, server_checksum = $3, size_bytes = $4,
              stored_at = now(), next_audit_at = now() + make_interval(secs => audit_interval_seconds)
        WHERE id = $1`,
      [copyId, stored.sha256, stored.serverChecksum, stored.sizeBytes],
    );
  }

  async markCopyDeleted(manager: EntityManager, copyId: string): Promise<void> {
    await queryRows(
      manager,
      `UPDATE archive_copies SET state = 'deleted', next_audit_at = NULL WHERE id = $1`,
      [copyId],
    );
  }

  /** Stored packages of withdrawn versions, oldest first: what a retention rule may let go. */
  async storedPackagesOfWithdrawnVersions(limit: number): Promise<PackageRecord[]> {
    const rows = await queryRows<PackageRow>(
      this.manager,
      `SELECT p.* FROM archive_packages p JOIN dataset_versions v ON v.id = p.version_id
        WHERE v.state = 'withdrawn' AND p.state = 'stored' ORDER BY p.created_at LIMIT $1`,
      [limit],
    );
    return rows.map(toPackage);
  }

  async markCopyDamaged(
    manager: EntityManager,
    copyId: string,
    options: { auditNow?: boolean } = {},
  ): Promise<void> {
    await queryRows(
      manager,
      `UPDATE archive_copies SET state = 'damaged', next_audit_at = CASE WHEN $2 THEN now() ELSE next_audit_at END
        WHERE id = $1 AND state = 'stored'`,
      [copyId, options.auditNow === true],
    );
  }

  async recordAuditOutcome(
    manager: EntityManager,
    copyId: string,
    outcome: 'passed' | 'failed' | 'repaired',
  ): Promise<void> {
    await queryRows(
      manager,
      `UPDATE archive_copies SET last_audit_at = now(), last_audit_outcome = $2,
              state = CASE WHEN $2 = 'passed' AND state = 'damaged' THEN 'stored' ELSE state END,
              next_audit_at = now() + make_interval(secs => audit_interval_seconds)
        WHERE id = $1`,
      [copyId, outcome],
    );
  }

  /** An audit that could not run (a store error, say) is tried again within the hour. */
  async retryAuditSoon(manager: EntityManager, copyId: string): Promise<void> {
    await queryRows(
      manager,
      `UPDATE archive_copies
          SET next_audit_at = now() + least(make_interval(secs => audit_interval_seconds), interval '1 hour')
        WHERE id = $1`,
      [copyId],
    );
  }

  /** Copies whose audit is due, with no audit already waiting for them. */
  async copiesDueForAudit(limit: number): Promise<CopyRecord[]> {
    const rows = await queryRows<CopyRow>(
      this.manager,
      `SELECT c.* FROM archive_copies c
        WHERE c.state IN ('stored', 'damaged') AND c.next_audit_at <= now()
          AND NOT EXISTS (SELECT 1 FROM archive_audits a WHERE a.copy_id = c.id AND a.state IN ('queued', 'recalling'))
        ORDER BY c.next_audit_at LIMIT $1`,
      [limit],
    );
    return rows.map(toCopy);
  }

  /**
   * Queues an audit of a copy unless one is already open for it (queued or recalling): returns the new
   * audit's id with `created`, or the open one's.
   */
  async insertAudit(
    manager: EntityManager,
    audit: { copyId: string; method: AuditMethod; requestedBy: string | null },
  ): Promise<{ id: string; created: boolean }> {
    const id = newId();
    const inserted = await queryRows<{ id: string }>(
      manager,
      `INSERT INTO archive_audits (id, copy_id, method, state, requested_by) VALUES ($1, $2, $3, 'queued', $4)
       ON CONFLICT (copy_id) WHERE state IN ('queued', 'recalling') DO NOTHING RETURNING id`,
      [id, audit.copyId, audit.method, audit.requestedBy],
    );
    if (inserted.length > 0) return { id, created: true };
    const [open] = await queryRows<{ id: string }>(
      manager,
      `SELECT id FROM archive_audits WHERE copy_id = $1 AND state IN ('queued', 'recalling')`,
      [audit.copyId],
    );
    if (open === undefined) throw new Error('an open audit vanished');
    return { id: open.id, created: false };
  }

  async auditById(id: string): Promise<AuditRecord | undefined> {
    const [row] = await queryRows<AuditRow>(this.manager, `SELECT * FROM archive_audits WHERE id = $1`, [id]);
    return row === undefined ? undefined : toAudit(row);
  }

  async setAuditState(
    manager: EntityManager,
    id: string,
    state: AuditState,
    problems: readonly AuditProblem[] = [],
  ): Promise<void> {
    const finished = state === 'passed' || state === 'failed' || state === 'repaired';
    await queryRows(
      manager,
      `UPDATE archive_audits SET state = $2, problems = $3::jsonb, finished_at = CASE WHEN $4 THEN now() END
        WHERE id = $1`,
      [id, state, JSON.stringify(problems), finished],
    );
  }

  /** Audits of a package's copies, newest first, after the cursor position. */
  async auditsOfPackages(
    packageIds: readonly string[],
    options: { limit: number; before?: { queuedAt: Date; id: string } },
  ): Promise<Array<AuditRecord & { copyName: string; bagIndex: number }>> {
    const rows = await queryRows<AuditRow & { copy_name: string; bag_index: number }>(
      this.manager,
      `SELECT a.*, c.copy_name, b.bag_index FROM archive_audits a
         JOIN archive_copies c ON c.id = a.copy_id JOIN archive_bags b ON b.id = c.bag_id
        WHERE b.package_id = ANY($1::uuid[])
          AND ($3::timestamptz IS NULL OR (date_trunc('milliseconds', a.queued_at), a.id) < ($3, $4::uuid))
        ORDER BY date_trunc('milliseconds', a.queued_at) DESC, a.id DESC LIMIT $2`,
      [packageIds, options.limit, options.before?.queuedAt ?? null, options.before?.id ?? null],
    );
    return rows.map((row) => ({ ...toAudit(row), copyName: row.copy_name, bagIndex: row.bag_index }));
  }

  async insertEvent(manager: EntityManager, event: NewEvent): Promise<void> {
    await queryRows(
      manager,
      `INSERT INTO archive_events (id, package_id, bag_id, copy_id, event_type, event_at, detail, outcome,
                                   outcome_detail, agent, linked_objects)
       VALUES ($1, $2, $3, $4, $5, coalesce($6, now()), $7, $8, $9, $10, $11)`,
      [
        newId(),
        event.packageId,
        event.bagId,
        event.copyId,
        event.type,
        event.at ?? null,
        event.detail,
        event.outcome,
        event.outcomeDetail,
        event.agent,
        event.linkedObjects,
      ],
    );
  }

  async eventsOfPackages(
    packageIds: readonly string[],
    options: { limit: number; after?: { at: Date; id: string } },
  ): Promise<EventRecord[]> {
    const rows = await queryRows<EventRow>(
      this.manager,
      `SELECT * FROM archive_events WHERE package_id = ANY($1::uuid[])
          AND ($3::timestamptz IS NULL OR (date_trunc('milliseconds', event_at), id) > ($3, $4::uuid))
        ORDER BY date_trunc('milliseconds', event_at), id LIMIT $2`,
      [packageIds, options.limit, options.after?.at ?? null, options.after?.id ?? null],
    );
    return rows.map(toEvent);
  }

  async insertRetrieval(
    manager: EntityManager,
    retrieval: { packageId: string; requestedBy: string; state: RetrievalState; copyIds: readonly string[] },
  ): Promise<string> {
    const id = newId();
    await queryRows(
      manager,
      `INSERT INTO archive_retrievals (id, package_id, requested_by, state, copy_ids, ready_at)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 = 'ready' THEN now() END)`,
      [id, retrieval.packageId, retrieval.requestedBy, retrieval.state, retrieval.copyIds],
    );
    return id;
  }

  async retrievalById(id: string): Promise<RetrievalRecord | undefined> {
    const [row] = await queryRows<RetrievalRow>(
      this.manager,
      `SELECT * FROM archive_retrievals WHERE id = $1`,
      [id],
    );
    return row === undefined ? undefined : toRetrieval(row);
  }

  async setRetrievalState(
    id: string,
    state: RetrievalState,
    extra: { expiresAt?: Date | null; lastError?: string | null } = {},
  ): Promise<void> {
    await queryRows(
      this.manager,
      `UPDATE archive_retrievals SET state = $2, ready_at = CASE WHEN $2 = 'ready' THEN coalesce(ready_at, now()) END,
              expires_at = $3, last_error = $4 WHERE id = $1`,
      [id, state, extra.expiresAt ?? null, extra.lastError ?? null],
    );
  }

  /** Takes a session-level advisory lock for the duration of `work`, or returns undefined if it is held. */
  async withExclusiveLock<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [row] = (await runner.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [
        name,
      ])) as Array<{ locked: boolean }>;
      if (row?.locked !== true) return undefined;
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [name]);
      }
    } finally {
      await runner.release();
    }
  }
}

interface PackageRow {
  id: string;
  version_id: string;
  revision: number;
  policy_id: string;
  policy_sha256: string;
  max_bag_bytes: string;
  state: PackageState;
  created_at: Date;
  deferred_until: Date | null;
  stored_at: Date | null;
  last_error: string | null;
}

interface PackageOverviewDbRow extends PackageRow {
  dataset_id: string;
  version_number: number;
  copies: string;
  stored_copies: string;
  damaged_copies: string;
  oldest_audit_at: Date | null;
  next_audit_at: Date | null;
}

interface BagRow {
  id: string;
  package_id: string;
  bag_index: number;
  bag_count: number;
  name: string;
  payload_files: number;
  payload_bytes: string;
  tar_bytes: string;
  tar_sha256: string | null;
  bag_info: Array<[string, string]>;
  tag_files: Array<{ path: string; content: string }>;
}

interface CopyRow {
  id: string;
  bag_id: string;
  copy_name: string;
  storage_class: string;
  object_key: string;
  state: CopyState;
  sha256: string | null;
  server_checksum: string | null;
  size_bytes: string | null;
  stored_at: Date | null;
  audit_method: 'rehash' | 'stored-checksum';
  audit_interval_seconds: string;
  sampled_recall_fraction: number;
  next_audit_at: Date | null;
  last_audit_at: Date | null;
  last_audit_outcome: string | null;
}

interface AuditRow {
  id: string;
  copy_id: string;
  method: AuditMethod;
  state: AuditState;
  requested_by: string | null;
  queued_at: Date;
  finished_at: Date | null;
  problems: AuditProblem[];
}

interface EventRow {
  id: string;
  package_id: string;
  bag_id: string | null;
  copy_id: string | null;
  event_type: string;
  event_at: Date;
  detail: string;
  outcome: EventOutcome;
  outcome_detail: string | null;
  agent: string;
  linked_objects: string[];
}

interface RetrievalRow {
  id: string;
  package_id: string;
  requested_by: string;
  state: RetrievalState;
  requested_at: Date;
  ready_at: Date | null;
  expires_at: Date | null;
  copy_ids: string[];
  last_error: string | null;
}

const toPackage = (row: PackageRow): PackageRecord => ({
  id: row.id,
  versionId: row.version_id,
  revision: row.revision,
  policyId: row.policy_id,
  policySha256: row.policy_sha256,
  maxBagBytes: Number(row.max_bag_bytes),
  state: row.state,
  createdAt: row.created_at,
  deferredUntil: row.deferred_until,
  storedAt: row.stored_at,
  lastError: row.last_error,
});

const toBag = (row: BagRow): BagRecord => ({
  id: row.id,
  packageId: row.package_id,
  index: row.bag_index,
  count: row.bag_count,
  name: row.name,
  payloadFiles: row.payload_files,
  payloadBytes: Number(row.payload_bytes),
  tarBytes: Number(row.tar_bytes),
  tarSha256: row.tar_sha256,
  bagInfo: row.bag_info,
  tagFiles: row.tag_files,
});

const toCopy = (row: CopyRow): CopyRecord => ({
  id: row.id,
  bagId: row.bag_id,
  name: row.copy_name,
  storageClass: row.storage_class,
  objectKey: row.object_key,
  state: row.state,
  sha256: row.sha256,
  serverChecksum: row.server_checksum,
  sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
  storedAt: row.stored_at,
  auditMethod: row.audit_method,
  auditIntervalSeconds: Number(row.audit_interval_seconds),
  sampledRecallFraction: row.sampled_recall_fraction,
  nextAuditAt: row.next_audit_at,
  lastAuditAt: row.last_audit_at,
  lastAuditOutcome: row.last_audit_outcome,
});

const toAudit = (row: AuditRow): AuditRecord => ({
  id: row.id,
  copyId: row.copy_id,
  method: row.method,
  state: row.state,
  requestedBy: row.requested_by,
  queuedAt: row.queued_at,
  finishedAt: row.finished_at,
  problems: row.problems,
});

const toEvent = (row: EventRow): EventRecord => ({
  id: row.id,
  packageId: row.package_id,
  bagId: row.bag_id,
  copyId: row.copy_id,
  type: row.event_type,
  at: row.event_at,
  detail: row.detail,
  outcome: row.outcome,
  outcomeDetail: row.outcome_detail,
  agent: row.agent,
  linkedObjects: row.linked_objects,
});

const toRetrieval = (row: RetrievalRow): RetrievalRecord => ({
  id: row.id,
  packageId: row.package_id,
  requestedBy: row.requested_by,
  state: row.state,
  requestedAt: row.requested_at,
  readyAt: row.ready_at,
  expiresAt: row.expires_at,
  copyIds: row.copy_ids,
  lastError: row.last_error,
});
