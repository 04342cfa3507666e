import { Controller, Get, HttpCode, Inject, Optional, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { MetadataFormatRegistry, OaiProvider, OaiRepository } from '@apdc/oai-pmh';
import { APP_CONFIG, type AppConfig, Clock } from '@apdc/platform';
import { problem } from '../http/problem-details.js';
import { sendProblem } from '../http/problem-details.filter.js';
import { oaiBaseUrl, oaiProviderConfig } from '../oai/oai-provider-config.js';

/** Route of the OAI-PMH endpoint (exempt from the JSON-only body rule in configure-app.ts). */
export const OAI_ROUTE = '/oai';
/** A form body of OAI-PMH arguments is a few hundred bytes; anything past this is not a harvester. */
const MAX_FORM_BYTES = 64 * 1024;
const FORM_TYPE = 'application/x-www-form-urlencoded';

class FormBodyError extends Error {
  constructor(
    readonly status: 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/**
 * OAI-PMH 2.0 (GET and POST form) over {@link OaiProvider}: the response is streamed as the provider
 * writes it, gzipped when the harvester accepts it. Protocol errors are `<error>` elements with HTTP 200.
 */
@ApiExcludeController()
@Controller('oai')
export class OaiController {
  private readonly provider: OaiProvider;
  private readonly baseUrl: string;

  constructor(
    repository: OaiRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
    @Optional() formats?: MetadataFormatRegistry,
  ) {
    this.provider = new OaiProvider(
      repository,
      oaiProviderConfig(config),
      formats ?? new MetadataFormatRegistry(),
    );
    this.baseUrl = oaiBaseUrl(config);
  }

  @Get()
  @HttpCode(200)
  async get(@Req() request: Request, @Res() response: Response): Promise<void> {
    const query = new URL(request.originalUrl, 'http://localhost').searchParams;
    await this.respond([...query.entries()], request, response);
  }

  @Post()
  @HttpCode(200)
  async post(@Req() request: Request, @Res() response: Response): Promise<void> {
    let body: string;
    try {
      body = await readForm(request);
    } catch (error) {
      if (!(error instanceof FormBodyError)) throw error;
      sendProblem(
        request,
        response,
        problem(
          error.status,
          error.status === 413 ? 'request.too-large' : 'request.unsupported-media-type',
          error.message,
        ),
      );
      return;
    }
    await this.respond([...new URLSearchParams(body).entries()], request, response);
  }

  private async respond(args: Array<[string, string]>, request: Request, response: Response): Promise<void> {
    const chunks = this.provider.handle(args, { baseUrl: this.baseUrl, now: this.clock.now() });
    // The first chunk comes only after every protocol check and the first repository read, so a failure
    // there is still an ordinary 500 problem response; later failures can only cut the stream.
    const first = await chunks.next();
    const gzip = acceptsGzip(request.header('Accept-Encoding'));
    response.status(200);
    response.setHeader('Content-Type', 'text/xml; charset=utf-8');
    response.setHeader('Vary', 'Accept-Encoding');
    response.setHeader('Cache-Control', 'no-store');
    if (gzip) response.setHeader('Content-Encoding', 'gzip');
    const source = Readable.from(
      (async function* () {
        if (first.done !== true) yield first.value;
        yield* chunks;
      })(),
    );
    if (gzip) await pipeline(source, createGzip(), response);
    else await pipeline(source, response);
  }
}

function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== 'x-gzip') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

async function readForm(request: Request): Promise<string> {
  const length = request.header('Content-Length');
  const hasBody =
    (length !== undefined && length !== '0') || request.header('Transfer-Encoding') !== undefined;
  if (!hasBody) return '';
  if (!request.is(FORM_TYPE)) throw new FormBodyError(415, `Send the OAI-PMH arguments as ${FORM_TYPE}`);
  if (length !== undefined && Number(length) > MAX_FORM_BYTES)
    throw new FormBodyError(413, `The form body is larger than ${MAX_FORM_BYTES} bytes`);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES)
      throw new FormBodyError(413, `The form body is larger than ${MAX_FORM_BYTES} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}
