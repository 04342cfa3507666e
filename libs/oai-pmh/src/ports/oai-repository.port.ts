import type { ReleaseRecord } from '@apdc/metadata';

/** One harvestable item: a dataset, exposed with the metadata of its newest published version. */
export interface OaiItem {
  /** The dataset id; the OAI identifier is `oai:<repository id>:<localId>`. */
  readonly localId: string;
  /** Changes whenever the exposed metadata changes (publication, revision, withdrawal, set change); whole seconds. */
  readonly datestamp: Date;
  /** Persistent deleted record: every version was withdrawn. */
  readonly deleted: boolean;
  readonly setSpecs: readonly string[];
}

export interface OaiItemWithRecord extends OaiItem {
  /** Undefined for deleted items. */
  readonly record: ReleaseRecord | undefined;
}

export interface OaiSet {
  readonly spec: string;
  readonly name: string;
}

export interface OaiSelection {
  /** Inclusive bounds, whole seconds. */
  readonly from: Date | undefined;
  readonly until: Date | undefined;
  readonly set: string | undefined;
}

/** Position after the last item returned: items are listed by (datestamp, localId). */
export interface OaiCursor {
  readonly datestamp: Date;
  readonly localId: string;
}

/** Where the OAI-PMH provider reads the catalogue from. Implemented by the application over the catalogue. */
export abstract class OaiRepository {
  abstract earliestDatestamp(): Promise<Date>;
  abstract listSets(): Promise<OaiSet[]>;
  abstract setExists(spec: string): Promise<boolean>;
  /** Undefined when there is no such item (never published: drafts are not exposed). */
  abstract get(localId: string): Promise<OaiItemWithRecord | undefined>;
  /** Items of the selection after `cursor`, in (datestamp, localId) order; records loaded when `withRecords`. */
  abstract list(
    selection: OaiSelection,
    cursor: OaiCursor | undefined,
    limit: number,
    withRecords: boolean,
  ): Promise<OaiItemWithRecord[]>;
  abstract count(selection: OaiSelection): Promise<number>;
}
