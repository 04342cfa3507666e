import { Controller, Delete, Get, Headers, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Principal } from '@apdc/access';
import { FileService, contentDigestHeader, parseDeclaredDigests } from '@apdc/catalogue';
import { InvalidInputError } from '@apdc/platform';
import { FilePageDto, FileViewDto } from '../dto/file.response.js';
import { DEFAULT_PAGE_SIZE, PaginationQuery } from '../dto/pagination.query.js';
import { ApiProblemResponses } from '../http/api-problem-responses.js';
import { ApiFileDownloadResponses, ApiFileUploadBody } from '../http/api-representations.js';
import { parseByteRange } from '../http/byte-range.js';
import { ifNoneMatchHits, sendJson, setPaginationLinks } from '../http/json-response.js';
import { PROBLEM_JSON, problem } from '../http/problem-details.js';
import { RequestPrincipal } from '../http/request-principal.js';
import { parseVersionNumber, wildcardPath } from '../http/route-params.js';

/** Paths under which request bodies are file bytes, never parsed (see configure-app.ts). */
export const FILE_UPLOAD_ROUTE = /^\/api\/v1\/datasets\/[^/]+\/versions\/[^/]+\/files\/.+/;

/** The Express 5 `*path` wildcard, which the OpenAPI document shows as `{path}`. */
const ApiFilePath = () =>
  ApiParam({ name: 'path', description: 'file path inside the release, segments URI-encoded', type: String });

const EMBARGOED = { status: 403, description: 'The files are under embargo (`embargoUntil`)' } as const;

@ApiTags('files')
@ApiBearerAuth()
@ApiProblemResponses(401, 500)
@Controller('api/v1/datasets/:datasetId/versions/:number/files')
export class FilesController {
  constructor(private readonly files: FileService) {}

  @Get()
  @ApiOperation({ summary: 'Files of a version in path order (cursor pagination)' })
  @ApiOkResponse({ type: FilePageDto })
  @ApiProblemResponses(400, EMBARGOED, 404, 410)
  async list(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Query() query: PaginationQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const page = await this.files.list(
      principal,
      datasetId,
      parseVersionNumber(datasetId, number),
      query.cursor,
      query.limit ?? DEFAULT_PAGE_SIZE,
    );
    setPaginationLinks(request, response, page);
    sendJson(request, response, page);
  }

  @Put('*path')
  @ApiOperation({
    summary:
      'Upload a file into a draft: the raw bytes are the body, streamed; SHA-256 and SHA-512 computed on the way',
  })
  @ApiHeader({
    name: 'Content-Digest',
    required: false,
    description: 'RFC 9530, e.g. sha-256=:<base64>: — verified',
  })
  @ApiQuery({ name: 'restricted', required: false, type: Boolean })
  @ApiFilePath()
  @ApiFileUploadBody()
  @ApiCreatedResponse({ type: FileViewDto, description: 'Stored; `Content-Digest` gives its checksums' })
  @ApiProblemResponses(
    {
      status: 400,
      description: 'Invalid path, media type, checksum header or query, or fewer bytes than Content-Length',
    },
    403,
    404,
    { status: 409, description: 'The files of a published or withdrawn version never change' },
    { status: 413, description: 'The file is larger than the configured limit (`limitBytes`)' },
    { status: 422, description: 'The bytes do not match the declared checksum; nothing was stored' },
  )
  async upload(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Param('path') path: string | string[],
    @Query('restricted') restricted: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Headers('content-length') contentLength: string | undefined,
    @Headers('content-digest') contentDigest: string | undefined,
    @Headers('digest') digest: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const declared = parseDeclaredDigests(contentDigest, digest);
    if (declared.violations.length > 0)
      throw new InvalidInputError('Unreadable checksum header', declared.violations);
    if (restricted !== undefined && restricted !== 'true' && restricted !== 'false') {
      throw new InvalidInputError('Invalid query', [{ path: 'restricted', message: 'true or false' }]);
    }
    const file = await this.files.upload(principal, datasetId, parseVersionNumber(datasetId, number), {
      path: wildcardPath(path),
      body: request,
      mediaType: contentType ?? 'application/octet-stream',
      contentLength: contentLength === undefined ? undefined : Number(contentLength),
      declared: declared.digests,
      restricted: restricted === 'true',
    });
    response.setHeader('Content-Digest', contentDigestHeader(file.sha256, file.sha512));
    sendJson(request, response, file, { status: 201 });
  }

  @Get('*path')
  @ApiOperation({ summary: 'Download a file (single byte ranges supported)' })
  @ApiFilePath()
  @ApiFileDownloadResponses()
  @ApiProblemResponses(EMBARGOED, 404, 410, 416)
  async download(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Param('path') path: string | string[],
    @Headers('range') rangeHeader: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const versionNumber = parseVersionNumber(datasetId, number);
    const filePath = wildcardPath(path);
    const described = await this.files.describe(principal, datasetId, versionNumber, filePath);
    const etag = `"${described.sha256}"`;
    response.setHeader('ETag', etag);
    response.setHeader('Accept-Ranges', 'bytes');
    if (ifNoneMatchHits(request.header('If-None-Match'), etag)) {
      response.status(304).end();
      return;
    }
    const range = parseByteRange(rangeHeader, described.sizeBytes);
    if (range === 'unsatisfiable') {
      response.setHeader('Content-Range', `bytes */${described.sizeBytes}`);
      response
        .status(416)
        .type(PROBLEM_JSON)
        .send(JSON.stringify(problem(416, 'request.range', 'Range not satisfiable')));
      return;
    }
    const file = described;
    const body = await this.files.open(described, range);
    response.setHeader('Content-Type', file.mediaType);
    // Content-Digest is of the bytes sent; a part gets the digest of the whole file as Repr-Digest.
    response.setHeader(
      range === undefined ? 'Content-Digest' : 'Repr-Digest',
      contentDigestHeader(file.sha256, file.sha512),
    );
    response.setHeader(
      'Content-Disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(filePath.split('/').at(-1) ?? 'file')}`,
    );
    if (range === undefined) {
      response.setHeader('Content-Length', String(file.sizeBytes));
      response.status(200);
    } else {
      response.setHeader('Content-Length', String(range.end - range.start + 1));
      response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.sizeBytes}`);
      response.status(206);
    }
    await pipeline(body, response).catch(() => response.destroy());
  }

  @Delete('*path')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a file from a draft' })
  @ApiFilePath()
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblemResponses(403, 404, {
    status: 409,
    description: 'The files of a published or withdrawn version never change',
  })
  async remove(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Param('path') path: string | string[],
  ): Promise<void> {
    await this.files.remove(principal, datasetId, parseVersionNumber(datasetId, number), wildcardPath(path));
  }
}
