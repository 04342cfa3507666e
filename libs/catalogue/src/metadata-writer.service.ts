import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@apdc/access';
import { AuditLog } from '@apdc/audit';
import { type IngestedMetadata, ingestReleaseMetadata, readReleaseMetadata } from '@apdc/metadata';
import { digestOf } from '@apdc/platform';
import { VersionRepository } from './version.repository.js';

/** Validates a metadata document and stores it with its queryable fields; one path for every writer. */
@Injectable()
export class MetadataWriter {
  constructor(
    private readonly versions: VersionRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Canonicalises and validates; throws InvalidMetadataError listing every problem of the document. */
  prepare(document: unknown): Promise<IngestedMetadata> {
    return ingestReleaseMetadata(document);
  }

  /** Re-reads a document stored earlier, without refusing it under rules that may have changed since. */
  carryOver(document: Record<string, unknown>): IngestedMetadata {
    return {
      canonical: document,
      digest: digestOf(document),
      metadata: readReleaseMetadata(document).metadata,
    };
  }

  async write(
    manager: EntityManager,
    principal: Principal,
    versionId: string,
    datasetId: string,
    prepared: IngestedMetadata,
    options: { revision: number; beforeDigest?: string; reason?: string | null },
  ): Promise<void> {
    await this.versions.saveMetadata(
      manager,
      versionId,
      prepared.canonical,
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
      ...(options.beforeDigest === undefined ? {} : { beforeDigest: options.beforeDigest }),
      afterDigest: prepared.digest,
      details: { revision: options.revision, ...(options.reason == null ? {} : { reason: options.reason }) },
    });
  }
}
