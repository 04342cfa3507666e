import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiClient, ApiConnectionError, ApiProblemError } from './api-client.js';
import { contentDigestHeader, digestFile } from './content-digest.js';

const TOKEN = 'apdc_test-token-0123456789abcdef';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

type Handler = (request: IncomingMessage, response: ServerResponse, body: Buffer) => void;

let server: Server;
let baseUrl: string;
let dir: string;
let handler: Handler;
let seen: Seen[];
/** Runs as each request body arrives, before the handler; lets a test slow the server's reading down. */
let onFirstChunk: ((request: IncomingMessage) => Promise<void>) | undefined;

function json(status: number, body: unknown, contentType = 'application/json'): Handler {
  return (_request, response) => {
    response.writeHead(status, { 'Content-Type': contentType });
    response.end(JSON.stringify(body));
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'apdc-cli-client-'));
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let first = true;
    request.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (first && onFirstChunk !== undefined) {
        first = false;
        request.pause();
        void onFirstChunk(request).then(() => request.resume());
      }
    });
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      handler(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  seen = [];
  onFirstChunk = undefined;
  handler = json(200, {});
});

describe(ApiClient.name, () => {
  it('sends the bearer token and reads JSON, under a base URL with a path prefix', async () => {
    const dataset = { id: 'ds 1', ownerGroup: 'cta', versions: [{ number: 1, state: 'draft' }] };
    handler = json(200, dataset);
    const sut = new ApiClient({ baseUrl: `${baseUrl}/apdc`, token: TOKEN });

    expect(await sut.getDataset('ds 1')).toEqual(dataset);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/apdc/api/v1/datasets/ds%201' });
    expect(seen[0]?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('sends no Authorization header without a token', async () => {
    const sut = new ApiClient({ baseUrl, token: undefined });

    await sut.getVersion('d', 2);

    expect(seen[0]?.url).toBe('/api/v1/datasets/d/versions/2');
    expect(seen[0]?.headers['authorization']).toBeUndefined();
  });

  it('sends JSON bodies', async () => {
    handler = json(201, { id: 'd', ownerGroup: 'cta', versions: [{ number: 1, state: 'draft' }] });
    const sut = new ApiClient({ baseUrl, token: TOKEN });

    await sut.createDataset('cta');
    await sut.patchVersion('d', 1, { embargoUntil: null });

    expect(seen.map((s) => [s.method, s.url, s.headers['content-type'], s.body.toString()])).toEqual([
      ['POST', '/api/v1/datasets', 'application/json', '{"group":"cta"}'],
      ['PATCH', '/api/v1/datasets/d/versions/1', 'application/json', '{"embargoUntil":null}'],
    ]);
  });

  it('maps a problem+json answer to an ApiProblemError with title, detail and violations', async () => {
    const problem = {
      type: 'https://apdc.example/problems/invalid-input',
      title: 'Invalid metadata',
      status: 422,
      detail: 'The metadata document does not conform to the dataset shape.',
      violations: [
        { path: '/name', message: 'required' },
        { path: '/license', message: 'not a known licence' },
      ],
    };
    handler = json(422, problem, 'application/problem+json; charset=utf-8');
    const sut = new ApiClient({ baseUrl, token: TOKEN });

    const error = await sut.putMetadata('d', 1, { '@type': 'Dataset' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiProblemError);
    expect((error as ApiProblemError).problem).toEqual(problem);
  });

  it('makes up a problem when the answer is not a problem document', async () => {
    handler = (_request, response) => {
      response.writeHead(502, 'Bad Gateway', { 'Content-Type': 'text/html' });
      response.end('<h1>upstream down</h1>');
    };
    const sut = new ApiClient({ baseUrl, token: TOKEN });

    const error = await sut.publish('d', 1).catch((e: unknown) => e);

    expect((error as ApiProblemError).problem).toEqual({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      detail: '<h1>upstream down</h1>',
      violations: [],
    });
  });

  it('passes paging parameters when listing files', async () => {
    handler = json(200, { items: [], nextCursor: null });
    const sut = new ApiClient({ baseUrl, token: TOKEN });

    expect(await sut.listFiles('d', 3, { limit: 50, cursor: 'a b' })).toEqual({
      items: [],
      nextCursor: null,
    });
    expect(seen[0]?.url).toBe('/api/v1/datasets/d/versions/3/files?limit=50&cursor=a+b');
  });

  it('streams an upload from disk with Content-Length, Content-Type and a matching Content-Digest', async () => {
    const content = randomBytes(32 * 1024 * 1024);
    const localPath = path.join(dir, 'big.fits');
    writeFileSync(localPath, content);
    const digest = await digestFile(localPath);
    let sent = 0;
    let sentWhileServerPaused = -1;
    onFirstChunk = async () => {
      // While the server does not read, a streaming client can only get a socket buffer or so ahead.
      await sleep(300);
      sentWhileServerPaused = sent;
    };
    handler = (request, response, body) => {
      const sha256 = createHash('sha256').update(body).digest('base64');
      const ok = request.headers['content-digest'] === contentDigestHeader(sha256);
      json(ok ? 201 : 400, { path: 'raw/run 1#.fits', sizeBytes: body.length, sha256, restricted: true })(
        request,
        response,
        body,
      );
    };
    const sut = new ApiClient({ baseUrl, token: TOKEN });

    const result = await sut.uploadFile('d', 1, {
      path: 'raw/run 1#.fits',
      localPath,
      sizeBytes: digest.sizeBytes,
      sha256Base64: digest.sha256Base64,
      mediaType: 'application/fits',
      restricted: true,
      onProgress: (bytes) => (sent = bytes),
    });

    expect(result).toMatchObject({ sizeBytes: content.length, restricted: true });
    const request = seen[0];
    expect(request?.method).toBe('PUT');
    expect(request?.url).toBe('/api/v1/datasets/d/versions/1/files/raw/run%201%23.fits?restricted=true');
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/fits',
      'content-length': String(content.length),
      'content-digest': `sha-256=:${createHash('sha256').update(content).digest('base64')}:`,
    });
    expect(request?.headers['transfer-encoding']).toBeUndefined();
    expect(request?.body.equals(content)).toBe(true);
    expect(sent).toBe(content.length);
    expect(sentWhileServerPaused).toBeGreaterThan(0);
    expect(sentWhileServerPaused).toBeLessThan(content.length / 2);
  });

  it('reports an unreachable service as an ApiConnectionError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const sut = new ApiClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN });

    const error = await sut.getDataset('d').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiConnectionError);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});
