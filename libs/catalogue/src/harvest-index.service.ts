import { Injectable } from '@nestjs/common';
import type { ReleaseRecord } from '@apdc/metadata';
import { vocabularies } from '@apdc/metadata';
import { isUuid } from '@apdc/platform';
import {
  type HarvestItemRow,
  HarvestIndexRepository,
  type HarvestSelection,
} from './harvest-index.repository.js';
import { ReleaseRecordService } from './release-record.service.js';

/** What harvesters (OAI-PMH) read: released datasets by datestamp, their sets and public records. */
@Injectable()
export class HarvestIndexService {
  constructor(
    private readonly index: HarvestIndexRepository,
    private readonly records: ReleaseRecordService,
  ) {}

  get(datasetId: string): Promise<HarvestItemRow | undefined> {
    return isUuid(datasetId) ? this.index.get(datasetId) : Promise.resolve(undefined);
  }

  list(
    selection: HarvestSelection,
    after: { datestamp: Date; datasetId: string } | undefined,
    limit: number,
  ): Promise<HarvestItemRow[]> {
    return this.index.list(selection, after, limit);
  }

  count(selection: HarvestSelection): Promise<number> {
    return this.index.count(selection);
  }

  async earliestDatestamp(): Promise<Date> {
    return (await this.index.earliestDatestamp()) ?? new Date(0);
  }

  /** The public record of the newest published version; undefined for deleted items. */
  async record(datasetId: string): Promise<ReleaseRecord | undefined> {
    const versionId = await this.index.newestPublishedVersionId(datasetId);
    if (versionId === undefined) return undefined;
    return this.records.publicRecord(versionId);
  }

  /** Every set some item belongs to, with a human name (vocabulary label or group name). */
  async sets(): Promise<Array<{ spec: string; name: string }>> {
    const specs = await this.index.setSpecs();
    const groups = await this.index.groupNames();
    return specs.map((spec) => {
      const [kind = '', ...rest] = spec.split(':');
      const last = rest.at(-1) ?? '';
      const scheme =
        kind === 'facility'
          ? 'facility'
          : kind === 'messenger'
            ? 'messenger'
            : kind === 'level'
              ? 'data-level'
              : undefined;
      const name =
        scheme !== undefined
          ? (vocabularies().concept(scheme, last)?.label ?? last)
          : kind === 'group'
            ? (groups.get(last) ?? last)
            : spec;
      return { spec, name };
    });
  }
}
