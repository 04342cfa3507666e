import { Body, Controller, Get, Headers, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '@apdc/access';
import { PublicationService, ReleaseRecordService, VersionService, versionEtag } from '@apdc/catalogue';
import { METADATA_FORMATS, negotiateMetadataFormat } from '@apdc/metadata';
import { sha256Hex } from '@apdc/platform';
import { UpdateVersionSettingsDto, WithdrawVersionDto } from '../dto/dataset.dto.js';
import {
  RevisionListDto,
  VersionListDto,
  VersionSummaryViewDto,
  VersionViewDto,
} from '../dto/dataset.response.js';
import { ApiProblemResponses } from '../http/api-problem-responses.js';
import { ApiMetadataRepresentations } from '../http/api-representations.js';
import { sendJson } from '../http/json-response.js';
import { RequestPrincipal } from '../http/request-principal.js';
import { parseVersionNumber } from '../http/route-params.js';
import { NotAcceptableMetadataError } from '../http/not-acceptable.error.js';

@ApiTags('versions')
@ApiBearerAuth()
@ApiProblemResponses(401, 500)
@Controller('api/v1/datasets/:datasetId/versions')
export class VersionsController {
  constructor(
    private readonly versions: VersionService,
    private readonly publication: PublicationService,
    private readonly records: ReleaseRecordService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The versions of a dataset the caller may see' })
  @ApiOkResponse({ type: VersionListDto })
  @ApiProblemResponses(404)
  async list(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    sendJson(request, response, { items: await this.versions.list(principal, datasetId) });
  }

  @Post()
  @ApiOperation({
    summary: 'Start a new draft version from the latest one (metadata and files carried over)',
  })
  @ApiCreatedResponse({ type: VersionViewDto })
  @ApiProblemResponses(403, 404, {
    status: 409,
    description: 'A draft exists already (`draft` is its number), or nothing was published yet',
  })
  async createNext(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const version = await this.versions.createNext(principal, datasetId);
    response.setHeader('Location', `/api/v1/datasets/${datasetId}/versions/${version.number}`);
    sendJson(request, response, version, { status: 201, etag: versionEtag(version) });
  }

  @Get(':number')
  @ApiOperation({ summary: 'A version; a withdrawn one answers 410 with its tombstone' })
  @ApiOkResponse({ type: VersionViewDto })
  @ApiProblemResponses(404, 410)
  async get(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const version = await this.versions.get(principal, datasetId, parseVersionNumber(datasetId, number));
    sendJson(request, response, version, { etag: versionEtag(version) });
  }

  @Patch(':number')
  @ApiOperation({ summary: 'Set the embargo date and producing software of a draft' })
  @ApiOkResponse({ type: VersionViewDto })
  @ApiProblemResponses(400, 403, 404, { status: 409, description: 'The version is not a draft' })
  async updateSettings(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Body() body: UpdateVersionSettingsDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const version = await this.versions.updateSettings(
      principal,
      datasetId,
      parseVersionNumber(datasetId, number),
      {
        ...(body.embargoUntil === undefined
          ? {}
          : { embargoUntil: body.embargoUntil === null ? null : new Date(body.embargoUntil) }),
        ...(body.software === undefined ? {} : { software: body.software }),
      },
    );
    sendJson(request, response, version, { etag: versionEtag(version) });
  }

  @Get(':number/metadata')
  @ApiOperation({
    summary:
      'The metadata of a version in the dialect the client asks for (Accept with JSON-LD profiles, or ?format=): ' +
      METADATA_FORMATS.map(
        (format) =>
          `${format.key} (${format.mediaType}${format.profile === undefined ? '' : `; profile="${format.profile}"`})`,
      ).join(', '),
  })
  @ApiQuery({ name: 'format', required: false, enum: METADATA_FORMATS.map((format) => format.key) })
  @ApiMetadataRepresentations()
  @ApiProblemResponses(404, 406, 410)
  async metadata(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Query('format') formatKey: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const format = negotiateMetadataFormat(accept, typeof formatKey === 'string' ? formatKey : undefined);
    if (format === undefined) throw new NotAcceptableMetadataError();
    const input = await this.records.renderInput(principal, datasetId, parseVersionNumber(datasetId, number));
    const body = await format.render(input);
    const self = `/api/v1/datasets/${datasetId}/versions/${number}/metadata`;
    response.setHeader('Vary', 'Accept, Authorization');
    response.setHeader(
      'Link',
      METADATA_FORMATS.map(
        (alternate) => `<${self}?format=${alternate.key}>; rel="alternate"; type="${alternate.mediaType}"`,
      ).join(', '),
    );
    response.setHeader('ETag', `"${sha256Hex(body).slice(0, 32)}"`);
    response.type(
      format.profile === undefined ? format.mediaType : `${format.mediaType}; profile="${format.profile}"`,
    );
    response.status(200).send(body);
  }

  @Put(':number/metadata')
  @ApiOperation({
    summary: 'Replace the metadata of a draft, or correct a published version (recorded as a new revision)',
  })
  @ApiBody({ description: 'schema.org Dataset in compact JSON-LD', schema: { type: 'object' } })
  @ApiQuery({ name: 'reason', required: false, description: 'Why a published version is corrected' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag of the version as last read; the change is refused (412) if it changed since',
  })
  @ApiOkResponse({ type: VersionViewDto })
  @ApiProblemResponses(400, 403, 404, { status: 409, description: 'The version was withdrawn' }, 412, 413, {
    status: 422,
    description: 'The metadata document has problems (see `violations`)',
  })
  async setMetadata(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Body() document: Record<string, unknown>,
    @Headers('if-match') ifMatch: string | undefined,
    @Query('reason') reason: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const version = await this.versions.setMetadata(
      principal,
      datasetId,
      parseVersionNumber(datasetId, number),
      document,
      {
        ifMatch,
        reason: typeof reason === 'string' ? reason : undefined,
      },
    );
    sendJson(request, response, version, { etag: versionEtag(version) });
  }

  @Get(':number/revisions')
  @ApiOperation({ summary: 'Earlier metadata revisions of a published version' })
  @ApiOkResponse({ type: RevisionListDto })
  @ApiProblemResponses(404)
  async revisions(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const items = await this.versions.revisions(principal, datasetId, parseVersionNumber(datasetId, number));
    sendJson(request, response, { items });
  }

  @Post(':number/publish')
  @ApiOperation({ summary: 'Publish a complete draft (curators); its files never change afterwards' })
  @ApiOkResponse({ type: VersionSummaryViewDto })
  @ApiProblemResponses(
    403,
    404,
    { status: 409, description: 'The version is not a draft' },
    {
      status: 422,
      description: 'The version lacks what publication requires, metadata or files (see `violations`)',
    },
  )
  async publish(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    sendJson(
      request,
      response,
      await this.publication.publish(principal, datasetId, parseVersionNumber(datasetId, number)),
    );
  }

  @Post(':number/withdraw')
  @ApiOperation({ summary: 'Withdraw a published version with a reason (curators); a tombstone stays' })
  @ApiOkResponse({ type: VersionSummaryViewDto })
  @ApiProblemResponses(400, 403, 404, { status: 409, description: 'The version is not published' })
  async withdraw(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Body() body: WithdrawVersionDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const version = await this.publication.withdraw(
      principal,
      datasetId,
      parseVersionNumber(datasetId, number),
      body.reason,
    );
    sendJson(request, response, version);
  }
}
