import type { JobHandler, ReleaseEvent, ReleaseEventQueue } from '@apdc/jobs';
import type { DoiRegistrationService } from './doi-registration.service.js';

/** Consumes a release event queue by synchronising the version's DOIs; failures are retried by pg-boss. */
export class DoiRegistrationHandler implements JobHandler<ReleaseEvent> {
  constructor(
    readonly queue: ReleaseEventQueue,
    private readonly registration: DoiRegistrationService,
  ) {}

  handle(event: ReleaseEvent): Promise<void> {
    return this.registration.synchronise(event.versionId);
  }
}
