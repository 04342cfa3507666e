import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@apdc/access';
import { AuditLog } from '@apdc/audit';
import { digestOf } from '@apdc/platform';
import { InvalidMetadataError } from './errors.js';
import { type ReleaseMetadata, readReleaseMetadata } from './metadata/release-metadata.js';
import { VersionRepository } from './version.repository.js';

export interface PreparedMetadata {
  readonly document: Record<string, unknown>;
  readonly digest: string;
  readonly metadata: ReleaseMetadata;
}

/** Validates a metadata document and stores it with its queryable fields; one path for every writer. */
@Injectable()
export class MetadataWriter {
  constructor(
    private readonly versions: VersionRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Throws {@link InvalidMetadataError} listing every problem of the document. */
  prepare(document: unknown): PreparedMetadata {
    const { metadata, violations } = readReleaseMetadata(document);
    if (violations.length > 0) throw new InvalidMetadataError(violations);
    const record = document as Record<string, unknown>;
    return { document: record, digest: digestOf(record), metadata };
  }

  /** Re-reads a document stored earlier, without refusing it under rules that may have changed since. */
  carryOver(document: Record<string, unknown>): PreparedMetadata {
    return { document, digest: digestOf(document), metadata: readReleaseMetadata(document).metadata };
  }

  async write(
    manager: EntityManager,
    principal: Principal,
    versionId: string,
    datasetId: string,
    prepared: PreparedMetadata,
    options: { revision: number; beforeDigest?: string; reason?: string | null },
  ): Promise<void> {
    await this.versions.saveMetadata(
      manager,
      versionId,
      prepared.document,
      prepared.digest,
      prepared.metadata,
      options.revision,
    );
    await this.audit.record(manager, {
      actorId: principal.userId,
      action: options.revision === 0 ? 'version.metadata-set' : 'version.metadata-revised',
      entityType: 'version',
      entityId: versionId,
      datasetId,
      ...(options.beforeDigest === undefined ? {} : { before: options.beforeDigest }),
      after: prepared.digest,
      details: { revision: options.revision, ...(options.reason == null ? {} : { reason: options.reason }) },
    });
  }
}
