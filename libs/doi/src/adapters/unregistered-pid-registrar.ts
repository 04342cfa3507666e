import { type DoiUpsertRequest, PidRegistrar, type RegisteredDoi } from '../ports/pid-registrar.port.js';

/**
 * The {@link PidRegistrar} of deployments without a registration agency: DOIs are minted and shown, but
 * registered nowhere, so they stay drafts and resolve nowhere. No network, no state, never fails.
 */
export class UnregisteredPidRegistrar extends PidRegistrar {
  readonly registers = false;

  override upsert(request: DoiUpsertRequest): Promise<RegisteredDoi> {
    return Promise.resolve({ doi: request.doi, state: 'draft', url: request.url });
  }

  override get(_doi: string): Promise<RegisteredDoi | undefined> {
    return Promise.resolve(undefined);
  }
}
