import { Injectable, Logger } from '@nestjs/common';
import { ReleaseRecordService } from '@apdc/catalogue';
import { PidRegistrar } from '@apdc/doi';
import { toDataCiteAttributes } from '@apdc/metadata';

/**
 * Brings DataCite in line with the catalogue for one version: its version DOI (findable while published,
 * hidden once withdrawn, the URL then leading to the tombstone) and its dataset's concept DOI (metadata of
 * the newest published version, `HasVersion` every version). Idempotent, so a retried job is harmless.
 */
@Injectable()
export class DoiRegistrationService {
  private readonly logger = new Logger(DoiRegistrationService.name);

  constructor(
    private readonly records: ReleaseRecordService,
    private readonly registrar: PidRegistrar,
  ) {}

  async synchronise(versionId: string): Promise<void> {
    const input = await this.records.registrationInput(versionId);
    if (input === undefined) return;
    try {
      if (!this.registrar.registers) {
        await this.records.recordDoiOutcome(versionId, { status: 'unregistered' });
        return;
      }
      const registered = await this.registrar.upsert({
        doi: input.doi,
        url: input.record.landingPage,
        attributes: toDataCiteAttributes(input.record),
        event: input.state === 'published' ? 'publish' : input.state === 'withdrawn' ? 'hide' : undefined,
      });
      await this.synchroniseConcept(input.record.datasetId);
      await this.records.recordDoiOutcome(versionId, {
        status: registered.state === 'findable' ? 'findable' : 'registered',
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`DOI ${input.doi}: registration failed, will retry: ${message}`);
      await this.records.recordDoiOutcome(versionId, { error: message });
      throw error;
    }
  }

  private async synchroniseConcept(datasetId: string): Promise<void> {
    const concept = await this.records.conceptRegistrationInput(datasetId);
    if (concept === undefined) return;
    if (concept.newest === null) {
      const existing = await this.registrar.get(concept.conceptDoi);
      if (existing !== undefined) {
        await this.registrar.upsert({
          doi: concept.conceptDoi,
          url: concept.landingPage,
          attributes: {},
          event: 'hide',
        });
      }
      return;
    }
    const attributes = toDataCiteAttributes({
      ...concept.newest,
      doi: concept.conceptDoi,
      conceptDoi: null,
      previousVersion: null,
    });
    const related = (attributes.relatedIdentifiers ?? []).filter(
      (relation) => relation.relationType !== 'IsNewVersionOf',
    );
    await this.registrar.upsert({
      doi: concept.conceptDoi,
      url: concept.landingPage,
      attributes: {
        ...attributes,
        relatedIdentifiers: [
          ...related,
          ...concept.versionDois.map((doi) => ({
            relatedIdentifier: doi,
            relatedIdentifierType: 'DOI',
            relationType: 'HasVersion',
          })),
        ],
      } as unknown as Readonly<Record<string, unknown>>,
      event: 'publish',
    });
  }
}
