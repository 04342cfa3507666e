import type { Violation } from '@apdc/platform';
import { parseOrcid, parseRelatedIdentifier, parseRor, parseSpdxLicense } from './identifiers.js';

export interface Affiliation {
  readonly name: string;
  readonly ror: string | null;
}

export interface Creator {
  readonly kind: 'person' | 'organization';
  readonly name: string;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly orcid: string | null;
  readonly affiliations: readonly Affiliation[];
}

export interface ReleaseRelation {
  /** DataCite relationType. */
  readonly relationType: string;
  readonly identifier: string;
  readonly identifierType: string;
}

/** The fields of a release's JSON-LD metadata that the catalogue queries, and keeps beside the document. */
export interface ReleaseMetadata {
  readonly title: string | null;
  readonly description: string | null;
  readonly versionLabel: string | null;
  readonly license: string | null;
  readonly publicationYear: number | null;
  readonly keywords: readonly string[];
  readonly creators: readonly Creator[];
  readonly relations: readonly ReleaseRelation[];
}

const SCHEMA_ORG_CONTEXTS = new Set([
  'https://schema.org',
  'https://schema.org/',
  'http://schema.org',
  'http://schema.org/',
]);

/** schema.org properties that name related works, and the DataCite relation each stands for. */
const RELATION_PROPERTIES: Readonly<Record<string, string>> = {
  isBasedOn: 'IsDerivedFrom',
  citation: 'References',
  sameAs: 'IsIdenticalTo',
  isPartOf: 'IsPartOf',
  hasPart: 'HasPart',
  subjectOf: 'IsDocumentedBy',
};

const KNOWN_PROPERTIES = new Set([
  '@context',
  '@type',
  '@id',
  'name',
  'description',
  'version',
  'license',
  'datePublished',
  'dateModified',
  'keywords',
  'creator',
  'identifier',
  'url',
  'temporalCoverage',
  'spatialCoverage',
  'variableMeasured',
  'measurementTechnique',
  'funder',
  'publisher',
  'inLanguage',
  'isAccessibleForFree',
  'distribution',
  'alternateName',
  'contributor',
  ...Object.keys(RELATION_PROPERTIES),
]);

const ISO_DATE = /^(\d{4})(-\d{2}(-\d{2})?)?$/;

/**
 * Reads a release's metadata document (compact schema.org JSON-LD) and reports every problem at once,
 * each with its JSON pointer. Issue-3's JSON-LD processing extends this to any compact form.
 */
export function readReleaseMetadata(document: unknown): {
  metadata: ReleaseMetadata;
  violations: Violation[];
} {
  const violations: Violation[] = [];
  const empty: ReleaseMetadata = {
    title: null,
    description: null,
    versionLabel: null,
    license: null,
    publicationYear: null,
    keywords: [],
    creators: [],
    relations: [],
  };
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return { metadata: empty, violations: [{ path: '', message: 'metadata must be a JSON-LD object' }] };
  }
  const doc = document as Record<string, unknown>;
  checkContext(doc['@context'], violations);
  if (doc['@type'] !== 'Dataset') violations.push({ path: '/@type', message: 'must be "Dataset"' });
  for (const key of Object.keys(doc)) {
    if (!KNOWN_PROPERTIES.has(key)) {
      violations.push({
        path: `/${escapePointer(key)}`,
        message: 'unknown property for a schema.org Dataset here',
      });
    }
  }
  const title = optionalText(doc, 'name', violations, 1000);
  const description = optionalText(doc, 'description', violations, 100_000);
  const versionLabel = optionalText(doc, 'version', violations, 100);
  let license: string | null = null;
  if (doc['license'] !== undefined) {
    const raw = doc['license'];
    license = typeof raw === 'string' ? (parseSpdxLicense(raw) ?? null) : null;
    if (license === null) {
      violations.push({
        path: '/license',
        message: 'must be an SPDX licence id or https://spdx.org/licenses/<id>',
      });
    }
  }
  let publicationYear: number | null = null;
  const datePublished = optionalText(doc, 'datePublished', violations, 40);
  if (datePublished !== null) {
    const match = ISO_DATE.exec(datePublished);
    if (match?.[1] === undefined || Number.isNaN(Date.parse(datePublished))) {
      violations.push({
        path: '/datePublished',
        message: 'must be an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)',
      });
    } else {
      publicationYear = Number(match[1]);
    }
  }
  return {
    metadata: {
      title,
      description,
      versionLabel,
      license,
      publicationYear,
      keywords: readKeywords(doc['keywords'], violations),
      creators: readCreators(doc['creator'], violations),
      relations: readRelations(doc, violations),
    },
    violations,
  };
}

/** What a release still lacks before it may be published. */
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

function checkContext(context: unknown, violations: Violation[]): void {
  const entries = Array.isArray(context) ? context : [context];
  const namesSchemaOrg = entries.some((entry) => typeof entry === 'string' && SCHEMA_ORG_CONTEXTS.has(entry));
  const onlyLocal = entries.every(
    (entry) =>
      (typeof entry === 'string' && SCHEMA_ORG_CONTEXTS.has(entry)) ||
      (entry !== null && typeof entry === 'object'),
  );
  if (!namesSchemaOrg || !onlyLocal) {
    violations.push({
      path: '/@context',
      message: 'must be "https://schema.org/" (optionally with inline term definitions)',
    });
  }
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

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function readKeywords(value: unknown, violations: Violation[]): string[] {
  if (typeof value === 'string')
    return value
      .split(',')
      .map((word) => word.trim())
      .filter((word) => word !== '');
  const keywords: string[] = [];
  asArray(value).forEach((entry, index) => {
    if (typeof entry === 'string' && entry.trim() !== '') keywords.push(entry.trim());
    else violations.push({ path: `/keywords/${index}`, message: 'must be a non-empty string' });
  });
  return keywords;
}

function readCreators(value: unknown, violations: Violation[]): Creator[] {
  const creators: Creator[] = [];
  asArray(value).forEach((entry, index) => {
    const path = `/creator/${index}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      violations.push({ path, message: 'must be a Person or an Organization object' });
      return;
    }
    const creator = entry as Record<string, unknown>;
    const type = creator['@type'];
    if (type !== 'Person' && type !== 'Organization') {
      violations.push({ path: `${path}/@type`, message: 'must be "Person" or "Organization"' });
      return;
    }
    const name = typeof creator['name'] === 'string' ? creator['name'].trim() : '';
    if (name === '') violations.push({ path: `${path}/name`, message: 'a name is required' });
    let orcid: string | null = null;
    const id = creator['@id'] ?? creator['identifier'];
    if (id !== undefined) {
      if (type === 'Person') {
        orcid = typeof id === 'string' ? (parseOrcid(id) ?? null) : null;
        if (orcid === null) {
          violations.push({
            path: `${path}/@id`,
            message: 'must be an ORCID iD (https://orcid.org/…) with a valid check digit',
          });
        }
      } else if (typeof id !== 'string' || parseRor(id) === undefined) {
        violations.push({ path: `${path}/@id`, message: 'must be a ROR id (https://ror.org/…)' });
      }
    }
    creators.push({
      kind: type === 'Person' ? 'person' : 'organization',
      name,
      givenName: typeof creator['givenName'] === 'string' ? creator['givenName'] : null,
      familyName: typeof creator['familyName'] === 'string' ? creator['familyName'] : null,
      orcid,
      affiliations: readAffiliations(creator['affiliation'], `${path}/affiliation`, violations),
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
    if (entry === null || typeof entry !== 'object') {
      violations.push({ path, message: 'must be an Organization object or a name' });
      return;
    }
    const organisation = entry as Record<string, unknown>;
    const name = typeof organisation['name'] === 'string' ? organisation['name'].trim() : '';
    if (name === '') violations.push({ path: `${path}/name`, message: 'a name is required' });
    let ror: string | null = null;
    if (organisation['@id'] !== undefined) {
      ror = typeof organisation['@id'] === 'string' ? (parseRor(organisation['@id']) ?? null) : null;
      if (ror === null)
        violations.push({ path: `${path}/@id`, message: 'must be a ROR id (https://ror.org/…)' });
    }
    affiliations.push({ name, ror });
  });
  return affiliations;
}

function readRelations(doc: Record<string, unknown>, violations: Violation[]): ReleaseRelation[] {
  const relations: ReleaseRelation[] = [];
  for (const [property, relationType] of Object.entries(RELATION_PROPERTIES)) {
    asArray(doc[property]).forEach((entry, index) => {
      const raw = typeof entry === 'string' ? entry : (entry as Record<string, unknown> | null)?.['@id'];
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

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
