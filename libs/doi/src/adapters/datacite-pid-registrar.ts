import { DataCiteRejectedError, type DataCiteErrorEntry, DataCiteUnavailableError } from '../errors.js';
import {
  type DoiState,
  type DoiUpsertRequest,
  PidRegistrar,
  type RegisteredDoi,
} from '../ports/pid-registrar.port.js';

export interface DataCiteSettings {
  /** REST API base URL, e.g. `https://api.test.datacite.org` or `https://api.datacite.org`. */
  readonly url: string;
  /** The repository id (e.g. `APDC.ARCHIVE`). */
  readonly username: string;
  readonly password: string;
  /** Per request, body included; default 30 s. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const JSON_API = 'application/vnd.api+json';
/** Statuses below 500 that still say "try again later". */
const RETRYABLE_CLIENT_STATUSES: ReadonlySet<number> = new Set([408, 425, 429]);

/** DataCite's event names (the `event` attribute of a `dois` resource). */
type DataCiteEvent = 'register' | 'publish' | 'hide';

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * {@link PidRegistrar} on the DataCite REST API (`POST /dois`, `PUT /dois/{doi}`, `GET /dois/{doi}`), with
 * HTTP Basic authentication as the repository. Nothing is logged, and neither errors nor the instance's
 * own properties carry the credentials.
 *
 * `upsert` first POSTs; when DataCite answers "This DOI has already been taken" (a retried job, or an
 * update) it PUTs. DataCite ignores events its state machine does not allow from the current state
 * (`hide` of a draft), so a `hide` that leaves the DOI in `draft` is followed by a `register`.
 */
export class DataCitePidRegistrar extends PidRegistrar {
  readonly registers = true;
  readonly #baseUrl: string;
  readonly #authorization: string;
  readonly #timeoutMs: number;

  constructor(settings: DataCiteSettings) {
    super();
    this.#baseUrl = settings.url.replace(/\/+$/, '');
    this.#authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
    this.#timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  override async upsert(request: DoiUpsertRequest): Promise<RegisteredDoi> {
    const createEvent: DataCiteEvent | undefined = request.event === 'hide' ? 'register' : request.event;
    const created = await this.#send('POST', '/dois', request.doi, this.#document(request, createEvent));
    if (created.status === 201) return toRegisteredDoi(created.body, request.doi);
    const errors = errorsOf(created.body);
    if (!(created.status === 422 && errors.some(isAlreadyTaken))) throw this.#failure(request.doi, created);

    const updated = await this.#put(request, request.event);
    if (request.event === 'hide' && updated.state === 'draft') return this.#put(request, 'register');
    return updated;
  }

  override async get(doi: string): Promise<RegisteredDoi | undefined> {
    const answer = await this.#send('GET', doiPath(doi), doi, undefined);
    if (answer.status === 404) return undefined;
    if (answer.status === 200) return toRegisteredDoi(answer.body, doi);
    throw this.#failure(doi, answer);
  }

  async #put(request: DoiUpsertRequest, event: DataCiteEvent | undefined): Promise<RegisteredDoi> {
    const answer = await this.#send('PUT', doiPath(request.doi), request.doi, this.#document(request, event));
    // PUT creates an absent DOI (201), e.g. one deleted as a draft between our POST and PUT.
    if (answer.status === 200 || answer.status === 201) return toRegisteredDoi(answer.body, request.doi);
    throw this.#failure(request.doi, answer);
  }

  #document(request: DoiUpsertRequest, event: DataCiteEvent | undefined): unknown {
    return {
      data: {
        type: 'dois',
        id: request.doi,
        attributes: {
          ...request.attributes,
          doi: request.doi,
          url: request.url,
          ...(event === undefined ? {} : { event }),
        },
      },
    };
  }

  async #send(method: string, path: string, doi: string, document: unknown): Promise<Answer> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.#baseUrl}${path}`, {
        method,
        headers: {
          Accept: JSON_API,
          Authorization: this.#authorization,
          ...(document === undefined ? {} : { 'Content-Type': JSON_API }),
        },
        ...(document === undefined ? {} : { body: JSON.stringify(document) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
        redirect: 'error',
      });
      text = await response.text();
    } catch (error) {
      const reason =
        isRecord(error) && error['name'] === 'TimeoutError'
          ? `no answer within ${this.#timeoutMs} ms`
          : networkReason(error);
      throw new DataCiteUnavailableError(`DataCite unreachable for ${method} ${doi}: ${reason}`, undefined, {
        cause: error,
      });
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  }

  #failure(doi: string, answer: Answer): DataCiteRejectedError | DataCiteUnavailableError {
    const { status } = answer;
    if (status >= 500 || RETRYABLE_CLIENT_STATUSES.has(status) || status < 400)
      return new DataCiteUnavailableError(`DataCite answered HTTP ${status} for ${doi}`, status);
    return new DataCiteRejectedError(doi, status, errorsOf(answer.body));
  }
}

function doiPath(doi: string): string {
  // DataCite routes `/dois/10.5072/abc`: keep the slash, escape the rest.
  return `/dois/${doi.split('/').map(encodeURIComponent).join('/')}`;
}

function isAlreadyTaken(entry: DataCiteErrorEntry): boolean {
  return /already been taken/i.test(entry.title);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** DataCite's JSON:API `errors`, keeping `source` (a string, or a JSON:API `{ pointer }`) and `title`. */
function errorsOf(body: unknown): DataCiteErrorEntry[] {
  const errors = isRecord(body) ? body['errors'] : undefined;
  const list = Array.isArray(errors) ? errors : isRecord(errors) ? [errors] : [];
  return list.filter(isRecord).map((entry) => {
    const rawSource = entry['source'];
    const source =
      typeof rawSource === 'string'
        ? rawSource
        : isRecord(rawSource) && typeof rawSource['pointer'] === 'string'
          ? rawSource['pointer']
          : undefined;
    const title =
      typeof entry['title'] === 'string' ? entry['title'] : JSON.stringify(entry['title'] ?? null);
    return source === undefined ? { title } : { source, title };
  });
}

/** A `dois` resource → {@link RegisteredDoi}; anything else means DataCite is not answering as itself. */
function toRegisteredDoi(body: unknown, requested: string): RegisteredDoi {
  const data = isRecord(body) ? body['data'] : undefined;
  const attributes = isRecord(data) ? data['attributes'] : undefined;
  const state = isRecord(attributes) ? attributes['state'] : undefined;
  if (!isRecord(data) || !isRecord(attributes) || !isDoiState(state))
    throw new DataCiteUnavailableError(`DataCite sent no DOI resource for ${requested}`, undefined);
  const doi =
    typeof attributes['doi'] === 'string'
      ? attributes['doi']
      : typeof data['id'] === 'string'
        ? data['id']
        : requested;
  const url = attributes['url'];
  return { doi, state, url: typeof url === 'string' && url !== '' ? url : null };
}

function isDoiState(value: unknown): value is DoiState {
  return value === 'draft' || value === 'registered' || value === 'findable';
}

function networkReason(error: unknown): string {
  // Not `instanceof Error`: fetch's errors may come from another realm (a test VM context).
  if (!isRecord(error)) return String(error);
  const message = typeof error['message'] === 'string' ? error['message'] : 'unknown error';
  const cause = error['cause'];
  const code = isRecord(cause) && typeof cause['code'] === 'string' ? ` (${cause['code']})` : '';
  return `${message}${code}`;
}
