import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { doiPrefixOf, isValidDoi } from '../../libs/doi/src/doi-syntax.js';

export type StandInDoiState = 'draft' | 'registered' | 'findable';

/** A DOI as the stand-in holds it (keyed by its lower-case name). */
export interface StoredDoi {
  /** Lower case, as DataCite stores and answers it. */
  readonly doi: string;
  readonly state: StandInDoiState;
  readonly url: string | null;
  /** The metadata attributes last written, without `doi`, `url`, `event` and `state`. */
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly created: string;
  readonly updated: string;
}

export interface DataCiteStandInOptions {
  /** Repository id; compared case-insensitively, as DataCite does. Default `APDC.TEST`. */
  readonly username?: string;
  /** Default `stand-in-secret`. */
  readonly password?: string;
  /** Prefixes the repository owns. Default `['10.5072']` (the configuration's default prefix). */
  readonly prefixes?: readonly string[];
}

export interface DataCiteStandIn {
  /** Base URL, e.g. `http://127.0.0.1:41234`; give it to the adapter as DataCite's API URL. */
  readonly url: string;
  stop(): Promise<void>;
  readonly dois: ReadonlyMap<string, StoredDoi>;
  /** While down, every request gets 503 and changes nothing (as when DataCite is in maintenance). */
  setDown(down: boolean): void;
  /** Requests received so far, those answered 503 included. */
  readonly requests: number;
}

export const DATACITE_STAND_IN_DEFAULTS = {
  username: 'APDC.TEST',
  password: 'stand-in-secret',
  prefixes: ['10.5072'],
} as const;

type JsonApiError = Readonly<Record<string, string>>;

interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What DataCite's state machine allows (an event not allowed from the current state is ignored). */
const TRANSITIONS: Readonly<Record<string, Partial<Record<StandInDoiState, StandInDoiState>>>> = {
  register: { draft: 'registered' },
  publish: { draft: 'findable', registered: 'findable' },
  hide: { findable: 'registered' },
  show: { registered: 'findable' },
};

/** Attributes DataCite computes or takes as commands, never stores as metadata. */
const NON_METADATA = new Set(['doi', 'url', 'event', 'state', 'prefix', 'suffix', 'created', 'updated']);

const NOT_FOUND: Reply = {
  status: 404,
  body: { errors: [{ status: '404', title: "The resource you are looking for doesn't exist." }] },
};
const BAD_CREDENTIALS: Reply = {
  status: 401,
  body: { errors: [{ status: '401', title: 'Bad credentials.' }] },
};
const FORBIDDEN: Reply = {
  status: 403,
  body: { errors: [{ status: '403', title: 'You are not authorized to access this resource.' }] },
};
const NO_PAYLOAD: Reply = {
  status: 400,
  body: { errors: [{ status: '400', title: 'You need to provide a payload following the JSONAPI spec' }] },
};

/**
 * A small, faithful stand-in for the DataCite REST API (the parts `DataCitePidRegistrar` uses), on
 * 127.0.0.1 and a free port. Modelled on DataCite's documentation and its server (datacite/lupo):
 *
 * - HTTP Basic authentication as one repository; wrong credentials → 401. Without credentials, `GET`
 *   shows findable DOIs only (the public API) and every write → 401.
 * - `POST /dois` → 201, `Location` of the new DOI; the DOI is `data.attributes.doi` or `data.id`, stored
 *   and answered in lower case. A prefix the repository does not own → 403 (DataCite's authorisation
 *   check comes before validation). Then 422 with `{ errors: [{ source, uid, title }] }`, every problem
 *   at once, for: a DOI outside DataCite's syntax (`Is invalid`), an existing DOI (`This DOI has already
 *   been taken`), a URL that is not ftp/http(s), and, when the DOI would leave `draft`, missing mandatory
 *   metadata (creators, titles, publisher, publicationYear, types.resourceTypeGeneral, url). The error
 *   titles for missing metadata are the stand-in's own (DataCite reports XML schema messages).
 * - `PUT /dois/{doi}` updates (200; given attributes replace stored ones, others are kept) or creates an
 *   absent DOI (201; the DOI in the path wins; a path that is no DOI → 404, a foreign prefix → 403).
 * - `GET /dois/{doi}` → 200 or 404; `DELETE /dois/{doi}` → 204 for a draft, 405 (with `Allow`) otherwise.
 * - Events (`event` attribute): `register` draft → registered, `publish` draft/registered → findable,
 *   `hide` findable → registered, `show` registered → findable. Like DataCite's state machine, an event
 *   not allowed from the current state (or unknown) is ignored, `state` is read-only, and nothing leads
 *   back to `draft`.
 * - `setDown(true)`: every request → 503 until `setDown(false)`.
 *
 * Not modelled: DataCite-generated suffixes (`prefix` without `doi`), XML metadata, media, the handle
 * system, repository URL-domain restrictions, rate limits, list and search endpoints.
 */
export async function startDataCiteStandIn(options: DataCiteStandInOptions = {}): Promise<DataCiteStandIn> {
  const username = options.username ?? DATACITE_STAND_IN_DEFAULTS.username;
  const password = options.password ?? DATACITE_STAND_IN_DEFAULTS.password;
  const prefixes = new Set(options.prefixes ?? DATACITE_STAND_IN_DEFAULTS.prefixes);
  const dois = new Map<string, StoredDoi>();
  let down = false;
  let requests = 0;
  let baseUrl = '';

  function authentication(request: IncomingMessage): 'none' | 'valid' | 'invalid' {
    const header = request.headers.authorization;
    if (header === undefined) return 'none';
    const match = /^Basic\s+(\S+)$/i.exec(header);
    if (match?.[1] === undefined) return 'invalid';
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return 'invalid';
    const user = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    return user.toLowerCase() === username.toLowerCase() && secret === password ? 'valid' : 'invalid';
  }

  function resource(stored: StoredDoi): unknown {
    const prefix = doiPrefixOf(stored.doi) ?? '';
    return {
      data: {
        id: stored.doi,
        type: 'dois',
        attributes: {
          doi: stored.doi,
          prefix,
          suffix: stored.doi.slice(prefix.length + 1),
          ...stored.attributes,
          url: stored.url,
          state: stored.state,
          created: stored.created,
          updated: stored.updated,
        },
        relationships: { client: { data: { id: username.toLowerCase(), type: 'clients' } } },
      },
    };
  }

  /** Validates and stores a DOI; `existing` is undefined for a creation. */
  function write(
    doi: string,
    existing: StoredDoi | undefined,
    attributes: Readonly<Record<string, unknown>>,
    extraErrors: readonly JsonApiError[],
  ): Reply {
    const uid = doi.toLowerCase();
    const metadata: Record<string, unknown> = { ...(existing?.attributes ?? {}) };
    for (const [key, value] of Object.entries(attributes)) if (!NON_METADATA.has(key)) metadata[key] = value;
    const rawUrl = attributes['url'];
    const url = typeof rawUrl === 'string' && rawUrl !== '' ? rawUrl : (existing?.url ?? null);
    const event = attributes['event'];
    const from = existing?.state ?? 'draft';
    const state = (typeof event === 'string' ? TRANSITIONS[event]?.[from] : undefined) ?? from;

    const errors: JsonApiError[] = [...extraErrors];
    if (url !== null && !/^(ftp|http|https):\/\/\S+/.test(url))
      errors.push({ source: 'url', uid, title: 'URL is not valid' });
    if (state !== 'draft') errors.push(...missingMandatory(uid, metadata, url));
    if (errors.length > 0) return { status: 422, body: { errors } };

    const now = new Date().toISOString();
    const stored: StoredDoi = {
      doi: uid,
      state,
      url,
      attributes: metadata,
      created: existing?.created ?? now,
      updated: now,
    };
    dois.set(uid, stored);
    return existing === undefined
      ? { status: 201, body: resource(stored), headers: { Location: `${baseUrl}/dois/${uid}` } }
      : { status: 200, body: resource(stored) };
  }

  function create(body: unknown): Reply {
    const data = isRecord(body) ? body['data'] : undefined;
    if (!isRecord(data)) return NO_PAYLOAD;
    const attributes = isRecord(data['attributes']) ? data['attributes'] : {};
    const named = attributes['doi'] ?? data['id'];
    if (typeof named !== 'string' || named === '')
      return { status: 422, body: { errors: [{ source: 'doi', title: "Can't be blank" }] } };
    if (!ownsPrefix(named)) return FORBIDDEN;
    const errors: JsonApiError[] = [];
    const uid = named.toLowerCase();
    if (!isValidDoi(named)) errors.push({ source: 'doi', uid, title: 'Is invalid' });
    if (dois.has(uid)) errors.push({ source: 'doi', uid, title: 'This DOI has already been taken' });
    return write(named, undefined, attributes, errors);
  }

  function update(id: string, body: unknown): Reply {
    const data = isRecord(body) ? body['data'] : undefined;
    if (!isRecord(data)) return NO_PAYLOAD;
    const attributes = isRecord(data['attributes']) ? data['attributes'] : {};
    const existing = dois.get(id.toLowerCase());
    if (existing !== undefined) return write(existing.doi, existing, attributes, []);
    if (!isValidDoi(id)) return NOT_FOUND;
    if (!ownsPrefix(id)) return FORBIDDEN;
    return write(id, undefined, attributes, []);
  }

  function remove(id: string): Reply {
    const existing = dois.get(id.toLowerCase());
    if (existing === undefined) return NOT_FOUND;
    if (existing.state !== 'draft')
      return {
        status: 405,
        body: { errors: [{ status: '405', title: 'Method not allowed' }] },
        headers: { Allow: 'HEAD, GET, POST, PATCH, PUT, OPTIONS' },
      };
    dois.delete(existing.doi);
    return { status: 204 };
  }

  function ownsPrefix(doi: string): boolean {
    const prefix = doiPrefixOf(doi);
    return prefix !== undefined && prefixes.has(prefix);
  }

  async function route(request: IncomingMessage): Promise<Reply> {
    const method = request.method ?? 'GET';
    const raw = await text(request);
    if (down)
      return {
        status: 503,
        body: { errors: [{ status: '503', title: 'The service is temporarily unavailable.' }] },
      };
    const auth = authentication(request);
    if (auth === 'invalid' || (auth === 'none' && method !== 'GET')) return BAD_CREDENTIALS;

    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    let body: unknown;
    if (method === 'POST' || method === 'PUT') {
      try {
        body = JSON.parse(raw);
      } catch {
        return NO_PAYLOAD;
      }
    }
    if (path === '/dois') return method === 'POST' ? create(body) : NOT_FOUND;
    const match = /^\/dois\/(.+)$/.exec(path);
    if (match?.[1] === undefined) return NOT_FOUND;
    let id: string;
    try {
      id = decodeURIComponent(match[1]);
    } catch {
      return NOT_FOUND;
    }
    switch (method) {
      case 'GET': {
        const stored = dois.get(id.toLowerCase());
        return stored === undefined || (auth === 'none' && stored.state !== 'findable')
          ? NOT_FOUND
          : { status: 200, body: resource(stored) };
      }
      case 'PUT':
        return update(id, body);
      case 'DELETE':
        return remove(id);
      default:
        return NOT_FOUND;
    }
  }

  function send(response: ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    if (reply.body === undefined) {
      response.writeHead(reply.status, headers).end();
      return;
    }
    headers['Content-Type'] = 'application/vnd.api+json; charset=utf-8';
    response.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
  }

  const server = createServer((request, response) => {
    requests += 1;
    route(request).then(
      (reply) => send(response, reply),
      (error: unknown) =>
        send(response, { status: 500, body: { errors: [{ status: '500', title: String(error) }] } }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    dois,
    get requests() {
      return requests;
    },
    setDown(value: boolean) {
      down = value;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

/** What DataCite requires before a DOI may be registered or findable. */
function missingMandatory(
  uid: string,
  metadata: Readonly<Record<string, unknown>>,
  url: string | null,
): JsonApiError[] {
  const errors: JsonApiError[] = [];
  const missing = (source: string, title: string): void => {
    errors.push({ source, uid, title });
  };
  if (!nonEmptyList(metadata['creators'], 'name'))
    missing('creators', 'Creators must name at least one creator');
  if (!nonEmptyList(metadata['titles'], 'title')) missing('titles', 'Titles must have at least one title');
  const publisher = metadata['publisher'];
  const publisherName = isRecord(publisher) ? publisher['name'] : publisher;
  if (typeof publisherName !== 'string' || publisherName.trim() === '')
    missing('publisher', "Publisher can't be blank");
  const year = metadata['publicationYear'];
  if (!/^\d{4}$/.test(typeof year === 'number' || typeof year === 'string' ? String(year) : ''))
    missing('publicationYear', 'Publication year must be a four-digit year');
  const types = metadata['types'];
  const general = isRecord(types) ? types['resourceTypeGeneral'] : undefined;
  if (typeof general !== 'string' || general === '') missing('types', "Resource type general can't be blank");
  if (url === null) missing('url', "Url can't be blank");
  return errors;
}

function nonEmptyList(value: unknown, key: string): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((entry) => isRecord(entry) && typeof entry[key] === 'string' && entry[key].trim() !== '')
  );
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
