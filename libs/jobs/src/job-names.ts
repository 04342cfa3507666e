/**
 * Events that other parts of the system react to after a change has committed. Each is a pg-boss queue,
 * and each is enqueued in the transaction of the change it announces (transactional outbox).
 */
export const RELEASE_EVENT_QUEUES = ['release.published', 'release.revised', 'release.withdrawn'] as const;
export type ReleaseEventQueue = (typeof RELEASE_EVENT_QUEUES)[number];

export interface ReleaseEvent {
  readonly datasetId: string;
  readonly versionId: string;
  readonly versionNumber: number;
  readonly revision: number;
}

/**
 * Something a dataset exposes changed (metadata, versions, access, files): search re-indexes it. At most
 * one waiting job per dataset (pg-boss "short" policy), so a burst of changes costs one run.
 */
export const DATASET_CHANGED_QUEUE = 'dataset.changed';

export interface DatasetChangedEvent {
  readonly datasetId: string;
}

/** A full rebuild of the search index, requested by an administrator. */
export const SEARCH_REINDEX_QUEUE = 'search.reindex';

/**
 * Archive a released version: pack its bags and place every copy its policy asks for. Enqueued with each
 * publication and metadata revision; also re-enqueued by the workers' sweep for anything left unfinished.
 */
export const ARCHIVE_PACKAGE_QUEUE = 'archive.package';

export interface ArchivePackageRequest {
  readonly versionId: string;
}

/** Check the fixity of one archived copy (and repair it from a good copy when it is bad). */
export const ARCHIVE_AUDIT_QUEUE = 'archive.audit';

export interface ArchiveAuditRequest {
  readonly auditId: string;
}

/** Follow a recall from tape until every bag of a retrieval is readable. */
export const ARCHIVE_RETRIEVAL_QUEUE = 'archive.retrieval';

export interface ArchiveRetrievalRequest {
  readonly retrievalId: string;
}
