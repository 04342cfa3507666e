import type { SkyRegion } from '@apdc/sky';

/**
 * What the search index holds of one dataset: its newest published version, or, for a dataset never
 * released, its draft (visible to the groups with rights on it only). Built from the database by
 * {@link toSearchDocument}; adapters store it and answer searches over it, nothing else.
 */
export interface SearchDocument {
  readonly datasetId: string;
  readonly versionNumber: number;
  readonly state: 'published' | 'draft';
  readonly title: string;
  readonly description: string;
  /** Display names of persons and organisations. */
  readonly creators: readonly string[];
  readonly keywords: readonly string[];
  /** Facility (experiment) slugs, e.g. `icecube`. */
  readonly facilities: readonly string[];
  /** Messenger slugs, e.g. `neutrino`. */
  readonly messengers: readonly string[];
  /** Data-level slug, e.g. `event-list`; the "resource type" facet. */
  readonly resourceType: string | null;
  /** SPDX licence id as given, e.g. `CC-BY-4.0`. */
  readonly license: string | null;
  /** Human labels of the facilities, messengers and data level, so that free text finds "IceCube". */
  readonly labels: readonly string[];
  /** Normalised identifiers (`doi:10.…`, `orcid:…`, `url:…`, `arxiv:…`, `id:<uuid>`), matched exactly. */
  readonly identifiers: readonly string[];
  readonly doi: string | null;
  readonly landingPage: string;
  readonly publicationYear: number | null;
  /** ISO 8601 date-time of publication; null for drafts. */
  readonly publishedAt: string | null;
  /** Observation time span as ISO 8601 date-times (UTC); an open end is null. */
  readonly timeStart: string | null;
  readonly timeEnd: string | null;
  /** Energy range in eV. */
  readonly energyMinEv: number | null;
  readonly energyMaxEv: number | null;
  /** Sky coverage; empty when unknown (such releases never match a cone). */
  readonly skyCoverage: readonly SkyRegion[];
  /** ISO 8601 end of the files' embargo, if any; whether it is still running is decided at query time. */
  readonly embargoUntil: string | null;
  readonly hasRestrictedFiles: boolean;
  /** Whether everybody may find it; otherwise only admins and members of `readerGroupIds`. */
  readonly public: boolean;
  readonly readerGroupIds: readonly string[];
}

/** A document with the digest of its canonical JSON, which `apdc search verify` compares. */
export interface IndexedDocument {
  readonly document: SearchDocument;
  readonly digest: string;
}
