import { Inject, Injectable } from '@nestjs/common';
import { type Principal, requireAdmin } from '@apdc/access';
import { ArchivalReleaseService } from '@apdc/catalogue';
import {
  APP_CONFIG,
  type AppConfig,
  InvalidInputError,
  type Page,
  UnauthenticatedError,
  decodeCursor,
  toPage,
} from '@apdc/platform';
import { ArchiveAuditor } from './archive-auditor.service.js';
import { ARCHIVE_SOFTWARE } from './archive-tokens.js';
import {
  ArchiveRepository,
  type AuditMethod,
  type AuditProblem,
  type EventRecord,
} from './archive.repository.js';
import { NotArchivedError } from './errors.js';
import { type PremisEventType, renderPremisXml } from './premis/index.js';

export interface CopyStatusView {
  readonly name: string;
  readonly storageClass: string;
  readonly objectKey: string;
  /** `pending` until written and verified in place; `damaged` after a failed audit until repaired. */
  readonly state: string;
  readonly sizeBytes: number | null;
  readonly sha256: string | null;
  readonly storedAt: string | null;
  readonly auditMethod: string;
  readonly auditIntervalSeconds: number;
  readonly lastAudit: { readonly at: string; readonly outcome: string } | null;
  readonly nextAuditAt: string | null;
}

export interface PackageStatusView {
  readonly id: string;
  readonly revision: number;
  readonly policy: { readonly id: string; readonly sha256: string };
  readonly state: string;
  readonly createdAt: string;
  readonly storedAt: string | null;
  readonly deferredUntil: string | null;
  readonly lastError: string | null;
  readonly bags: ReadonlyArray<{
    readonly index: number;
    readonly count: number;
    readonly name: string;
    readonly payloadFiles: number;
    readonly payloadBytes: number;
    readonly sizeBytes: number;
    readonly sha256: string | null;
    readonly copies: readonly CopyStatusView[];
  }>;
}

export interface ArchiveStatusView {
  readonly datasetId: string;
  readonly versionNumber: number;
  /** Newest revision first; empty until the first package is planned. */
  readonly packages: readonly PackageStatusView[];
}

export interface ArchiveEventView {
  readonly id: string;
  readonly packageId: string;
  readonly type: string;
  readonly at: string;
  readonly detail: string;
  readonly outcome: string;
  readonly outcomeDetail: string | null;
  readonly agent: string;
  readonly linkedObjects: readonly string[];
}

export interface ArchiveAuditView {
  readonly id: string;
  readonly copy: string;
  readonly bagIndex: number;
  readonly method: string;
  readonly state: string;
  readonly queuedAt: string;
  readonly finishedAt: string | null;
  readonly problems: readonly AuditProblem[];
}

export interface ArchiveOverviewItem {
  readonly packageId: string;
  readonly datasetId: string;
  readonly versionNumber: number;
  readonly revision: number;
  readonly policy: string;
  readonly state: string;
  readonly createdAt: string;
  readonly storedAt: string | null;
  readonly copies: number;
  readonly storedCopies: number;
  readonly damagedCopies: number;
  /** The least recent audit of any of its copies; null while one was never audited. */
  readonly oldestAuditAt: string | null;
  readonly nextAuditAt: string | null;
  readonly lastError: string | null;
}

export const PACKAGE_STATES = ['deferred', 'packing', 'stored', 'failed', 'deleted'] as const;

const MAX_PAGE = 500;

/** A position in a time-ordered list: the time and id of the last row seen. */
const TIME_AND_ID =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function decodePosition(cursor: string | undefined): { at: Date; id: string } | undefined {
  const key = decodeCursor(cursor, TIME_AND_ID);
  if (key === undefined) return undefined;
  const [at = '', id = ''] = key.split('|');
  const time = new Date(at);
  if (Number.isNaN(time.getTime())) {
    throw new InvalidInputError('Invalid cursor', [
      { path: 'cursor', message: 'not a cursor this service issued' },
    ]);
  }
  return { at: time, id };
}

/** What curators and administrators see of a version's archive: packages, copies, audits, PREMIS history. */
@Injectable()
export class ArchiveStatusService {
  constructor(
    private readonly repository: ArchiveRepository,
    private readonly releases: ArchivalReleaseService,
    private readonly auditor: ArchiveAuditor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async status(principal: Principal, datasetId: string, versionNumber: number): Promise<ArchiveStatusView> {
    const ref = await this.releases.authorizeRead(
      principal,
      datasetId,
      versionNumber,
      'Reading the archive status',
    );
    const packages: PackageStatusView[] = [];
    for (const pkg of await this.repository.packagesOfVersion(ref.versionId)) {
      const bags = [];
      for (const bag of await this.repository.bagsOfPackage(pkg.id)) {
        const copies = await this.repository.copiesOfBag(bag.id);
        bags.push({
          index: bag.index,
          count: bag.count,
          name: bag.name,
          payloadFiles: bag.payloadFiles,
          payloadBytes: bag.payloadBytes,
          sizeBytes: bag.tarBytes,
          sha256: bag.tarSha256,
          copies: copies.map((copy) => ({
            name: copy.name,
            storageClass: copy.storageClass,
            objectKey: copy.objectKey,
            state: copy.state,
            sizeBytes: copy.sizeBytes,
            sha256: copy.sha256,
            storedAt: copy.storedAt?.toISOString() ?? null,
            auditMethod: copy.auditMethod,
            auditIntervalSeconds: copy.auditIntervalSeconds,
            lastAudit:
              copy.lastAuditAt === null
                ? null
                : { at: copy.lastAuditAt.toISOString(), outcome: copy.lastAuditOutcome ?? 'unknown' },
            nextAuditAt: copy.nextAuditAt?.toISOString() ?? null,
          })),
        });
      }
      packages.push({
        id: pkg.id,
        revision: pkg.revision,
        policy: { id: pkg.policyId, sha256: pkg.policySha256 },
        state: pkg.state,
        createdAt: pkg.createdAt.toISOString(),
        storedAt: pkg.storedAt?.toISOString() ?? null,
        deferredUntil: pkg.deferredUntil?.toISOString() ?? null,
        lastError: pkg.lastError,
        bags,
      });
    }
    return { datasetId: ref.datasetId, versionNumber: ref.versionNumber, packages };
  }

  /** Every archival package of the catalogue, for administrators watching packing, archiving and fixity. */
  async overview(
    principal: Principal,
    options: { limit?: number; cursor?: string; state?: string },
  ): Promise<Page<ArchiveOverviewItem>> {
    if (principal.userId === undefined)
      throw new UnauthenticatedError('The archive overview needs an API token');
    requireAdmin(principal, 'The archive overview');
    const state = options.state;
    if (state !== undefined && !(PACKAGE_STATES as readonly string[]).includes(state)) {
      throw new InvalidInputError('Unknown package state', [
        { path: 'state', message: `one of ${PACKAGE_STATES.join(', ')}` },
      ]);
    }
    const limit = Math.min(Math.max(options.limit ?? 100, 1), MAX_PAGE);
    const rows = await this.repository.packageOverview({
      limit: limit + 1,
      state: state as (typeof PACKAGE_STATES)[number] | undefined,
      after: decodePosition(options.cursor),
    });
    return toPage(
      rows,
      limit,
      (last) => `${last.createdAt.toISOString()}|${last.id}`,
      (row) => ({
        packageId: row.id,
        datasetId: row.datasetId,
        versionNumber: row.versionNumber,
        revision: row.revision,
        policy: row.policyId,
        state: row.state,
        createdAt: row.createdAt.toISOString(),
        storedAt: row.storedAt?.toISOString() ?? null,
        copies: row.copies,
        storedCopies: row.storedCopies,
        damagedCopies: row.damagedCopies,
        oldestAuditAt: row.oldestAuditAt?.toISOString() ?? null,
        nextAuditAt: row.nextAuditAt?.toISOString() ?? null,
        lastError: row.lastError,
      }),
    );
  }

  /** The PREMIS events of every package of a version, oldest first. */
  async events(
    principal: Principal,
    datasetId: string,
    versionNumber: number,
    options: { limit?: number; cursor?: string },
  ): Promise<Page<ArchiveEventView>> {
    const ref = await this.releases.authorizeRead(
      principal,
      datasetId,
      versionNumber,
      'Reading the archive history',
    );
    const limit = Math.min(Math.max(options.limit ?? 100, 1), MAX_PAGE);
    const after = decodePosition(options.cursor);
    const packageIds = (await this.repository.packagesOfVersion(ref.versionId)).map((pkg) => pkg.id);
    const rows = await this.repository.eventsOfPackages(packageIds, { limit: limit + 1, after });
    return toPage(rows, limit, (last) => `${last.at.toISOString()}|${last.id}`, toEventView);
  }

  /** The same history as a PREMIS 3.0 document, with the package's files as objects. */
  async premis(principal: Principal, datasetId: string, versionNumber: number): Promise<string> {
    const ref = await this.releases.authorizeRead(
      principal,
      datasetId,
      versionNumber,
      'Reading the archive history',
    );
    const release = await this.releases.release(ref.versionId);
    const packages = await this.repository.packagesOfVersion(ref.versionId);
    const newest = packages[0];
    if (release === undefined || newest === undefined) throw new NotArchivedError(datasetId, versionNumber);
    const events: EventRecord[] = [];
    for (;;) {
      const page = await this.repository.eventsOfPackages(
        packages.map((pkg) => pkg.id),
        { limit: 1000, after: events.at(-1) },
      );
      events.push(...page);
      if (page.length < 1000) break;
    }
    return renderPremisXml({
      packageId: newest.id,
      doi: release.record.doi,
      title: release.record.metadata.title ?? `Version ${versionNumber}`,
      files: release.files,
      events: events.map((event) => ({
        id: event.id,
        type: event.type as PremisEventType,
        at: event.at,
        detail: event.detail,
        outcome: event.outcome,
        outcomeDetail: event.outcomeDetail,
        agent: event.agent,
        objects: event.linkedObjects,
      })),
      softwareAgent: ARCHIVE_SOFTWARE,
      organisation: { name: this.config.publisher.name, ror: this.config.publisher.ror },
    });
  }

  async audits(
    principal: Principal,
    datasetId: string,
    versionNumber: number,
    options: { limit?: number; cursor?: string },
  ): Promise<Page<ArchiveAuditView>> {
    const ref = await this.releases.authorizeRead(
      principal,
      datasetId,
      versionNumber,
      'Reading the audit history',
    );
    const limit = Math.min(Math.max(options.limit ?? 100, 1), MAX_PAGE);
    const position = decodePosition(options.cursor);
    const packageIds = (await this.repository.packagesOfVersion(ref.versionId)).map((pkg) => pkg.id);
    const rows = await this.repository.auditsOfPackages(packageIds, {
      limit: limit + 1,
      before: position === undefined ? undefined : { queuedAt: position.at, id: position.id },
    });
    return toPage(
      rows,
      limit,
      (last) => `${last.queuedAt.toISOString()}|${last.id}`,
      (audit) => ({
        id: audit.id,
        copy: audit.copyName,
        bagIndex: audit.bagIndex,
        method: audit.method,
        state: audit.state,
        queuedAt: audit.queuedAt.toISOString(),
        finishedAt: audit.finishedAt?.toISOString() ?? null,
        problems: audit.problems,
      }),
    );
  }

  /** Audits every stored copy of the newest package now; `recall` forces a full recall of tape copies. */
  async requestAudit(
    principal: Principal,
    datasetId: string,
    versionNumber: number,
    options: { recall: boolean },
  ): Promise<{ auditIds: string[] }> {
    const ref = await this.releases.authorizeManage(
      principal,
      datasetId,
      versionNumber,
      'Requesting an archive audit',
    );
    const pkg = (await this.repository.packagesOfVersion(ref.versionId)).find((p) => p.state === 'stored');
    if (pkg === undefined) throw new NotArchivedError(datasetId, versionNumber);
    const auditIds: string[] = [];
    for (const bag of await this.repository.bagsOfPackage(pkg.id)) {
      for (const copy of await this.repository.copiesOfBag(bag.id)) {
        if (copy.state === 'pending' || copy.state === 'deleted') continue;
        const method: AuditMethod =
          options.recall && copy.auditMethod === 'stored-checksum' ? 'recall' : copy.auditMethod;
        auditIds.push(await this.auditor.queue(copy, principal.userId ?? null, method));
      }
    }
    return { auditIds };
  }
}

function toEventView(event: EventRecord): ArchiveEventView {
  return {
    id: event.id,
    packageId: event.packageId,
    type: event.type,
    at: event.at.toISOString(),
    detail: event.detail,
    outcome: event.outcome,
    outcomeDetail: event.outcomeDetail,
    agent: event.agent,
    linkedObjects: event.linkedObjects,
  };
}
