import { Inject, Injectable, Logger } from '@nestjs/common';
import { ARCHIVE_AUDIT_QUEUE, type ArchiveAuditRequest, JobQueue } from '@apdc/jobs';
import { ObjectArchivedError, ObjectNotFoundError, ObjectStore } from '@apdc/object-store';
import { APP_CONFIG, type AppConfig } from '@apdc/platform';
import { type BagItProfile, validateBagTar } from './bagit/index.js';
import { ArchivePackager } from './archive-packager.service.js';
import { ARCHIVE_AGENT, BAGIT_PROFILE } from './archive-tokens.js';
import {
  type AuditMethod,
  type AuditProblem,
  type AuditRecord,
  ArchiveRepository,
  type BagRecord,
  type CopyRecord,
} from './archive.repository.js';

/**
 * Fixity audits of archived copies. Disk copies are read back and validated as bags; tape copies are
 * checked against the checksum the store keeps, without a recall, and a sample of audits recalls them in
 * full. A bad copy is repaired from a good one (or packed anew from the stored files) and every step is
 * a PREMIS event.
 */
@Injectable()
export class ArchiveAuditor {
  private readonly logger = new Logger(ArchiveAuditor.name);

  constructor(
    private readonly repository: ArchiveRepository,
    private readonly store: ObjectStore,
    private readonly packager: ArchivePackager,
    private readonly jobs: JobQueue,
    @Inject(BAGIT_PROFILE) private readonly profile: BagItProfile,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Queues an audit of a copy; `method` defaults to the copy's own, or a sampled full recall. */
  async queue(copy: CopyRecord, requestedBy: string | null, method?: AuditMethod): Promise<string> {
    const chosen =
      method ??
      (copy.auditMethod === 'stored-checksum' && Math.random() < copy.sampledRecallFraction
        ? 'recall'
        : copy.auditMethod);
    return this.repository.transaction(async (manager) => {
      const audit = await this.repository.insertAudit(manager, {
        copyId: copy.id,
        method: chosen,
        requestedBy,
      });
      if (audit.created) {
        const request: ArchiveAuditRequest = { auditId: audit.id };
        await this.jobs.enqueue(manager, ARCHIVE_AUDIT_QUEUE, request);
      }
      return audit.id;
    });
  }

  /** Runs (or continues, after a recall) one audit. */
  async run(auditId: string): Promise<void> {
    const audit = await this.repository.auditById(auditId);
    if (audit === undefined || !['queued', 'recalling'].includes(audit.state)) return;
    const copy = await this.repository.copyById(audit.copyId);
    const bag = copy === undefined ? undefined : await this.repository.bagById(copy.bagId);
    if (copy === undefined || bag === undefined) return;
    try {
      await this.audit(audit, copy, bag);
    } catch (error) {
      // The copy is not judged by an audit that could not run (the store unreachable, say).
      this.logger.warn(`audit ${audit.id} of ${copy.objectKey} could not run: ${(error as Error).message}`);
      await this.repository.transaction(async (manager) => {
        await this.repository.setAuditState(manager, audit.id, 'failed', [
          { code: 'audit-error', message: (error as Error).message },
        ]);
        await this.repository.retryAuditSoon(manager, copy.id);
      });
    }
  }

  private async audit(audit: AuditRecord, copy: CopyRecord, bag: BagRecord): Promise<void> {
    const problems: AuditProblem[] = [];
    if (audit.method === 'stored-checksum') {
      problems.push(...(await this.checkStoredChecksum(copy)));
    } else {
      if (audit.method === 'recall') {
        const state = await this.requestRecall(copy);
        if (state === 'missing') {
          problems.push({ code: 'missing', message: `no object under ${copy.objectKey}` });
        } else if (state !== 'available') {
          await this.waitForRecall(audit);
          return;
        }
      }
      if (problems.length === 0) {
        const rehashed = await this.rehash(copy, bag);
        if (rehashed === 'recall-needed') {
          await this.waitForRecall(audit, true);
          return;
        }
        problems.push(...rehashed);
      }
    }
    await this.conclude(audit, copy, bag, problems);
  }

  private async checkStoredChecksum(copy: CopyRecord): Promise<AuditProblem[]> {
    const info = await this.store.head(copy.objectKey);
    if (info === undefined) return [{ code: 'missing', message: `no object under ${copy.objectKey}` }];
    const problems: AuditProblem[] = [];
    if (info.sizeBytes !== copy.sizeBytes) {
      problems.push({
        code: 'size-mismatch',
        message: 'the stored object has another size',
        expected: String(copy.sizeBytes),
        actual: String(info.sizeBytes),
      });
    }
    if (info.serverChecksum !== copy.serverChecksum) {
      problems.push({
        code: 'server-checksum-mismatch',
        message: 'the checksum the store keeps differs from the one it reported on writing',
        expected: copy.serverChecksum ?? '(none)',
        actual: info.serverChecksum ?? '(none)',
      });
    }
    if (info.storageClass !== copy.storageClass) {
      problems.push({
        code: 'storage-class-changed',
        message: 'the object is in another storage class than its policy asks for',
        expected: copy.storageClass,
        actual: info.storageClass,
      });
    }
    return problems;
  }

  private async requestRecall(copy: CopyRecord): Promise<'available' | 'in-progress' | 'missing'> {
    const info = await this.store.head(copy.objectKey);
    if (info === undefined) return 'missing';
    const state = await this.store.requestRestore(copy.objectKey, this.config.archive.restoreDays);
    return state === 'available' ? 'available' : 'in-progress';
  }

  private async waitForRecall(audit: AuditRecord, requestFirst = false): Promise<void> {
    if (requestFirst) {
      const copy = await this.repository.copyById(audit.copyId);
      if (copy !== undefined)
        await this.store.requestRestore(copy.objectKey, this.config.archive.restoreDays);
    }
    await this.repository.transaction(async (manager) => {
      await this.repository.setAuditState(manager, audit.id, 'recalling');
      const request: ArchiveAuditRequest = { auditId: audit.id };
      await this.jobs.enqueue(manager, ARCHIVE_AUDIT_QUEUE, request, {
        startAfterSeconds: this.config.archive.restorePollSeconds,
      });
    });
  }

  /** Reads the whole copy, validates it as a bag against our profile and compares its SHA-256. */
  private async rehash(copy: CopyRecord, bag: BagRecord): Promise<AuditProblem[] | 'recall-needed'> {
    let stream;
    try {
      stream = await this.store.get(copy.objectKey);
    } catch (error) {
      if (error instanceof ObjectArchivedError) return 'recall-needed';
      if (error instanceof ObjectNotFoundError)
        return [{ code: 'missing', message: `no object under ${copy.objectKey}` }];
      throw error;
    }
    const report = await validateBagTar(stream, { profile: this.profile });
    const problems: AuditProblem[] = report.problems.map((problem) => ({
      code: problem.code,
      message: problem.message,
      ...(problem.path === undefined ? {} : { path: problem.path }),
      ...(problem.expected === undefined ? {} : { expected: problem.expected }),
      ...(problem.actual === undefined ? {} : { actual: problem.actual }),
    }));
    if (report.tarSizeBytes !== bag.tarBytes) {
      problems.push({
        code: 'size-mismatch',
        message: 'the copy has another size than the bag',
        expected: String(bag.tarBytes),
        actual: String(report.tarSizeBytes),
      });
    }
    if (bag.tarSha256 !== null && report.tarSha256 !== bag.tarSha256) {
      problems.push({
        code: 'tar-digest-mismatch',
        message: 'the SHA-256 of the serialized bag differs from the one recorded when it was packed',
        expected: bag.tarSha256,
        actual: report.tarSha256,
      });
    }
    return problems;
  }

  private async conclude(
    audit: AuditRecord,
    copy: CopyRecord,
    bag: BagRecord,
    problems: readonly AuditProblem[],
  ): Promise<void> {
    const method = audit.method === 'recall' ? 'full recall and re-hash' : audit.method;
    await this.repository.transaction(async (manager) => {
      await this.repository.insertEvent(manager, {
        packageId: bag.packageId,
        bagId: bag.id,
        copyId: copy.id,
        type: 'fixity check',
        detail: `fixity audit (${method}) of copy ${copy.name} of ${bag.name} at ${copy.objectKey}`,
        outcome: problems.length === 0 ? 'success' : 'failure',
        outcomeDetail: problems.length === 0 ? null : summarise(problems),
        agent: ARCHIVE_AGENT,
        linkedObjects: [bag.packageId, copy.objectKey],
      });
      if (problems.length === 0) {
        await this.repository.setAuditState(manager, audit.id, 'passed');
        await this.repository.recordAuditOutcome(manager, copy.id, 'passed');
      } else {
        await this.repository.markCopyDamaged(manager, copy.id);
      }
    });
    if (problems.length === 0) return;
    this.logger.warn(`copy ${copy.objectKey} failed its audit: ${summarise(problems)}`);
    const repaired = await this.repair(copy, bag);
    await this.repository.transaction(async (manager) => {
      await this.repository.setAuditState(manager, audit.id, repaired ? 'repaired' : 'failed', problems);
      await this.repository.recordAuditOutcome(manager, copy.id, repaired ? 'repaired' : 'failed');
    });
  }

  /**
   * Rewrites a bad copy from a readable good copy of the same bag, or packs it anew from the stored files
   * (the bag's tag files are frozen, so the bytes are the same). Counted only if the new bytes have the
   * bag's recorded SHA-256.
   */
  private async repair(copy: CopyRecord, bag: BagRecord): Promise<boolean> {
    let description: string;
    let written;
    try {
      const pkg = await this.repository.packageById(bag.packageId);
      if (pkg === undefined) throw new Error('the bag no longer has a package');
      const outcome = await this.packager.writeBagBytes(pkg, bag, copy);
      description = outcome.source;
      written = outcome.stored;
    } catch (error) {
      await this.recordRepair(
        copy,
        bag,
        'failure',
        "no source gave the bag's bytes",
        (error as Error).message,
      );
      return false;
    }
    const placed = await this.store.head(copy.objectKey);
    const good =
      written.sha256 === bag.tarSha256 &&
      written.sizeBytes === bag.tarBytes &&
      placed?.serverChecksum === written.serverChecksum;
    if (good) {
      await this.repository.transaction((manager) =>
        this.repository.markCopyStored(manager, copy.id, {
          sha256: written.sha256,
          serverChecksum: written.serverChecksum,
          sizeBytes: written.sizeBytes,
        }),
      );
    }
    await this.recordRepair(
      copy,
      bag,
      good ? 'success' : 'failure',
      description,
      good
        ? `sha256 ${written.sha256}`
        : `rewritten bytes have SHA-256 ${written.sha256}, expected ${bag.tarSha256}`,
    );
    return good;
  }

  private async recordRepair(
    copy: CopyRecord,
    bag: BagRecord,
    outcome: 'success' | 'failure',
    how: string,
    outcomeDetail: string,
  ): Promise<void> {
    await this.repository.transaction((manager) =>
      this.repository.insertEvent(manager, {
        packageId: bag.packageId,
        bagId: bag.id,
        copyId: copy.id,
        type: 'replication',
        detail: `repair of copy ${copy.name} of ${bag.name} at ${copy.objectKey} (${copy.storageClass}), ${how}`,
        outcome,
        outcomeDetail,
        agent: ARCHIVE_AGENT,
        linkedObjects: [bag.packageId, copy.objectKey],
      }),
    );
  }
}

function summarise(problems: readonly AuditProblem[]): string {
  return problems
    .map(
      (problem) =>
        `${problem.code}${problem.path === undefined ? '' : ` ${problem.path}`}: ${problem.message}`,
    )
    .join('; ');
}
