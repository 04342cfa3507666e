/**
 * The release as every crosswalk sees it: the curator's metadata, read from the canonical JSON-LD, plus
 * what the catalogue knows about the version (identity, files, provenance). Crosswalks are pure functions
 * of this record, so each output dialect says the same things.
 */

import type { SkyRegion } from '@apdc/sky';

export interface Affiliation {
  readonly name: string;
  /** ROR id without the https://ror.org/ prefix, e.g. `04t3en479`. */
  readonly ror: string | null;
}

export interface Creator {
  readonly kind: 'person' | 'organization';
  /** Display name; for persons "Given Family" or as written. */
  readonly name: string;
  readonly givenName: string | null;
  readonly familyName: string | null;
  /** Bare ORCID iD, e.g. `0000-0002-1825-0097`. */
  readonly orcid: string | null;
  /** ROR id for organisations that are creators themselves. */
  readonly ror: string | null;
  readonly affiliations: readonly Affiliation[];
}

export interface ReleaseRelation {
  /** DataCite relationType, e.g. `IsDerivedFrom`, `References`, `IsIdenticalTo`, `IsPartOf`, `HasPart`. */
  readonly relationType: string;
  /** A DOI is bare and lower-case (`10.7910/dvn/scrucd`); URLs are absolute; arXiv ids as `arXiv:2307.16210`. */
  readonly identifier: string;
  readonly identifierType: 'DOI' | 'URL' | 'arXiv';
}

/** An observable of the release, e.g. the reconstructed energy. */
export interface Variable {
  readonly name: string;
  readonly description: string | null;
  /** IVOA VOUnit string, e.g. `GeV`, `deg`, `log(GeV)`; null when dimensionless or unknown. */
  readonly unit: string | null;
  /** IVOA UCD, e.g. `phys.energy`, `pos.eq.ra;meta.main`. */
  readonly ucd: string | null;
}

export interface TemporalCoverage {
  /** ISO 8601 date or date-time (year, year-month or full date allowed). */
  readonly start: string;
  /** ISO 8601; null for an open interval or a single instant given as start only. */
  readonly end: string | null;
}

/** The energies a release covers, in electronvolts; one end may be open (null), never both. */
export interface EnergyRange {
  readonly minEv: number | null;
  readonly maxEv: number | null;
}

export interface ReleaseMetadata {
  readonly title: string | null;
  readonly description: string | null;
  readonly versionLabel: string | null;
  /** SPDX licence id, e.g. `CC-BY-4.0`. */
  readonly license: string | null;
  readonly publicationYear: number | null;
  /** ISO 8601 as the curator gave it (year, year-month or date). */
  readonly datePublished: string | null;
  readonly dateModified: string | null;
  readonly keywords: readonly string[];
  readonly creators: readonly Creator[];
  readonly relations: readonly ReleaseRelation[];
  readonly temporalCoverage: TemporalCoverage | null;
  /** Free text, e.g. "whole sky" or "Galactic plane |b| < 5°". */
  readonly spatialCoverage: string | null;
  /**
   * The parts of the sky the release covers, as regions the catalogue search can intersect with a cone;
   * empty when the curator did not say (such a release never matches a sky search).
   */
  readonly skyCoverage: readonly SkyRegion[];
  /** The energies the release covers (of its events, sources or spectra), or null when not given. */
  readonly energyRange: EnergyRange | null;
  /** Slugs of the messenger concept scheme, e.g. `neutrino`, `gamma-ray`, `charged-cosmic-ray`. */
  readonly messengers: readonly string[];
  /** Slugs of the facility concept scheme, e.g. `icecube`, `kascade`, `fermi-lat`. */
  readonly facilities: readonly string[];
  /** Slug of the data-level concept scheme, e.g. `event-list`, `source-catalogue`. */
  readonly dataLevel: string | null;
  readonly variables: readonly Variable[];
  /** BCP 47 language tag of title and description; `en` by default. */
  readonly language: string;
}

export interface ReleaseFile {
  readonly path: string;
  readonly sizeBytes: number;
  readonly mediaType: string;
  readonly sha256: string;
  readonly sha512: string;
  /** Absolute download URL. */
  readonly url: string;
}

export interface ReleaseRecord {
  readonly datasetId: string;
  readonly versionNumber: number;
  readonly state: 'draft' | 'published' | 'withdrawn';
  /** Bare DOI of this version once registered (`10.xxxx/...`), else null. */
  readonly doi: string | null;
  /** Bare DOI of the dataset concept (all versions), else null. */
  readonly conceptDoi: string | null;
  /** Absolute URL of the version's landing page: the identifier when there is no DOI yet. */
  readonly landingPage: string;
  /** The data centre that publishes the release. */
  readonly publisher: { readonly name: string; readonly ror: string | null; readonly url: string };
  /** ISO 8601 date-time of publication; null for drafts. */
  readonly publishedAt: string | null;
  readonly metadata: ReleaseMetadata;
  readonly files: readonly ReleaseFile[];
  readonly previousVersion: {
    readonly number: number;
    readonly landingPage: string;
    readonly doi: string | null;
  } | null;
  /** The software (and its version) that produced the release. */
  readonly software: { readonly name: string; readonly version: string | null } | null;
}
