import type { Violation } from '@apdc/platform';
import type {
  Affiliation,
  Creator,
  ReleaseMetadata,
  ReleaseRelation,
  TemporalCoverage,
  Variable,
} from '../release-record.js';
import { type SchemeName, vocabularies } from '../vocabularies.js';
import { parseDoi, parseOrcid, parseRelatedIdentifier, parseRor, parseSpdxLicense } from './identifiers.js';
import { isIsoDate, isIsoDateOrDateTime, parseIsoInterval } from './iso-dates.js';
import { isSpdxLicenseId, spdxSuggestion } from './spdx-licenses.js';
import { escapePointer } from './structure-guard.js';

/** schema.org properties that name related works, and the DataCite relation each stands for. */
export const RELATION_PROPERTIES: Readonly<Record<string, string>> = {
  isBasedOn: 'IsDerivedFrom',
  wasDerivedFrom: 'IsDerivedFrom',
  citation: 'References',
  sameAs: 'IsIdenticalTo',
  isPartOf: 'IsPartOf',
  hasPart: 'HasPart',
  subjectOf: 'IsDocumentedBy',
};

/** The properties a release description may have (canonical names of our context). */
export const KNOWN_PROPERTIES: ReadonlySet<string> = new Set([
  '@context',
  '@type',
  '@id',
  'name',
  'alternateName',
  'description',
  'version',
  'license',
  'datePublished',
  'dateModified',
  'dateCreated',
  'keywords',
  'creator',
  'contributor',
  'funder',
  'publisher',
  'identifier',
  'url',
  'temporalCoverage',
  'spatialCoverage',
  'variableMeasured',
  'measurementTechnique',
  'inLanguage',
  'isAccessibleForFree',
  'distribution',
  'about',
  'messenger',
  'facility',
  'dataLevel',
  'wasGeneratedBy',
  ...Object.keys(RELATION_PROPERTIES),
]);

const AGENT_PROPERTIES = new Set([
  'sameAs',
  '@type',
  '@id',
  'name',
  'givenName',
  'familyName',
  'affiliation',
  'identifier',
  'url',
  'email',
]);
const ORGANIZATION_PROPERTIES = new Set(['@type', '@id', 'name', 'identifier', 'url', 'sameAs']);
const VARIABLE_PROPERTIES = new Set([
  '@type',
  '@id',
  'name',
  'description',
  'unitText',
  'unitCode',
  'voUnit',
  'ucd',
  'observable',
  'propertyID',
  'minValue',
  'maxValue',
]);

/** Properties of a nested node that our context does not define (typos, or terms of another vocabulary). */
function unknownProperties(
  node: Record<string, unknown>,
  allowed: ReadonlySet<string>,
  path: string,
  violations: Violation[],
): void {
  for (const key of Object.keys(node)) {
    if (!allowed.has(key)) {
      violations.push({
        path: `${path}/${escapePointer(key)}`,
        message: 'unknown property here (see the APDC context)',
      });
    }
  }
}

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const UCD = /^[a-zA-Z][\w-]*(\.[\w-]+)*(;[a-zA-Z][\w-]*(\.[\w-]+)*)*$/;

const asArray = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Reads a release description in canonical form (compacted with our context) into the fields the
 * catalogue queries and the crosswalks write, reporting every problem at once with its JSON pointer.
 */
export function readReleaseMetadata(document: unknown): {
  metadata: ReleaseMetadata;
  violations: Violation[];
} {
  const violations: Violation[] = [];
  const doc = isObject(document) ? document : {};
  if (!isObject(document)) violations.push({ path: '', message: 'metadata must be a JSON-LD object' });
  const types = asArray(doc['@type']);
  if (isObject(document) && !types.includes('Dataset')) {
    violations.push({ path: '/@type', message: 'must be "Dataset" (schema.org)' });
  }
  for (const key of Object.keys(doc)) {
    if (!KNOWN_PROPERTIES.has(key)) {
      violations.push({
        path: `/${escapePointer(key)}`,
        message: 'unknown property for a release (see the APDC context for the accepted terms)',
      });
    }
  }
  const text = (key: string, maxLength: number): string | null =>
    optionalText(doc, key, violations, maxLength);
  const title = text('name', 1000);
  const description = text('description', 100_000);
  const versionLabel = versionText(doc['version'], violations);
  const license = readLicense(doc['license'], violations);
  const datePublished = readDate(doc, 'datePublished', violations);
  const dateModified = readDate(doc, 'dateModified', violations);
  readDate(doc, 'dateCreated', violations);
  readIdentifier(doc['identifier'], violations);
  const language = text('inLanguage', 35);
  if (language !== null && !LANGUAGE_TAG.test(language)) {
    violations.push({ path: '/inLanguage', message: 'must be a BCP 47 language tag such as "en"' });
  }
  return {
    metadata: {
      title,
      description,
      versionLabel,
      license,
      publicationYear: datePublished === null ? null : Number(datePublished.slice(0, 4)),
      datePublished,
      dateModified,
      keywords: readKeywords(doc['keywords'], violations),
      creators: readAgents(doc['creator'], '/creator', violations),
      relations: readRelations(doc, violations),
      temporalCoverage: readTemporalCoverage(doc['temporalCoverage'], violations),
      spatialCoverage: readSpatialCoverage(doc['spatialCoverage'], violations),
      messengers: readConcepts(doc, 'messenger', 'messenger', violations),
      facilities: readConcepts(doc, 'facility', 'facility', violations),
      dataLevel: readConcepts(doc, 'dataLevel', 'data-level', violations)[0] ?? null,
      variables: readVariables(doc['variableMeasured'], violations),
      language: language ?? 'en',
    },
    violations,
  };
}

/** What a release still lacks before it may be published (DataCite's mandatory properties among them). */
export function missingForPublication(metadata: ReleaseMetadata): Violation[] {
  const missing: Violation[] = [];
  if (metadata.title === null) missing.push({ path: '/name', message: 'a title is required' });
  if (metadata.description === null)
    missing.push({ path: '/description', message: 'a description is required' });
  if (metadata.creators.length === 0)
    missing.push({ path: '/creator', message: 'at least one creator is required' });
  if (metadata.license === null) missing.push({ path: '/license', message: 'a licence is required' });
  return missing;
}

function optionalText(
  doc: Record<string, unknown>,
  key: string,
  violations: Violation[],
  maxLength: number,
): string | null {
  const value = doc[key];
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.trim() === '') {
    violations.push({ path: `/${key}`, message: 'must be a non-empty string' });
    return null;
  }
  if (value.length > maxLength) {
    violations.push({ path: `/${key}`, message: `must be at most ${maxLength} characters` });
    return null;
  }
  return value.trim();
}

function versionText(value: unknown, violations: Violation[]): string | null {
  if (value === undefined) return null;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string' && value.trim() !== '' && value.length <= 100) return value.trim();
  violations.push({ path: '/version', message: 'must be a version label such as "2.1"' });
  return null;
}

function readLicense(value: unknown, violations: Violation[]): string | null {
  if (value === undefined) return null;
  const id = typeof value === 'string' ? parseSpdxLicense(value) : undefined;
  if (id === undefined) {
    violations.push({
      path: '/license',
      message: 'must be https://spdx.org/licenses/<SPDX id> or an SPDX id',
    });
    return null;
  }
  if (!isSpdxLicenseId(id)) {
    const suggestion = spdxSuggestion(id);
    violations.push({
      path: '/license',
      message: `"${id}" is not a current SPDX licence id${suggestion === undefined || suggestion === id ? '' : ` (did you mean "${suggestion}"?)`}`,
    });
    return null;
  }
  return id;
}

function readDate(doc: Record<string, unknown>, key: string, violations: Violation[]): string | null {
  const value = doc[key];
  if (value === undefined) return null;
  if (
    typeof value !== 'string' ||
    !(key === 'datePublished' ? isIsoDate(value) : isIsoDateOrDateTime(value))
  ) {
    violations.push({
      path: `/${key}`,
      message: `must be a valid ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD${key === 'datePublished' ? '' : ', or a date-time with zone'})`,
    });
    return null;
  }
  return value;
}

function readIdentifier(value: unknown, violations: Violation[]): void {
  asArray(value).forEach((entry, index) => {
    const path = Array.isArray(value) ? `/identifier/${index}` : '/identifier';
    const raw = isObject(entry) ? entry['value'] : entry;
    if (typeof raw !== 'string') {
      violations.push({ path, message: 'must be a string or a PropertyValue with a value' });
      return;
    }
    if (/^(doi:|https?:\/\/(dx\.)?doi\.org\/|10\.)/i.test(raw) && parseDoi(raw) === undefined) {
      violations.push({ path, message: 'looks like a DOI but is not one (10.<prefix>/<suffix>)' });
    }
  });
}

function readKeywords(value: unknown, violations: Violation[]): string[] {
  const keywords: string[] = [];
  asArray(value).forEach((entry, index) => {
    if (typeof entry === 'string' && entry.trim() !== '') {
      keywords.push(
        ...entry
          .split(',')
          .map((word) => word.trim())
          .filter((word) => word !== ''),
      );
    } else {
      violations.push({ path: `/keywords/${index}`, message: 'must be a non-empty string' });
    }
  });
  return keywords;
}

function readAgents(value: unknown, basePath: string, violations: Violation[]): Creator[] {
  const creators: Creator[] = [];
  asArray(value).forEach((entry, index) => {
    const path = `${basePath}/${index}`;
    if (!isObject(entry)) {
      violations.push({ path, message: 'must be a Person or an Organization object' });
      return;
    }
    const type = entry['@type'];
    if (type !== 'Person' && type !== 'Organization') {
      violations.push({ path: `${path}/@type`, message: 'must be "Person" or "Organization"' });
      return;
    }
    unknownProperties(entry, AGENT_PROPERTIES, path, violations);
    const givenName = typeof entry['givenName'] === 'string' ? entry['givenName'].trim() : null;
    const familyName = typeof entry['familyName'] === 'string' ? entry['familyName'].trim() : null;
    let name = typeof entry['name'] === 'string' ? entry['name'].trim() : '';
    if (name === '' && givenName !== null && familyName !== null) name = `${givenName} ${familyName}`;
    if (name === '') violations.push({ path: `${path}/name`, message: 'a name is required' });
    let orcid: string | null = null;
    let ror: string | null = null;
    const id = entry['@id'];
    if (id !== undefined) {
      if (type === 'Person') {
        orcid = typeof id === 'string' ? (parseOrcid(id) ?? null) : null;
        if (orcid === null) {
          violations.push({
            path: `${path}/@id`,
            message: 'must be an ORCID iD (https://orcid.org/…) with a valid check digit',
          });
        }
      } else {
        ror = typeof id === 'string' ? (parseRor(id) ?? null) : null;
        if (ror === null)
          violations.push({
            path: `${path}/@id`,
            message: 'must be a ROR id (https://ror.org/…) with a valid checksum',
          });
      }
    }
    creators.push({
      kind: type === 'Person' ? 'person' : 'organization',
      name,
      givenName,
      familyName,
      orcid,
      ror,
      affiliations: readAffiliations(entry['affiliation'], `${path}/affiliation`, violations),
    });
  });
  return creators;
}

function readAffiliations(value: unknown, basePath: string, violations: Violation[]): Affiliation[] {
  const affiliations: Affiliation[] = [];
  asArray(value).forEach((entry, index) => {
    const path = `${basePath}/${index}`;
    if (typeof entry === 'string' && entry.trim() !== '') {
      affiliations.push({ name: entry.trim(), ror: null });
      return;
    }
    if (!isObject(entry)) {
      violations.push({ path, message: 'must be an Organization object or a name' });
      return;
    }
    unknownProperties(entry, ORGANIZATION_PROPERTIES, path, violations);
    const name = typeof entry['name'] === 'string' ? entry['name'].trim() : '';
    if (name === '') violations.push({ path: `${path}/name`, message: 'a name is required' });
    let ror: string | null = null;
    if (entry['@id'] !== undefined) {
      ror = typeof entry['@id'] === 'string' ? (parseRor(entry['@id']) ?? null) : null;
      if (ror === null)
        violations.push({
          path: `${path}/@id`,
          message: 'must be a ROR id (https://ror.org/…) with a valid checksum',
        });
    }
    affiliations.push({ name, ror });
  });
  return affiliations;
}

function readRelations(doc: Record<string, unknown>, violations: Violation[]): ReleaseRelation[] {
  const relations: ReleaseRelation[] = [];
  for (const [property, relationType] of Object.entries(RELATION_PROPERTIES)) {
    asArray(doc[property]).forEach((entry, index) => {
      const raw = typeof entry === 'string' ? entry : isObject(entry) ? entry['@id'] : undefined;
      const parsed = typeof raw === 'string' ? parseRelatedIdentifier(raw) : undefined;
      if (parsed === undefined) {
        violations.push({
          path: `/${property}/${index}`,
          message: 'must be a DOI, an arXiv id or an http(s) URL',
        });
        return;
      }
      relations.push({ relationType, ...parsed });
    });
  }
  return relations;
}

function readTemporalCoverage(value: unknown, violations: Violation[]): TemporalCoverage | null {
  if (value === undefined) return null;
  const interval = typeof value === 'string' ? parseIsoInterval(value) : undefined;
  if (interval === undefined) {
    violations.push({
      path: '/temporalCoverage',
      message: 'must be an ISO 8601 date or interval, e.g. "2011-05-13/2023-12-31" or "2011-05-13/.."',
    });
    return null;
  }
  return interval;
}

function readSpatialCoverage(value: unknown, violations: Violation[]): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (isObject(value) && typeof value['name'] === 'string' && value['name'].trim() !== '')
    return value['name'].trim();
  violations.push({ path: '/spatialCoverage', message: 'must be a text or a Place with a name' });
  return null;
}

function readConcepts(
  doc: Record<string, unknown>,
  key: string,
  scheme: SchemeName,
  violations: Violation[],
): string[] {
  const value = doc[key];
  const slugs: string[] = [];
  asArray(value).forEach((entry, index) => {
    const path = Array.isArray(value) ? `/${key}/${index}` : `/${key}`;
    if (typeof entry !== 'string' || vocabularies().concept(scheme, entry) === undefined) {
      violations.push({
        path,
        message: `not a concept of the ${scheme} scheme (one of: ${vocabularies().slugs(scheme).join(', ')})`,
      });
      return;
    }
    slugs.push(entry);
  });
  if (key === 'dataLevel' && slugs.length > 1)
    violations.push({ path: `/${key}`, message: 'one data level only' });
  return slugs;
}

function readVariables(value: unknown, violations: Violation[]): Variable[] {
  const variables: Variable[] = [];
  asArray(value).forEach((entry, index) => {
    const path = `/variableMeasured/${index}`;
    if (typeof entry === 'string' && entry.trim() !== '') {
      variables.push({ name: entry.trim(), description: null, unit: null, ucd: null });
      return;
    }
    if (!isObject(entry)) {
      violations.push({ path, message: 'must be a PropertyValue or a name' });
      return;
    }
    unknownProperties(entry, VARIABLE_PROPERTIES, path, violations);
    const name = typeof entry['name'] === 'string' ? entry['name'].trim() : '';
    if (name === '') violations.push({ path: `${path}/name`, message: 'a name is required' });
    const unitValue = entry['voUnit'] ?? entry['unitText'];
    const unit = typeof unitValue === 'string' && unitValue.trim() !== '' ? unitValue.trim() : null;
    if (unitValue !== undefined && unit === null)
      violations.push({ path: `${path}/voUnit`, message: 'must be a VOUnit string' });
    const ucdValue = entry['ucd'];
    const ucd = typeof ucdValue === 'string' ? ucdValue.trim() : null;
    if (ucdValue !== undefined && (ucd === null || !UCD.test(ucd))) {
      violations.push({
        path: `${path}/ucd`,
        message: 'must be an IVOA UCD such as "phys.energy" or "pos.eq.ra;meta.main"',
      });
    }
    const observable = entry['observable'];
    if (
      observable !== undefined &&
      (typeof observable !== 'string' || vocabularies().concept('observable', observable) === undefined)
    ) {
      violations.push({ path: `${path}/observable`, message: 'not a concept of the observable scheme' });
    }
    const description = typeof entry['description'] === 'string' ? entry['description'].trim() : null;
    variables.push({ name, description, unit, ucd: ucd !== null && UCD.test(ucd) ? ucd : null });
  });
  return variables;
}
