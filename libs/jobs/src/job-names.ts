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
