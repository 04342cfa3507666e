import {
  Agent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
  createServer,
  request as httpRequest,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';

export interface TapeStandInOptions {
  /** Base URL of the S3 server behind the stand-in (path-style requests only). */
  readonly upstream: string;
  /** Storage classes that live on tape. Default `GLACIER` and `DEEP_ARCHIVE`. */
  readonly archivalStorageClasses?: readonly string[];
  /** Time from a restore request until the restored copy is readable. Default 0 (the next request). */
  readonly recallDelayMs?: number;
  /** How long a restored copy stays readable; default the request's `Days`, as S3 does. */
  readonly restoreLifetimeMs?: number;
  /** Answers a request the upstream server cannot; resolves true when it answered it. */
  readonly answerLocally?: (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean>;
}

export interface TapeStandIn {
  /** Base URL of the stand-in, e.g. `http://127.0.0.1:41234`: the S3 endpoint to give to clients. */
  readonly url: string;
  /** Recalls from tape started so far (restore requests answered 202). */
  readonly recallCount: number;
  /** Requests answered with an injected failure so far. */
  readonly injectedFailureCount: number;
  /**
   * Answers the next `count` requests that `matches` with `status` and S3's error for it (500
   * `InternalError`, 503 `SlowDown`), reading their bodies first as a server would.
   */
  failNextRequests(count: number, status: 500 | 503, matches?: (method: string, url: URL) => boolean): void;
  stop(): Promise<void>;
}

interface Restore {
  readonly readyAt: number;
  expiresAt: number;
}

const DAY_MS = 24 * 3600 * 1000;
/** Connection-level headers belong to one hop; Node sets its own on each side. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
]);

/**
 * A stand-in for tape behind an S3 API (AWS Glacier semantics), which no local S3 server implements and
 * which cannot run here: a small HTTP proxy on 127.0.0.1 in front of an S3 server (s3rver in the tests).
 *
 * For an object whose storage class (`x-amz-storage-class` as the upstream server reports it) is archival:
 * - `GET` → 403 `InvalidObjectState` unless a restore has completed and not expired;
 * - `HEAD` → as upstream, plus `x-amz-restore`: `ongoing-request="true"` during the recall,
 *   `ongoing-request="false", expiry-date="<RFC 1123>"` once the copy is readable;
 * - `POST /<bucket>/<key>?restore` → 202 and a recall that completes after `recallDelayMs`; 409
 *   `RestoreAlreadyInProgress` while it runs; 200 (and a new expiry) once restored; 403
 *   `InvalidObjectState` for an object that is not archival; 404 `NoSuchKey` for none.
 *
 * Writing or deleting a key forgets its restored copy. Everything else is forwarded byte for byte,
 * streaming both ways (multipart uploads of hundreds of MiB go through). Not modelled: restore tiers, the
 * cost of recalls, expiry rounded to midnight, `SELECT` restores, virtual-host-style addressing.
 */
export async function startTapeStandIn(options: TapeStandInOptions): Promise<TapeStandIn> {
  const upstream = new URL(options.upstream);
  const archival = new Set(options.archivalStorageClasses ?? ['GLACIER', 'DEEP_ARCHIVE']);
  const recallDelayMs = options.recallDelayMs ?? 0;
  const restores = new Map<string, Restore>();
  const agent = new Agent({ keepAlive: true });
  const failures: { remaining: number; status: 500 | 503; matches: (method: string, url: URL) => boolean }[] =
    [];
  let recallCount = 0;
  let injectedFailureCount = 0;

  function restoreOf(objectPath: string, now: number): Restore | undefined {
    const restore = restores.get(objectPath);
    if (restore !== undefined && now >= restore.expiresAt) {
      restores.delete(objectPath);
      return undefined;
    }
    return restore;
  }

  /** Sends `request` upstream, streaming its body; or, with `probe`, a bodiless HEAD of the same object. */
  function forward(request: IncomingMessage, probe?: 'HEAD'): Promise<IncomingMessage> {
    const headers = endToEnd(request.headers);
    if (probe !== undefined) {
      delete headers['content-length'];
      delete headers['content-type'];
    }
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: probe ?? request.method,
          path: probe === undefined ? request.url : new URL(request.url ?? '/', 'http://stand-in').pathname,
          headers,
          agent,
        },
        resolve,
      );
      outgoing.on('error', reject);
      if (probe === undefined) {
        // A client that goes away mid-body takes the upstream request with it.
        pipeline(request, outgoing).catch(reject);
      } else {
        outgoing.end();
      }
    });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const method = request.method ?? 'GET';
    const failure = failures.find((candidate) => candidate.remaining > 0 && candidate.matches(method, url));
    if (failure !== undefined) {
      failure.remaining -= 1;
      injectedFailureCount += 1;
      await text(request);
      const [code, message] =
        failure.status === 503
          ? ['SlowDown', 'Please reduce your request rate.']
          : ['InternalError', 'We encountered an internal error. Please try again.'];
      sendError(response, failure.status, code, message);
      return;
    }
    if ((await options.answerLocally?.(request, response, url)) === true) return;

    const objectPath = decodeURIComponent(url.pathname);
    if (method === 'POST' && url.searchParams.has('restore')) {
      await restore(request, response, objectPath);
      return;
    }
    if (method === 'PUT' || method === 'DELETE' || (method === 'POST' && url.searchParams.has('uploadId'))) {
      restores.delete(objectPath);
    }

    const answer = await forward(request);
    const storageClass = answer.headers['x-amz-storage-class'];
    const isObjectRead = (method === 'GET' || method === 'HEAD') && (answer.statusCode ?? 0) < 300;
    if (!isObjectRead || typeof storageClass !== 'string' || !archival.has(storageClass)) {
      response.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      await pipeline(answer, response);
      return;
    }
    const now = Date.now();
    const restored = restoreOf(objectPath, now);
    if (method === 'GET' && (restored === undefined || now < restored.readyAt)) {
      answer.destroy();
      sendError(
        response,
        403,
        'InvalidObjectState',
        "The operation is not valid for the object's storage class",
        {
          StorageClass: storageClass,
        },
      );
      return;
    }
    const headers = endToEnd(answer.headers);
    if (restored !== undefined) {
      headers['x-amz-restore'] =
        now < restored.readyAt
          ? 'ongoing-request="true"'
          : `ongoing-request="false", expiry-date="${new Date(restored.expiresAt).toUTCString()}"`;
    }
    response.writeHead(answer.statusCode ?? 200, headers);
    await pipeline(answer, response);
  }

  async function restore(
    request: IncomingMessage,
    response: ServerResponse,
    objectPath: string,
  ): Promise<void> {
    const days = Number(/<Days>\s*(\d+)\s*<\/Days>/.exec(await text(request))?.[1] ?? '1');
    const head = await forward(request, 'HEAD');
    head.resume();
    if (head.statusCode === 404) {
      sendError(response, 404, 'NoSuchKey', 'The specified key does not exist.');
      return;
    }
    const storageClass = head.headers['x-amz-storage-class'];
    if (typeof storageClass !== 'string' || !archival.has(storageClass)) {
      sendError(
        response,
        403,
        'InvalidObjectState',
        "Restore is not allowed for the object's current storage class",
      );
      return;
    }
    const now = Date.now();
    const lifetimeMs = options.restoreLifetimeMs ?? days * DAY_MS;
    const existing = restoreOf(objectPath, now);
    if (existing === undefined) {
      recallCount += 1;
      restores.set(objectPath, {
        readyAt: now + recallDelayMs,
        expiresAt: wholeSecond(now + recallDelayMs + lifetimeMs),
      });
      response.writeHead(202).end();
    } else if (now < existing.readyAt) {
      sendError(response, 409, 'RestoreAlreadyInProgress', 'Object restore is already in progress');
    } else {
      existing.expiresAt = wholeSecond(now + lifetimeMs);
      response.writeHead(200).end();
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        sendError(response, 502, 'InternalError', `tape stand-in: ${String(error)}`);
      } else {
        response.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get recallCount() {
      return recallCount;
    },
    get injectedFailureCount() {
      return injectedFailureCount;
    },
    failNextRequests(count, status, matches = () => true) {
      failures.push({ remaining: count, status, matches });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      agent.destroy();
    },
  };
}

/** `expiry-date` has whole seconds: the copy expires exactly when the header says. */
function wholeSecond(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  }
  return kept;
}

function sendError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  detail: Readonly<Record<string, string>> = {},
): void {
  const extra = Object.entries(detail)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${extra}<RequestId>tape-stand-in</RequestId></Error>`;
  response.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
