import { pipeline } from 'node:stream/promises';
import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '@apdc/access';
import {
  ArchiveRetrievalService,
  ArchiveStatusService,
  PACKAGE_STATES,
  type RetrievedContent,
} from '@apdc/archive';
import { ArchiveAuditRequestDto, ArchiveOverviewQuery } from '../dto/archive.dto.js';
import {
  ArchiveAuditPageDto,
  ArchiveAuditRequestedDto,
  ArchiveEventPageDto,
  ArchiveOverviewPageDto,
  ArchiveStatusDto,
  RetrievalDto,
} from '../dto/archive.response.js';
import { PaginationQuery } from '../dto/pagination.query.js';
import { ApiProblemResponses } from '../http/api-problem-responses.js';
import { sendJson, setPaginationLinks } from '../http/json-response.js';
import { RequestPrincipal } from '../http/request-principal.js';
import { parseVersionNumber, wildcardPath } from '../http/route-params.js';

const PREMIS_XML = 'application/xml';

@ApiTags('archive')
@ApiBearerAuth()
@ApiProblemResponses(401, 403, 404, 500)
@Controller('api/v1/datasets/:datasetId/versions/:number/archive')
export class VersionArchiveController {
  constructor(
    private readonly status: ArchiveStatusService,
    private readonly retrievals: ArchiveRetrievalService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Archive status of a version: packages, bags, copies and their last fixity audits',
    description: 'For members of a group with access to the dataset, and administrators.',
  })
  @ApiOkResponse({ type: ArchiveStatusDto })
  async archiveStatus(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const view = await this.status.status(principal, datasetId, parseVersionNumber(datasetId, number));
    response.setHeader('Cache-Control', 'no-store');
    sendJson(request, response, view);
  }

  @Get('events')
  @ApiOperation({
    summary:
      'Preservation history (PREMIS events), oldest first; as a PREMIS 3.0 document with Accept: application/xml',
  })
  @ApiProduces('application/json', PREMIS_XML)
  @ApiOkResponse({ type: ArchiveEventPageDto })
  @ApiProblemResponses(400, 409)
  async events(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Query() query: PaginationQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const versionNumber = parseVersionNumber(datasetId, number);
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Vary', 'Accept');
    if (request.accepts(['application/json', PREMIS_XML]) === PREMIS_XML) {
      const xml = await this.status.premis(principal, datasetId, versionNumber);
      response.status(200).type(PREMIS_XML).send(xml);
      return;
    }
    const page = await this.status.events(principal, datasetId, versionNumber, query);
    setPaginationLinks(request, response, page);
    sendJson(request, response, page);
  }

  @Get('audits')
  @ApiOperation({ summary: 'Fixity audit history of the version’s copies, newest first' })
  @ApiOkResponse({ type: ArchiveAuditPageDto })
  @ApiProblemResponses(400)
  async audits(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Query() query: PaginationQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const page = await this.status.audits(principal, datasetId, parseVersionNumber(datasetId, number), query);
    response.setHeader('Cache-Control', 'no-store');
    setPaginationLinks(request, response, page);
    sendJson(request, response, page);
  }

  @Post('audits')
  @ApiOperation({
    summary: 'Audit every copy of the newest stored package now (curators and administrators)',
    description:
      'Disk copies are read back and validated as bags; tape copies are checked against the checksum the store keeps, ' +
      'or recalled in full with `recall: true`. A bad copy is repaired from a good one. Follow with GET …/audits.',
  })
  @ApiAcceptedResponse({ type: ArchiveAuditRequestedDto })
  @ApiProblemResponses(400, 409)
  async requestAudit(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Body() body: ArchiveAuditRequestDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const versionNumber = parseVersionNumber(datasetId, number);
    const queued = await this.status.requestAudit(principal, datasetId, versionNumber, {
      recall: body.recall ?? false,
    });
    response.setHeader('Location', `/api/v1/datasets/${datasetId}/versions/${versionNumber}/archive/audits`);
    sendJson(request, response, queued, { status: 202 });
  }

  @Post('retrievals')
  @ApiOperation({
    summary: 'Ask for the archived version back',
    description:
      'Ready at once when a disk copy can be read (201); when only tape copies can, their recall is requested and ' +
      'the retrieval is `recalling` (202, with Retry-After) until a worker sees the recall done. Poll the Location.',
  })
  @ApiAcceptedResponse({ type: RetrievalDto })
  @ApiProblemResponses(409)
  async requestRetrieval(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const view = await this.retrievals.request(principal, datasetId, parseVersionNumber(datasetId, number));
    response.setHeader('Location', `/api/v1/archive/retrievals/${view.id}`);
    if (view.retryAfterSeconds !== null) response.setHeader('Retry-After', String(view.retryAfterSeconds));
    sendJson(request, response, view, { status: view.state === 'ready' ? 201 : 202 });
  }
}

@ApiTags('archive')
@ApiBearerAuth()
@ApiProblemResponses(400, 401, 403, 500)
@Controller('api/v1/archive/packages')
export class ArchivePackagesController {
  constructor(private readonly status: ArchiveStatusService) {}

  @Get()
  @ApiOperation({
    summary: 'Every archival package with the state of its copies and audits (administrators)',
    description: 'Oldest first; filter with `state=failed` or `state=packing` to see what needs attention.',
  })
  @ApiQuery({ name: 'state', required: false, enum: PACKAGE_STATES })
  @ApiOkResponse({ type: ArchiveOverviewPageDto })
  async packages(
    @RequestPrincipal() principal: Principal,
    @Query() query: ArchiveOverviewQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const page = await this.status.overview(principal, query);
    response.setHeader('Cache-Control', 'no-store');
    setPaginationLinks(request, response, page);
    sendJson(request, response, page);
  }
}

@ApiTags('archive')
@ApiBearerAuth()
@ApiProblemResponses(401, 403, 404, 500)
@Controller('api/v1/archive/retrievals')
export class RetrievalsController {
  constructor(private readonly retrievals: ArchiveRetrievalService) {}

  @Get(':id')
  @ApiOperation({ summary: 'State of a retrieval; `ready` once every bag can be downloaded' })
  @ApiOkResponse({ type: RetrievalDto })
  async retrieval(
    @RequestPrincipal() principal: Principal,
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const view = await this.retrievals.status(principal, id);
    response.setHeader('Cache-Control', 'no-store');
    if (view.retryAfterSeconds !== null) response.setHeader('Retry-After', String(view.retryAfterSeconds));
    sendJson(request, response, view);
  }

  @Get(':id/bags/:index')
  @ApiOperation({ summary: 'Download one bag of a ready retrieval (a BagIt bag as POSIX tar)' })
  @ApiParam({ name: 'index', description: 'Bag index, 1 to the Bag-Count', type: Number })
  @ApiProduces('application/x-tar')
  @ApiOkResponse({ description: 'The tar serialization of the bag' })
  @ApiProblemResponses(409)
  async bag(
    @RequestPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('index') index: string,
    @Res() response: Response,
  ): Promise<void> {
    const bagIndex = /^[1-9]\d{0,5}$/.test(index) ? Number(index) : 0;
    const content = await this.retrievals.bag(principal, id, bagIndex);
    await send(response, content, 'application/x-tar');
  }

  @Get(':id/files/*path')
  @ApiOperation({ summary: 'Download one payload file of a ready retrieval, read out of its bag' })
  @ApiParam({ name: 'path', description: 'file path inside the release, segments URI-encoded', type: String })
  @ApiOkResponse({ description: 'The file’s bytes' })
  @ApiProblemResponses(409)
  async file(
    @RequestPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('path') path: string | string[],
    @Res() response: Response,
  ): Promise<void> {
    const content = await this.retrievals.file(principal, id, wildcardPath(path));
    await send(response, content, 'application/octet-stream');
  }
}

async function send(response: Response, content: RetrievedContent, mediaType: string): Promise<void> {
  response.setHeader('Content-Type', mediaType);
  response.setHeader('Content-Length', String(content.sizeBytes));
  response.setHeader('Cache-Control', 'no-store');
  if (content.sha256 !== null)
    response.setHeader(
      'Content-Digest',
      `sha-256=:${Buffer.from(content.sha256, 'hex').toString('base64')}:`,
    );
  response.setHeader(
    'Content-Disposition',
    `attachment; filename*=UTF-8''${encodeURIComponent(content.fileName)}`,
  );
  response.status(200);
  await pipeline(content.stream, response).catch(() => response.destroy());
}
