import { Injectable } from '@nestjs/common';
import { HarvestIndexService, type HarvestItemRow } from '@apdc/catalogue';
import {
  type OaiCursor,
  OaiRepository,
  type OaiItemWithRecord,
  type OaiSelection,
  type OaiSet,
} from '@apdc/oai-pmh';

/** The catalogue's harvest index as the OAI-PMH provider reads it: one item per released dataset. */
@Injectable()
export class CatalogueOaiRepository extends OaiRepository {
  constructor(private readonly harvest: HarvestIndexService) {
    super();
  }

  earliestDatestamp(): Promise<Date> {
    return this.harvest.earliestDatestamp();
  }

  listSets(): Promise<OaiSet[]> {
    return this.harvest.sets();
  }

  async setExists(spec: string): Promise<boolean> {
    return (await this.harvest.sets()).some((set) => set.spec === spec);
  }

  async get(localId: string): Promise<OaiItemWithRecord | undefined> {
    const row = await this.harvest.get(localId);
    return row === undefined ? undefined : this.withRecord(row, true);
  }

  async list(
    selection: OaiSelection,
    cursor: OaiCursor | undefined,
    limit: number,
    withRecords: boolean,
  ): Promise<OaiItemWithRecord[]> {
    const rows = await this.harvest.list(
      selection,
      cursor === undefined ? undefined : { datestamp: cursor.datestamp, datasetId: cursor.localId },
      limit,
    );
    const items: OaiItemWithRecord[] = [];
    for (const row of rows) items.push(await this.withRecord(row, withRecords));
    return items;
  }

  count(selection: OaiSelection): Promise<number> {
    return this.harvest.count(selection);
  }

  private async withRecord(row: HarvestItemRow, load: boolean): Promise<OaiItemWithRecord> {
    return {
      localId: row.datasetId,
      datestamp: row.datestamp,
      deleted: row.deleted,
      setSpecs: row.setSpecs,
      record: load && !row.deleted ? await this.harvest.record(row.datasetId) : undefined,
    };
  }
}
