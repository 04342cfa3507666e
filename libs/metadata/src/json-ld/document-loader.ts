import { readOntologyFile } from '../ontology-files.js';

/** Our context; stored metadata is compacted with it. */
export const APDC_CONTEXT_URL = 'https://w3id.org/apdc/context/v1';

const SCHEMA_ORG_CONTEXT_URLS = [
  'https://schema.org',
  'https://schema.org/',
  'http://schema.org',
  'http://schema.org/',
  'https://schema.org/docs/jsonldcontext.json',
  'https://schema.org/docs/jsonldcontext.jsonld',
];

const BUNDLED: ReadonlyMap<string, string> = new Map([
  [APDC_CONTEXT_URL, 'context/apdc-v1.jsonld'],
  ...SCHEMA_ORG_CONTEXT_URLS.map((url): [string, string] => [url, 'context/schema-org.jsonld']),
]);

const cache = new Map<string, unknown>();

/** The context URLs the loader serves; everything else is refused. */
export const BUNDLED_CONTEXT_URLS: readonly string[] = [...BUNDLED.keys()];

export class UnknownContextError extends Error {
  constructor(readonly url: string) {
    super(
      `unknown remote context ${url}: only bundled contexts are served (${[APDC_CONTEXT_URL, 'https://schema.org/'].join(', ')})`,
    );
  }
}

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

/**
 * A JSON-LD document loader that serves only our own files and never touches the network: a document
 * naming any other remote context fails at once instead of hanging or fetching attacker-chosen URLs.
 */
export function bundledDocumentLoader(url: string): Promise<RemoteDocument> {
  const file = BUNDLED.get(url);
  if (file === undefined) return Promise.reject(new UnknownContextError(url));
  let document = cache.get(file);
  if (document === undefined) {
    document = JSON.parse(readOntologyFile(file)) as unknown;
    cache.set(file, document);
  }
  return Promise.resolve({ contextUrl: null, documentUrl: url, document });
}

export function isBundledContext(url: string): boolean {
  return BUNDLED.has(url);
}
