import type { Violation } from '@apdc/platform';
import { type SkyFrame, type SkyRegion, skyRegionViolations } from '@apdc/sky';
import { ELECTRONVOLTS_PER_UNIT, ENERGY_UNITS, isEnergyUnit } from '../energy-units.js';
import type {
  Affiliation,
  Creator,
  EnergyRange,
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
  'skyCoverage',
  'energyRange',
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

const ENERGY_RANGE_PROPERTIES = new Set(['@type', 'minValue', 'maxValue', 'unitText']);

/** The sky region node types of our context, the region kind each stands for, and their properties. */
const SKY_REGION_TYPES = {
  SkyCone: { kind: 'cone', keys: ['frame', 'lon', 'lat', 'radius'] },
  SkyBox: { kind: 'box', keys: ['frame', 'lonMin', 'lonMax', 'latMin', 'latMax'] },
} as const;
/** The one keyword value of `skyCoverage`; regions are nodes. */
const ALL_SKY = 'all-sky';
/** Enough for any survey footprint written as boxes and cones, few enough for every search to test. */
const MAX_SKY_REGIONS = 100;

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
      skyCoverage: readSkyCoverage(doc['skyCoverage'], violations),
      energyRange: readEnergyRange(doc['energyRange'], violations),
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

function readSkyCoverage(value: unknown, violations: Violation[]): SkyRegion[] {
  const entries = asArray(value);
  if (entries.length > MAX_SKY_REGIONS) {
    violations.push({ path: '/skyCoverage', message: `at most ${MAX_SKY_REGIONS} regions` });
    return [];
  }
  const regions: SkyRegion[] = [];
  entries.forEach((entry, index) => {
    const path = Array.isArray(value) ? `/skyCoverage/${index}` : '/skyCoverage';
    const region = readSkyRegion(entry, path, violations);
    if (region !== undefined) regions.push(region);
  });
  if (entries.length > 1 && entries.includes(ALL_SKY)) {
    violations.push({
      path: '/skyCoverage',
      message: `"${ALL_SKY}" already covers every other region: give it alone`,
    });
  }
  return regions;
}

/**
 * One entry of `skyCoverage`: the keyword "all-sky", or a SkyCone or SkyBox node whose numbers are
 * checked by `@apdc/sky`, the same rules the search applies (degrees; longitudes in [0, 360], latitudes
 * in [-90, 90], latMin ≤ latMax, radii in (0, 180]; a box with lonMin > lonMax crosses longitude 0).
 */
function readSkyRegion(entry: unknown, path: string, violations: Violation[]): SkyRegion | undefined {
  if (entry === ALL_SKY) return { kind: 'all-sky' };
  if (!isObject(entry)) {
    violations.push({ path, message: `must be "${ALL_SKY}", a SkyCone or a SkyBox` });
    return undefined;
  }
  const type = entry['@type'];
  if (type !== 'SkyCone' && type !== 'SkyBox') {
    violations.push({ path: `${path}/@type`, message: 'must be "SkyCone" or "SkyBox"' });
    return undefined;
  }
  const { kind, keys } = SKY_REGION_TYPES[type];
  const found = [
    ...Object.keys(entry)
      .filter((key) => key !== '@type' && !(keys as readonly string[]).includes(key))
      .map((key) => ({
        path: `${path}/${escapePointer(key)}`,
        message:
          key === 'ra' || key === 'dec'
            ? `unknown property here: write ${key === 'ra' ? 'lon' : 'lat'} with "frame": "icrs"`
            : `unknown property here (a ${type} has ${keys.join(', ')})`,
      })),
    ...skyRegionViolations({ kind, ...Object.fromEntries(keys.map((key) => [key, entry[key]])) }, path),
  ];
  violations.push(...found);
  if (found.length > 0) return undefined;
  const frame = entry['frame'] as SkyFrame;
  const degrees = (key: string): number => entry[key] as number;
  return kind === 'cone'
    ? { kind, frame, lon: degrees('lon'), lat: degrees('lat'), radius: degrees('radius') }
    : {
        kind,
        frame,
        lonMin: degrees('lonMin'),
        lonMax: degrees('lonMax'),
        latMin: degrees('latMin'),
        latMax: degrees('latMax'),
      };
}

/**
 * `energyRange`: a schema.org QuantitativeValue with minValue and/or maxValue (positive numbers; a
 * missing one is an open end) in the unit of its unitText, returned in electronvolts.
 */
function readEnergyRange(value: unknown, violations: Violation[]): EnergyRange | null {
  if (value === undefined) return null;
  const path = '/energyRange';
  if (!isObject(value)) {
    violations.push({
      path,
      message: Array.isArray(value)
        ? 'one energy range only'
        : 'must be a QuantitativeValue with minValue and/or maxValue and a unitText',
    });
    return null;
  }
  const before = violations.length;
  if (value['@type'] !== 'QuantitativeValue') {
    violations.push({ path: `${path}/@type`, message: 'must be "QuantitativeValue" (schema.org)' });
  }
  unknownProperties(value, ENERGY_RANGE_PROPERTIES, path, violations);
  const unit = value['unitText'];
  if (!isEnergyUnit(unit)) {
    violations.push({
      path: `${path}/unitText`,
      message: `${unit === undefined ? 'required: ' : ''}the energy unit, one of ${ENERGY_UNITS.join(', ')}`,
    });
  }
  const bound = (key: 'minValue' | 'maxValue'): number | null => {
    const given = value[key];
    if (given === undefined) return null;
    if (typeof given === 'number' && Number.isFinite(given) && given > 0) return given;
    violations.push({ path: `${path}/${key}`, message: 'must be a positive finite number (in unitText)' });
    return null;
  };
  const min = bound('minValue');
  const max = bound('maxValue');
  if (value['minValue'] === undefined && value['maxValue'] === undefined) {
    violations.push({ path, message: 'needs a minValue, a maxValue or both (leave out an open end)' });
  }
  if (min !== null && max !== null && min > max) {
    violations.push({
      path: `${path}/minValue`,
      message: `must not be greater than maxValue (${min} > ${max})`,
    });
  }
  if (violations.length > before || !isEnergyUnit(unit)) return null;
  const size = ELECTRONVOLTS_PER_UNIT[unit];
  const range = { minEv: min === null ? null : min * size, maxEv: max === null ? null : max * size };
  if (![range.minEv, range.maxEv].every((ev) => ev === null || Number.isFinite(ev))) {
    violations.push({ path, message: 'is too large to hold in electronvolts' });
    return null;
  }
  return range;
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
