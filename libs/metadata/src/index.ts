export type {
  Affiliation,
  Creator,
  EnergyRange,
  ReleaseFile,
  ReleaseMetadata,
  ReleaseRecord,
  ReleaseRelation,
  TemporalCoverage,
  Variable,
} from './release-record.js';
export { type IngestedMetadata, ingestReleaseMetadata } from './ingest/release-ingest.js';
export { missingForPublication, readReleaseMetadata } from './ingest/release-metadata.js';
export {
  ELECTRONVOLTS_PER_UNIT,
  ENERGY_UNITS,
  type EnergyUnit,
  energyRangeInUnit,
  isEnergyUnit,
} from './energy-units.js';
export { APDC_CONTEXT_URL, bundledDocumentLoader } from './json-ld/document-loader.js';
export { InvalidMetadataError } from './errors.js';
export { type Concept, type SchemeName, Vocabularies, vocabularies } from './vocabularies.js';
export {
  type MetadataFormat,
  METADATA_FORMATS,
  type RenderInput,
  negotiateMetadataFormat,
} from './metadata-formats.js';
export { toDataCiteXml } from './crosswalks/datacite-xml.js';
export { toDataCiteAttributes, toDataCiteJson } from './crosswalks/datacite-json.js';
export { toOaiDc, OAI_DC_NAMESPACE } from './crosswalks/oai-dc.js';
export { toSchemaOrgDataset } from './crosswalks/schema-org.js';
export { toDcatApJsonLd, toDcatApTurtle } from './crosswalks/dcat.js';
export { toProvJsonLd } from './crosswalks/prov.js';
export { toCslJson } from './crosswalks/csl-json.js';
export { toBibtex } from './crosswalks/bibtex.js';
export { toRis } from './crosswalks/ris.js';
export { doiUrl, orcidUrl, rorUrl, spdxLicenseUrl, toCitationText } from './crosswalks/citation-text.js';
export {
  type BibliographyOptions,
  CITATION_LOCALES,
  CITATION_STYLES,
  type CitationStyle,
  UnknownCitationStyleError,
  renderBibliography,
} from './crosswalks/csl-bibliography.js';
export { type MediaRange, parseAcceptHeader } from './accept-header.js';
