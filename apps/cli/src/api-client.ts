import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Violation } from '@apdc/platform';
import { contentDigestHeader } from './content-digest.js';

/** Known version states; the service may add others, which are shown as they come. */
export type VersionState = 'draft' | 'published' | 'withdrawn' | (string & {});

export interface VersionSummary {
  readonly number: number;
  readonly state: VersionState;
  readonly title?: string | null;
  readonly publishedAt?: string | null;
}

export interface Dataset {
  readonly id: string;
  readonly ownerGroup: string;
  readonly versions: readonly VersionSummary[];
}

export interface Version {
  readonly number: number;
  readonly state: VersionState;
  readonly title?: string | null;
  readonly revision?: number;
  readonly fileCount?: number;
  /** A string when the service sends a 64-bit count as text. */
  readonly totalBytes?: number | string;
  readonly embargoUntil?: string | null;
  readonly publishedAt?: string | null;
  readonly withdrawnAt?: string | null;
  readonly withdrawalReason?: string | null;
  readonly doi?: string | null;
  readonly doiStatus?: string;
  readonly doiLastError?: string | null;
  readonly jobs?: unknown;
}

export interface VersionPatch {
  readonly embargoUntil?: string | null;
  readonly software?: { readonly name: string; readonly version: string };
}

export interface ReleaseFile {
  readonly path: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly sha512: string;
  readonly mediaType: string;
  readonly restricted: boolean;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** What `GET /api/v1/search/consistency` reports. */
export interface SearchConsistency {
  readonly adapter: string;
  readonly consistent: boolean;
  readonly databaseCount: number;
  readonly indexCount: number;
  readonly missingCount: number;
  readonly staleCount: number;
  readonly extraCount: number;
  readonly missing: readonly string[];
  readonly stale: readonly string[];
  readonly extra: readonly string[];
  readonly repaired: boolean;
  readonly checkedAt: string;
}

export interface ReindexJob {
  readonly jobId: string;
  readonly state: string;
  readonly createdAt: string | null;
  readonly completedAt: string | null;
}

export interface SearchHit {
  readonly datasetId: string;
  readonly versionNumber: number;
  readonly state: string;
  readonly title: string;
  readonly publicationYear: number | null;
  readonly doi: string | null;
}

export interface SearchResults {
  readonly total: number;
  readonly items: readonly SearchHit[];
  readonly nextCursor: string | null;
}

export interface ArchiveCopy {
  readonly name: string;
  readonly storageClass: string;
  readonly state: string;
  readonly lastAudit: { readonly at: string; readonly outcome: string } | null;
  readonly nextAuditAt: string | null;
}

export interface ArchiveStatus {
  readonly datasetId: string;
  readonly versionNumber: number;
  readonly packages: ReadonlyArray<{
    readonly id: string;
    readonly revision: number;
    readonly policy: { readonly id: string };
    readonly state: string;
    readonly lastError: string | null;
    readonly bags: ReadonlyArray<{
      readonly index: number;
      readonly count: number;
      readonly name: string;
      readonly sizeBytes: number;
      readonly copies: readonly ArchiveCopy[];
    }>;
  }>;
}

export interface ArchiveAudit {
  readonly id: string;
  readonly queuedAt: string;
  readonly copy: string;
  readonly bagIndex: number;
  readonly method: string;
  readonly state: string;
  readonly problems: ReadonlyArray<{
    readonly code: string;
    readonly message: string;
    readonly path?: string;
  }>;
}

export interface ArchiveRetrieval {
  readonly id: string;
  readonly state: string;
  readonly retryAfterSeconds: number | null;
  readonly expiresAt: string | null;
  readonly lastError: string | null;
  readonly bags: ReadonlyArray<{
    readonly index: number;
    readonly name: string;
    readonly sizeBytes: number;
    readonly sha256: string | null;
    readonly copy: string;
  }>;
}

export interface ArchivePackageSummary {
  readonly packageId: string;
  readonly datasetId: string;
  readonly versionNumber: number;
  readonly revision: number;
  readonly policy: string;
  readonly state: string;
  readonly copies: number;
  readonly storedCopies: number;
  readonly damagedCopies: number;
  readonly oldestAuditAt: string | null;
  readonly lastError: string | null;
}

export interface FileUpload {
  /** Relative POSIX path of the file in the release. */
  readonly path: string;
  readonly localPath: string;
  /** Must match the bytes that will be read, as must the digest: compute both with `digestFile`. */
  readonly sizeBytes: number;
  readonly sha256Base64: string;
  readonly mediaType: string;
  readonly restricted: boolean;
  /** Called as bytes are read from disk into the request. */
  readonly onProgress?: (sentBytes: number) => void;
}

/** An RFC 9457 problem document. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string | undefined;
  readonly violations: readonly Violation[];
}

/** The service answered with an error status; `problem` is its problem document (or one made up from it). */
export class ApiProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail === undefined ? problem.title : `${problem.title}: ${problem.detail}`);
    this.name = 'ApiProblemError';
  }
}

/** The service could not be reached, or the connection broke before an answer. */
export class ApiConnectionError extends Error {
  constructor(url: string, cause: unknown) {
    super(`cannot reach ${new URL(url).origin}: ${describeCause(cause)}`, { cause });
    this.name = 'ApiConnectionError';
  }
}

export interface ApiClientOptions {
  /** Base URL of the service, without a trailing slash; may include a path prefix. */
  readonly baseUrl: string;
  readonly token: string | undefined;
}

/** A typed client of the APDC REST API (v1). */
export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  createDataset(group: string): Promise<Dataset> {
    return this.json('POST', '/datasets', { group });
  }

  getDataset(datasetId: string): Promise<Dataset> {
    return this.json('GET', datasetPath(datasetId));
  }

  createVersion(datasetId: string): Promise<Version> {
    return this.json('POST', `${datasetPath(datasetId)}/versions`);
  }

  getVersion(datasetId: string, version: number): Promise<Version> {
    return this.json('GET', versionPath(datasetId, version));
  }

  async putMetadata(datasetId: string, version: number, metadata: unknown): Promise<void> {
    await this.json('PUT', `${versionPath(datasetId, version)}/metadata`, metadata);
  }

  patchVersion(datasetId: string, version: number, patch: VersionPatch): Promise<Version> {
    return this.json('PATCH', versionPath(datasetId, version), patch);
  }

  publish(datasetId: string, version: number): Promise<Version> {
    return this.json('POST', `${versionPath(datasetId, version)}/publish`);
  }

  withdraw(datasetId: string, version: number, reason: string): Promise<Version> {
    return this.json('POST', `${versionPath(datasetId, version)}/withdraw`, { reason });
  }

  listFiles(
    datasetId: string,
    version: number,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<ReleaseFile>> {
    const query = new URLSearchParams();
    if (page.limit !== undefined) query.set('limit', String(page.limit));
    if (page.cursor !== undefined) query.set('cursor', page.cursor);
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    return this.json('GET', `${versionPath(datasetId, version)}/files${suffix}`);
  }

  /** Streams the file from disk as the request body; the file is never held in memory whole. */
  async uploadFile(datasetId: string, version: number, upload: FileUpload): Promise<ReleaseFile> {
    const encodedPath = upload.path.split('/').map(encodeURIComponent).join('/');
    const query = upload.restricted ? '?restricted=true' : '';
    const file = createReadStream(upload.localPath);
    const body = Readable.toWeb(file);
    let sent = 0;
    // Added after toWeb, which starts the flow: this listener only observes the chunks it pulls.
    file.on('data', (chunk) => {
      sent += chunk.length;
      upload.onProgress?.(sent);
    });
    try {
      return await this.send(`${versionPath(datasetId, version)}/files/${encodedPath}${query}`, {
        method: 'PUT',
        headers: {
          'Content-Type': upload.mediaType,
          'Content-Length': String(upload.sizeBytes),
          'Content-Digest': contentDigestHeader(upload.sha256Base64),
        },
        body: body as ReadableStream<Uint8Array>,
        duplex: 'half',
      });
    } finally {
      file.destroy();
    }
  }

  search(parameters: URLSearchParams): Promise<SearchResults> {
    return this.json('GET', `/search?${parameters.toString()}`);
  }

  searchConsistency(repair: boolean): Promise<SearchConsistency> {
    return repair ? this.json('POST', '/search/consistency/repair') : this.json('GET', '/search/consistency');
  }

  requestReindex(): Promise<ReindexJob> {
    return this.json('POST', '/search/reindex');
  }

  reindexJob(jobId: string): Promise<ReindexJob> {
    return this.json('GET', `/search/reindex/${encodeURIComponent(jobId)}`);
  }

  archivePackages(parameters: URLSearchParams): Promise<Page<ArchivePackageSummary>> {
    return this.json('GET', `/archive/packages?${parameters.toString()}`);
  }

  archiveStatus(datasetId: string, version: number): Promise<ArchiveStatus> {
    return this.json('GET', `${versionPath(datasetId, version)}/archive`);
  }

  requestArchiveAudit(datasetId: string, version: number, recall: boolean): Promise<{ auditIds: string[] }> {
    return this.json('POST', `${versionPath(datasetId, version)}/archive/audits`, { recall });
  }

  archiveAudits(datasetId: string, version: number): Promise<Page<ArchiveAudit>> {
    return this.json('GET', `${versionPath(datasetId, version)}/archive/audits?limit=200`);
  }

  requestRetrieval(datasetId: string, version: number): Promise<ArchiveRetrieval> {
    return this.json('POST', `${versionPath(datasetId, version)}/archive/retrievals`);
  }

  retrieval(id: string): Promise<ArchiveRetrieval> {
    return this.json('GET', `/archive/retrievals/${encodeURIComponent(id)}`);
  }

  /** The bytes of one bag of a ready retrieval, as a web stream. */
  async retrievalBag(id: string, index: number): Promise<ReadableStream<Uint8Array>> {
    const url = `${this.options.baseUrl}/api/v1/archive/retrievals/${encodeURIComponent(id)}/bags/${index}`;
    const headers: Record<string, string> = { Accept: 'application/x-tar, application/problem+json' };
    if (this.options.token !== undefined) headers['Authorization'] = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await fetch(url, { headers });
    } catch (error) {
      throw new ApiConnectionError(url, error);
    }
    if (!response.ok || response.body === null) throw new ApiProblemError(await readProblem(response));
    return response.body;
  }

  private json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send(path, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
  }

  private async send<T>(path: string, init: SendInit): Promise<T> {
    const url = `${this.options.baseUrl}/api/v1${path}`;
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      ...init.headers,
    };
    if (this.options.token !== undefined) headers['Authorization'] = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await fetch(url, { ...init, headers });
    } catch (error) {
      throw new ApiConnectionError(url, error);
    }
    if (!response.ok) throw new ApiProblemError(await readProblem(response));
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}

interface SendInit {
  readonly method: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | ReadableStream<Uint8Array>;
  /** Required by fetch for a streamed body. */
  readonly duplex?: 'half';
}

function datasetPath(datasetId: string): string {
  return `/datasets/${encodeURIComponent(datasetId)}`;
}

function versionPath(datasetId: string, version: number): string {
  return `${datasetPath(datasetId)}/versions/${version}`;
}

/** The response's problem document; a made-up one when a proxy or crash answered with something else. */
async function readProblem(response: Response): Promise<Problem> {
  const fallbackTitle = response.statusText === '' ? `HTTP ${response.status}` : response.statusText;
  const text = await response.text().catch(() => '');
  const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/problem+json' || mediaType === 'application/json') {
    try {
      const body: unknown = JSON.parse(text);
      if (typeof body === 'object' && body !== null) {
        const problem = body as Record<string, unknown>;
        return {
          type: typeof problem['type'] === 'string' ? problem['type'] : 'about:blank',
          title: typeof problem['title'] === 'string' ? problem['title'] : fallbackTitle,
          status: typeof problem['status'] === 'number' ? problem['status'] : response.status,
          detail: typeof problem['detail'] === 'string' ? problem['detail'] : undefined,
          violations: Array.isArray(problem['violations'])
            ? problem['violations'].filter(isViolation).map(({ path, message }) => ({ path, message }))
            : [],
        };
      }
    } catch {
      // Not JSON after all: report the text below.
    }
  }
  const snippet = text.trim().slice(0, 500);
  return {
    type: 'about:blank',
    title: fallbackTitle,
    status: response.status,
    detail: snippet === '' ? undefined : snippet,
    violations: [],
  };
}

function isViolation(value: unknown): value is Violation {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate['path'] === 'string' && typeof candidate['message'] === 'string';
}

/**
 * fetch reports "fetch failed" and hides the useful part (ECONNREFUSED, EPIPE, ...) in `cause`. Duck-typed:
 * errors from undici may come from another realm, where `instanceof Error` is false.
 */
function describeCause(error: unknown): string {
  let current: unknown = error;
  let message = 'unknown error';
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const fields = current as { message?: unknown; code?: unknown; cause?: unknown };
    const text = typeof fields.message === 'string' ? fields.message : '';
    const code = typeof fields.code === 'string' ? fields.code : undefined;
    if (code === undefined) message = text === '' ? message : text;
    else if (text === '') message = code;
    else message = text.includes(code) ? text : `${text} (${code})`;
    current = fields.cause;
  }
  return message;
}
