import jsonld from 'jsonld';
import { type Violation, digestOf } from '@apdc/platform';
import { InvalidMetadataError } from '../errors.js';
import { APDC_CONTEXT_URL, bundledDocumentLoader, isBundledContext } from '../json-ld/document-loader.js';
import type { ReleaseMetadata } from '../release-record.js';
import { parseSpdxLicense } from './identifiers.js';
import { readReleaseMetadata } from './release-metadata.js';
import { shaclViolations } from './shacl-validation.js';
import { escapePointer, structureViolations } from './structure-guard.js';

/** A release description as stored: compacted with our context, with what the catalogue reads from it. */
export interface IngestedMetadata {
  readonly canonical: Record<string, unknown>;
  readonly digest: string;
  readonly metadata: ReleaseMetadata;
}

const documentLoader = bundledDocumentLoader as unknown as jsonld.Options.DocLoader['documentLoader'];

const SCHEMA_ORG_HTTPS = 'https://schema.org/';
const SCHEMA_ORG_HTTP = 'http://schema.org/';

/**
 * schema.org terms have two spellings (Google writes https://schema.org/, the vocabulary is defined on
 * http://schema.org/); expanded documents are brought to the one our context and shapes use.
 */
function schemaOrgOverHttp<T>(value: T): T {
  if (Array.isArray(value)) return value.map((child: unknown) => schemaOrgOverHttp(child)) as T;
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const name = key.startsWith(SCHEMA_ORG_HTTPS)
      ? SCHEMA_ORG_HTTP + key.slice(SCHEMA_ORG_HTTPS.length)
      : key;
    result[name] =
      key === '@type' && Array.isArray(child)
        ? child.map((type: unknown) =>
            typeof type === 'string' && type.startsWith(SCHEMA_ORG_HTTPS)
              ? SCHEMA_ORG_HTTP + type.slice(SCHEMA_ORG_HTTPS.length)
              : type,
          )
        : schemaOrgOverHttp(child);
  }
  return result as T;
}

/** A licence given as a bare SPDX id is stored as its SPDX URL, the one canonical spelling. */
function withLicenseUrl(canonical: Record<string, unknown>): Record<string, unknown> {
  const license = canonical['license'];
  if (typeof license !== 'string' || license.includes(':')) return canonical;
  const id = parseSpdxLicense(license);
  return id === undefined ? canonical : { ...canonical, license: `https://spdx.org/licenses/${id}` };
}

/** Remote contexts named anywhere in the document that the loader would refuse, with their pointers. */
function unknownContexts(value: unknown, pointer: string, found: Violation[]): void {
  if (Array.isArray(value)) {
    value.forEach((child, index) => unknownContexts(child, `${pointer}/${index}`, found));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childPointer = `${pointer}/${escapePointer(key)}`;
    if (key === '@context') {
      const entries = Array.isArray(child) ? child : [child];
      entries.forEach((entry, index) => {
        if (typeof entry === 'string' && !isBundledContext(entry)) {
          found.push({
            path: Array.isArray(child) ? `${childPointer}/${index}` : childPointer,
            message: `unknown remote context ${entry}: only ${APDC_CONTEXT_URL} and https://schema.org/ are served (offline)`,
          });
        }
      });
    }
    unknownContexts(child, childPointer, found);
  }
}

/**
 * Takes a release description in any compact JSON-LD form, expands it with the bundled contexts only,
 * compacts it with ours, and validates it (structure, identifiers, dates, licences, vocabularies, SHACL).
 * Throws {@link InvalidMetadataError} listing every violation with its JSON pointer.
 */
export async function ingestReleaseMetadata(input: unknown): Promise<IngestedMetadata> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidMetadataError([{ path: '', message: 'metadata must be a JSON-LD object' }]);
  }
  const structural = structureViolations(input);
  if (structural.length > 0) throw new InvalidMetadataError(structural);
  const contexts: Violation[] = [];
  unknownContexts(input, '', contexts);
  if (!('@context' in input))
    contexts.push({ path: '/@context', message: `required: use "${APDC_CONTEXT_URL}"` });
  if (contexts.length > 0) throw new InvalidMetadataError(contexts);

  let canonical: Record<string, unknown>;
  try {
    const expanded = schemaOrgOverHttp(await jsonld.expand(input, { documentLoader }));
    const context = APDC_CONTEXT_URL as unknown as jsonld.ContextDefinition; // a URL is a valid context; the typings disagree
    canonical = await jsonld.compact(expanded, context, { documentLoader });
  } catch (error) {
    throw new InvalidMetadataError([{ path: '', message: `not valid JSON-LD: ${(error as Error).message}` }]);
  }
  canonical = withLicenseUrl(canonical);
  if ('@graph' in canonical) {
    throw new InvalidMetadataError([{ path: '', message: 'describe exactly one Dataset node (no @graph)' }]);
  }
  const { metadata, violations } = readReleaseMetadata(canonical);
  const reported = new Set(violations.map((violation) => violation.path));
  for (const violation of await shaclViolations(canonical)) {
    if (![...reported].some((path) => path === violation.path || path.startsWith(`${violation.path}/`))) {
      violations.push(violation);
      reported.add(violation.path);
    }
  }
  if (violations.length > 0) throw new InvalidMetadataError(violations);
  return { canonical, digest: digestOf(canonical), metadata };
}
