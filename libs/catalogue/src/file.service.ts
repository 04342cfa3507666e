import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Readable, pipeline } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Principal } from '@apdc/access';
import { AuditLog } from '@apdc/audit';
import { type ByteRange, ObjectNotFoundError, ObjectStore } from '@apdc/object-store';
import { APP_CONFIG, type AppConfig, Clock, InvalidInputError, newId } from '@apdc/platform';
import { type Page, decodeCursor, toPage } from '@apdc/platform';
import type { DatasetRecord } from './dataset.repository.js';
import {
  ChecksumMismatchError,
  EmbargoedError,
  FileNotFoundError,
  FileTooLargeError,
  IncompleteUploadError,
  UploadInterruptedError,
  VersionImmutableError,
  VersionWithdrawnError,
} from './errors.js';
import { type FileRecord, FileRepository } from './file.repository.js';
import type { DeclaredDigests } from './files/declared-digests.js';
import { DigestingStream, SizeLimitExceededError } from './files/digesting-stream.js';
import { releaseFilePathViolations } from './files/release-file-path.js';
import { ReleaseAccess } from './release-access.service.js';
import { ReleaseAnnouncer } from './release-announcer.service.js';
import { type FileView, toFileView, toTombstone } from './release.view.js';
import { isUnderEmbargo } from './version.service.js';
import { type VersionRecord, VersionRepository } from './version.repository.js';

export interface UploadRequest {
  readonly path: string;
  readonly body: Readable;
  readonly mediaType: string;
  readonly contentLength: number | undefined;
  readonly declared: DeclaredDigests;
  readonly restricted: boolean;
}

const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;.*)?$/i;

/** The files of a release: streamed in with their checksums computed on the way, streamed out. */
@Injectable()
export class FileService {
  private readonly logger = new Logger(FileService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly versions: VersionRepository,
    private readonly files: FileRepository,
    private readonly access: ReleaseAccess,
    private readonly objectStore: ObjectStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly announcer: ReleaseAnnouncer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Stores a file in a draft. The bytes go to the object store under a fresh key first; the file counts
   * as present only once its row commits, so an upload cut off at any point leaves the draft as it was.
   */
  async upload(
    principal: Principal,
    datasetId: string,
    number: number,
    request: UploadRequest,
  ): Promise<FileView> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    this.access.requireDeposit(principal, dataset, 'Uploading files');
    const violations = releaseFilePathViolations(request.path);
    if (!MEDIA_TYPE.test(request.mediaType))
      violations.push({ path: 'Content-Type', message: 'not a media type' });
    if (violations.length > 0) throw new InvalidInputError('Invalid upload', violations);
    const version = await this.access.visibleVersion(principal, dataset, number);
    if (version.state !== 'draft') throw new VersionImmutableError(version.state);
    const limit = this.config.uploads.maxFileBytes;
    if (request.contentLength !== undefined && request.contentLength > limit)
      throw new FileTooLargeError(limit);

    const storageKey = `files/${newId()}`;
    const digester = new DigestingStream(limit);
    try {
      await this.objectStore.put(
        storageKey,
        pipeline(request.body, digester, () => undefined),
      );
    } catch (error) {
      if (error instanceof SizeLimitExceededError) throw new FileTooLargeError(limit);
      if (request.body.destroyed || request.body.errored !== null) throw new UploadInterruptedError();
      throw error;
    }
    const stored = digester.result();
    let replaced: FileRecord | undefined;
    const file: Omit<FileRecord, 'createdAt'> = {
      id: newId(),
      versionId: version.id,
      path: request.path,
      mediaType: request.mediaType,
      restricted: request.restricted,
      storageKey,
      ...stored,
    };
    // Until the row commits, the new bytes belong to nobody: any failure up to then removes them.
    try {
      if (request.contentLength !== undefined && stored.sizeBytes !== request.contentLength) {
        throw new IncompleteUploadError(request.contentLength, stored.sizeBytes);
      }
      if (request.declared.sha256 !== undefined && request.declared.sha256 !== stored.sha256) {
        throw new ChecksumMismatchError('SHA-256', request.declared.sha256, stored.sha256);
      }
      if (request.declared.sha512 !== undefined && request.declared.sha512 !== stored.sha512) {
        throw new ChecksumMismatchError('SHA-512', request.declared.sha512, stored.sha512);
      }
      replaced = await this.dataSource.transaction(async (manager) => {
        const locked = await this.versions.find(dataset.id, number, manager, { forUpdate: true });
        if (locked?.state !== 'draft') throw new VersionImmutableError(locked?.state ?? 'missing');
        const existing = await this.files.find(version.id, request.path, manager);
        if (existing !== undefined) await this.files.delete(manager, existing.id);
        await this.files.insert(manager, file);
        await this.versions.touch(manager, version.id);
        await this.announcer.datasetChanged(manager, dataset.id);
        await this.audit.record(manager, {
          actorId: principal.userId,
          action: existing === undefined ? 'file.added' : 'file.replaced',
          entityType: 'file',
          entityId: file.id,
          datasetId: dataset.id,
          ...(existing === undefined ? {} : { before: fileState(existing) }),
          after: fileState(file),
          details: { versionNumber: version.number, path: file.path },
        });
        return existing;
      });
    } catch (error) {
      await this.objectStore.delete(storageKey);
      throw error;
    }
    if (replaced !== undefined) await this.deleteUnreferencedBlob(replaced.storageKey);
    return toFileView({ ...file, createdAt: new Date() });
  }

  async remove(principal: Principal, datasetId: string, number: number, path: string): Promise<void> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    this.access.requireDeposit(principal, dataset, 'Removing files');
    const removed = await this.dataSource.transaction(async (manager) => {
      const version = await this.access.visibleVersion(principal, dataset, number, manager, {
        forUpdate: true,
      });
      if (version.state !== 'draft') throw new VersionImmutableError(version.state);
      const existing = await this.files.find(version.id, path, manager);
      if (existing === undefined) throw new FileNotFoundError(path);
      await this.files.delete(manager, existing.id);
      await this.versions.touch(manager, version.id);
      await this.announcer.datasetChanged(manager, dataset.id);
      await this.audit.record(manager, {
        actorId: principal.userId,
        action: 'file.removed',
        entityType: 'file',
        entityId: existing.id,
        datasetId: dataset.id,
        before: fileState(existing),
        details: { versionNumber: version.number, path },
      });
      return existing;
    });
    await this.deleteUnreferencedBlob(removed.storageKey);
  }

  async list(
    principal: Principal,
    datasetId: string,
    number: number,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<FileView>> {
    const { dataset, version } = await this.readableFiles(principal, datasetId, number);
    const rows = await this.files.list(version.id, {
      afterPath: decodeCursor(cursor),
      limit: limit + 1,
      includeRestricted: this.access.mayReadProtected(principal, dataset),
    });
    return toPage(rows, limit, (row) => row.path, toFileView);
  }

  /**
   * The bytes (or a range of them) of a file found by {@link describe}. A catalogued file whose bytes are
   * missing is an integrity failure of the store, reported as such, never as "not found".
   */
  async open(file: FileRecord, range?: ByteRange): Promise<Readable> {
    try {
      return await this.objectStore.get(file.storageKey, range);
    } catch (error) {
      if (error instanceof ObjectNotFoundError) {
        throw new Error(
          `integrity: the bytes of ${file.id} (${file.storageKey}) are missing from the object store`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  async describe(principal: Principal, datasetId: string, number: number, path: string): Promise<FileRecord> {
    const { dataset, version } = await this.readableFiles(principal, datasetId, number);
    const file = await this.files.find(version.id, path);
    if (file === undefined || (file.restricted && !this.access.mayReadProtected(principal, dataset))) {
      throw new FileNotFoundError(path);
    }
    return file;
  }

  private async readableFiles(
    principal: Principal,
    datasetId: string,
    number: number,
  ): Promise<{ dataset: DatasetRecord; version: VersionRecord }> {
    const dataset = await this.access.visibleDataset(principal, datasetId);
    const version = await this.access.visibleVersion(principal, dataset, number);
    if (version.state === 'withdrawn') {
      throw new VersionWithdrawnError(toTombstone(version, await this.versions.creators(version.id)));
    }
    if (isUnderEmbargo(version, this.clock.now()) && !this.access.mayReadProtected(principal, dataset)) {
      throw new EmbargoedError(version.embargoUntil as Date);
    }
    return { dataset, version };
  }

  private async deleteUnreferencedBlob(storageKey: string): Promise<void> {
    if (await this.files.isStorageKeyReferenced(this.dataSource.manager, storageKey)) return;
    await this.objectStore.delete(storageKey).catch((error: unknown) => {
      this.logger.warn(`could not delete unreferenced object ${storageKey}: ${String(error)}`);
    });
  }
}

function fileState(file: Omit<FileRecord, 'createdAt'>): Record<string, unknown> {
  return {
    path: file.path,
    sizeBytes: file.sizeBytes,
    sha256: file.sha256,
    sha512: file.sha512,
    restricted: file.restricted,
  };
}
