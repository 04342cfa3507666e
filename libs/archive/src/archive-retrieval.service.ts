import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@apdc/access';
import { ArchivalReleaseService } from '@apdc/catalogue';
import { ARCHIVE_RETRIEVAL_QUEUE, type ArchiveRetrievalRequest, JobQueue } from '@apdc/jobs';
import { ObjectArchivedError, ObjectStore } from '@apdc/object-store';
import { APP_CONFIG, type AppConfig, ForbiddenError, isUuid } from '@apdc/platform';
import {
  ArchiveRepository,
  type BagRecord,
  type CopyRecord,
  type PackageRecord,
  type RetrievalRecord,
} from './archive.repository.js';
import {
  ArchivedFileNotFoundError,
  NoReadableCopyError,
  NotArchivedError,
  RetrievalNotFoundError,
  RetrievalNotReadyError,
} from './errors.js';

export interface RetrievalView {
  readonly id: string;
  readonly datasetId: string;
  readonly versionNumber: number;
  readonly packageId: string;
  readonly revision: number;
  /** `recalling` while a tape copy is being made readable; `ready` once every bag can be downloaded. */
  readonly state: string;
  readonly requestedAt: string;
  readonly readyAt: string | null;
  /** When a recalled copy stops being readable (null for disk copies). */
  readonly expiresAt: string | null;
  /** How long to wait before asking again, while recalling. */
  readonly retryAfterSeconds: number | null;
  readonly bags: ReadonlyArray<{
    readonly index: number;
    readonly name: string;
    readonly sizeBytes: number;
    readonly sha256: string | null;
    readonly copy: string;
    readonly storageClass: string;
    readonly href: string;
  }>;
  readonly lastError: string | null;
}

export interface RetrievedContent {
  readonly stream: Readable;
  readonly sizeBytes: number;
  readonly fileName: string;
  readonly sha256: string | null;
}

/**
 * Gives a user with rights an archived version back: at once from a disk copy, or after a recall when
 * only tape copies can be read. The retrieval record says when it is ready; workers follow the recall.
 */
@Injectable()
export class ArchiveRetrievalService {
  constructor(
    private readonly repository: ArchiveRepository,
    private readonly releases: ArchivalReleaseService,
    private readonly store: ObjectStore,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async request(principal: Principal, datasetId: string, versionNumber: number): Promise<RetrievalView> {
    const ref = await this.releases.authorizeRead(
      principal,
      datasetId,
      versionNumber,
      'Retrieving from the archive',
    );
    const pkg = (await this.repository.packagesOfVersion(ref.versionId)).find((p) => p.state === 'stored');
    if (pkg === undefined) throw new NotArchivedError(datasetId, versionNumber);
    const chosen: CopyRecord[] = [];
    let recalling = false;
    for (const bag of await this.repository.bagsOfPackage(pkg.id)) {
      const choice = await this.chooseCopy(bag);
      chosen.push(choice.copy);
      recalling ||= !choice.readable;
    }
    const id = await this.repository.transaction(async (manager) => {
      const retrievalId = await this.repository.insertRetrieval(manager, {
        packageId: pkg.id,
        requestedBy: principal.userId ?? '',
        state: recalling ? 'recalling' : 'ready',
        copyIds: chosen.map((copy) => copy.id),
      });
      if (recalling) {
        const request: ArchiveRetrievalRequest = { retrievalId };
        await this.jobs.enqueue(manager, ARCHIVE_RETRIEVAL_QUEUE, request, {
          startAfterSeconds: this.config.archive.restorePollSeconds,
        });
      }
      return retrievalId;
    });
    return this.status(principal, id);
  }

  /**
   * A readable stored copy (disk, or tape already recalled) if there is one; else the first stored tape
   * copy, whose recall is requested now.
   */
  private async chooseCopy(bag: BagRecord): Promise<{ copy: CopyRecord; readable: boolean }> {
    const copies = (await this.repository.copiesOfBag(bag.id)).filter((copy) => copy.state === 'stored');
    const archived: CopyRecord[] = [];
    for (const copy of copies) {
      const info = await this.store.head(copy.objectKey);
      if (info === undefined) continue;
      if (!info.archived || info.restore.state === 'available') return { copy, readable: true };
      archived.push(copy);
    }
    const tape = archived[0];
    if (tape === undefined) throw new NoReadableCopyError(bag.name);
    const state = await this.store.requestRestore(tape.objectKey, this.config.archive.restoreDays);
    return { copy: tape, readable: state === 'available' };
  }

  /** Called by the workers until every copy of the retrieval is readable. */
  async follow(retrievalId: string): Promise<void> {
    const retrieval = await this.repository.retrievalById(retrievalId);
    if (retrieval?.state !== 'recalling') return;
    const copies = await this.repository.copiesByIds(retrieval.copyIds);
    let expiresAt: Date | null = null;
    for (const copy of copies) {
      const info = await this.store.head(copy.objectKey);
      if (info === undefined) {
        await this.repository.setRetrievalState(retrievalId, 'failed', {
          lastError: `copy ${copy.objectKey} is gone; request a new retrieval`,
        });
        return;
      }
      if (info.archived && info.restore.state !== 'available') {
        if (info.restore.state === 'not-requested')
          await this.store.requestRestore(copy.objectKey, this.config.archive.restoreDays);
        await this.repository.transaction((manager) =>
          this.jobs.enqueue(
            manager,
            ARCHIVE_RETRIEVAL_QUEUE,
            { retrievalId } satisfies ArchiveRetrievalRequest,
            {
              startAfterSeconds: this.config.archive.restorePollSeconds,
            },
          ),
        );
        return;
      }
      const expiry = info.restore.expiresAt;
      if (expiry !== null && (expiresAt === null || expiry < expiresAt)) expiresAt = expiry;
    }
    await this.repository.setRetrievalState(retrievalId, 'ready', { expiresAt });
  }

  async status(principal: Principal, retrievalId: string): Promise<RetrievalView> {
    const { retrieval, pkg, ref } = await this.authorize(principal, retrievalId);
    const bags = await this.repository.bagsOfPackage(pkg.id);
    const copies = await this.repository.copiesByIds(retrieval.copyIds);
    return {
      id: retrieval.id,
      datasetId: ref.datasetId,
      versionNumber: ref.versionNumber,
      packageId: pkg.id,
      revision: pkg.revision,
      state: retrieval.state,
      requestedAt: retrieval.requestedAt.toISOString(),
      readyAt: retrieval.readyAt?.toISOString() ?? null,
      expiresAt: retrieval.expiresAt?.toISOString() ?? null,
      retryAfterSeconds: retrieval.state === 'recalling' ? this.config.archive.restorePollSeconds : null,
      bags: bags.map((bag) => {
        const copy = copies.find((candidate) => candidate.bagId === bag.id);
        return {
          index: bag.index,
          name: bag.name,
          sizeBytes: bag.tarBytes,
          sha256: bag.tarSha256,
          copy: copy?.name ?? '',
          storageClass: copy?.storageClass ?? '',
          href: `/api/v1/archive/retrievals/${retrieval.id}/bags/${bag.index}`,
        };
      }),
      lastError: retrieval.lastError,
    };
  }

  /** One bag of a ready retrieval, as its tar serialization. */
  async bag(principal: Principal, retrievalId: string, index: number): Promise<RetrievedContent> {
    const { bag, copy } = await this.readyCopy(principal, retrievalId, index);
    return {
      stream: await this.read(retrievalId, copy, undefined),
      sizeBytes: bag.tarBytes,
      fileName: `${bag.name}.tar`,
      sha256: bag.tarSha256,
    };
  }

  /** One payload file of a ready retrieval, read out of its bag by a ranged read. */
  async file(principal: Principal, retrievalId: string, path: string): Promise<RetrievedContent> {
    const { retrieval } = await this.authorize(principal, retrievalId);
    for (const bag of await this.repository.bagsOfPackage(retrieval.packageId)) {
      const entry = await this.repository.bagFile(bag.id, path);
      if (entry === undefined) continue;
      const { copy } = await this.readyCopy(principal, retrievalId, bag.index);
      const stream =
        entry.sizeBytes === 0
          ? Readable.from([])
          : await this.read(retrievalId, copy, {
              start: entry.offset,
              end: entry.offset + entry.sizeBytes - 1,
            });
      return { stream, sizeBytes: entry.sizeBytes, fileName: path.split('/').at(-1) ?? path, sha256: null };
    }
    throw new ArchivedFileNotFoundError(path);
  }

  private async readyCopy(
    principal: Principal,
    retrievalId: string,
    index: number,
  ): Promise<{ bag: BagRecord; copy: CopyRecord }> {
    const { retrieval } = await this.authorize(principal, retrievalId);
    if (retrieval.state !== 'ready') throw new RetrievalNotReadyError(retrievalId, retrieval.state);
    const bag = (await this.repository.bagsOfPackage(retrieval.packageId)).find((b) => b.index === index);
    const copy = (await this.repository.copiesByIds(retrieval.copyIds)).find((c) => c.bagId === bag?.id);
    if (bag === undefined || copy === undefined)
      throw new RetrievalNotFoundError(`${retrievalId}/bags/${index}`);
    if (copy.state !== 'stored') {
      // Found damaged (or deleted) since the retrieval became ready: serve nothing an audit doubts.
      await this.repository.setRetrievalState(retrievalId, 'failed', {
        lastError: `copy ${copy.name} is ${copy.state}; request a new retrieval`,
      });
      throw new RetrievalNotReadyError(retrievalId, 'failed');
    }
    return { bag, copy };
  }

  private async read(
    retrievalId: string,
    copy: CopyRecord,
    range: { start: number; end: number } | undefined,
  ): Promise<Readable> {
    try {
      return await this.store.get(copy.objectKey, range);
    } catch (error) {
      if (error instanceof ObjectArchivedError) {
        await this.repository.setRetrievalState(retrievalId, 'failed', {
          lastError: 'the recalled copy is no longer readable (its restore expired); request a new retrieval',
        });
        throw new RetrievalNotReadyError(retrievalId, 'expired');
      }
      throw error;
    }
  }

  private async authorize(
    principal: Principal,
    retrievalId: string,
  ): Promise<{
    retrieval: RetrievalRecord;
    pkg: PackageRecord;
    ref: { datasetId: string; versionNumber: number };
  }> {
    const retrieval = isUuid(retrievalId) ? await this.repository.retrievalById(retrievalId) : undefined;
    if (retrieval === undefined) throw new RetrievalNotFoundError(retrievalId);
    if (retrieval.requestedBy !== principal.userId && !principal.isAdmin) {
      if (principal.userId === undefined) throw new RetrievalNotFoundError(retrievalId);
      throw new ForbiddenError('Only whoever requested a retrieval (or an administrator) may use it');
    }
    const pkg = await this.repository.packageById(retrieval.packageId);
    const release = pkg === undefined ? undefined : await this.releases.versionOf(pkg.versionId);
    if (pkg === undefined || release === undefined) throw new RetrievalNotFoundError(retrievalId);
    // Rights may have been withdrawn since the request.
    await this.releases.authorizeRead(
      principal,
      release.datasetId,
      release.versionNumber,
      'Retrieving from the archive',
    );
    return { retrieval, pkg, ref: { datasetId: release.datasetId, versionNumber: release.versionNumber } };
  }
}
