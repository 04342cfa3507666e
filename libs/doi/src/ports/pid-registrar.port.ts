/**
 * The `attributes` of a DataCite REST API `dois` resource, spelt as the API spells them: what
 * `toDataCiteAttributes(record)` of `@apdc/metadata` returns. The registrar passes them through untouched
 * except for `doi`, `url` and `event`, which it sets itself. Only the properties DataCite requires before
 * a DOI may leave the draft state are named here, loosely, so that any crosswalk output fits.
 */
export interface DataCiteAttributes {
  readonly creators?: readonly object[];
  readonly titles?: readonly object[];
  /** A name, or `{ name, publisherIdentifier?, ... }` (DataCite 4.5+). */
  readonly publisher?: string | object;
  readonly publicationYear?: number;
  readonly types?: { readonly resourceTypeGeneral?: string };
}

/**
 * DataCite's DOI states: `draft` (known to DataCite only, deletable), `registered` (resolves through the
 * Handle System, metadata hidden), `findable` (resolves and its metadata is public). A DOI that has left
 * `draft` never returns to it.
 */
export type DoiState = 'draft' | 'registered' | 'findable';

/**
 * What the DOI should become visible as: `publish` → findable; `hide` → registered, i.e. resolvable but
 * not findable (a withdrawn release keeps resolving to its tombstone); `undefined` leaves the state as it
 * is (a new DOI starts as a draft) and only writes metadata and URL.
 */
export type DoiEvent = 'publish' | 'hide';

export interface DoiUpsertRequest {
  /** The full DOI, e.g. `10.5072/k7q2-x4mvx`. DOIs are case-insensitive; DataCite answers in lower case. */
  readonly doi: string;
  /** The landing page the DOI resolves to. */
  readonly url: string;
  readonly attributes: DataCiteAttributes;
  readonly event: DoiEvent | undefined;
}

export interface RegisteredDoi {
  readonly doi: string;
  readonly state: DoiState;
  /** Where the DOI resolves; `null` for a draft created without one. */
  readonly url: string | null;
}

/**
 * Registers DOIs with a registration agency (DataCite), or, in deployments without one, does nothing at
 * all ({@link RegisteredDoi.state} stays `draft`). Calls are idempotent: a job retried after a crash may
 * repeat any call and gets the same result.
 */
export abstract class PidRegistrar {
  /** `false` when DOIs are minted locally but never registered anywhere. */
  abstract readonly registers: boolean;

  /**
   * Creates the DOI if the agency does not know it, otherwise updates its metadata and URL, then applies
   * `event` (see {@link DoiEvent}). Rejects with `DataCiteRejectedError` when the agency refuses the
   * request (do not retry) and `DataCiteUnavailableError` when it cannot be reached (retry later).
   */
  abstract upsert(request: DoiUpsertRequest): Promise<RegisteredDoi>;

  /** The DOI as the agency knows it, or `undefined` when it does not. */
  abstract get(doi: string): Promise<RegisteredDoi | undefined>;
}
