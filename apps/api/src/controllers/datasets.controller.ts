import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '@apdc/access';
import { DatasetService, VersionService } from '@apdc/catalogue';
import { CreateDatasetDto, GrantDto } from '../dto/dataset.dto.js';
import { AuditEntryPageDto, DatasetPageDto, DatasetViewDto } from '../dto/dataset.response.js';
import { DEFAULT_PAGE_SIZE, PaginationQuery } from '../dto/pagination.query.js';
import { ApiProblemResponses } from '../http/api-problem-responses.js';
import { sendJson, setPaginationLinks } from '../http/json-response.js';
import { RequestPrincipal } from '../http/request-principal.js';

@ApiTags('datasets')
@ApiBearerAuth()
@ApiProblemResponses(401, 500)
@Controller('api/v1/datasets')
export class DatasetsController {
  constructor(
    private readonly datasets: DatasetService,
    private readonly versions: VersionService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List the datasets visible to the caller, oldest first (cursor pagination)' })
  @ApiOkResponse({ type: DatasetPageDto })
  @ApiProblemResponses(400)
  async list(
    @RequestPrincipal() principal: Principal,
    @Query() query: PaginationQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const page = await this.datasets.list(principal, query.cursor, query.limit ?? DEFAULT_PAGE_SIZE);
    setPaginationLinks(request, response, page);
    sendJson(request, response, page);
  }

  @Post()
  @ApiOperation({ summary: 'Create a dataset owned by a group, with its first draft version' })
  @ApiCreatedResponse({ type: DatasetViewDto })
  @ApiProblemResponses(400, 403, { status: 404, description: 'No such group' }, 413, {
    status: 422,
    description: 'The metadata document has problems (see `violations`)',
  })
  async create(
    @RequestPrincipal() principal: Principal,
    @Body() body: CreateDatasetDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const dataset = await this.datasets.create(principal, { group: body.group, metadata: body.metadata });
    response.setHeader('Location', `/api/v1/datasets/${dataset.id}`);
    sendJson(request, response, dataset, { status: 201 });
  }

  @Get(':datasetId')
  @ApiOperation({ summary: 'A dataset and the versions the caller may see' })
  @ApiOkResponse({ type: DatasetViewDto })
  @ApiProblemResponses(404)
  async get(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    sendJson(request, response, await this.datasets.get(principal, datasetId));
  }

  @Get(':datasetId/audit')
  @ApiOperation({ summary: "The dataset's audit trail, oldest first (curators)" })
  @ApiOkResponse({ type: AuditEntryPageDto })
  @ApiProblemResponses(400, 403, 404)
  async audit(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Query() query: PaginationQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const page = await this.versions.auditTrail(
      principal,
      datasetId,
      query.cursor,
      query.limit ?? DEFAULT_PAGE_SIZE,
    );
    setPaginationLinks(request, response, page);
    sendJson(request, response, page);
  }

  @Post(':datasetId/grants')
  @HttpCode(204)
  @ApiOperation({ summary: 'Share embargoed and restricted data with another group (and its sub-groups)' })
  @ApiNoContentResponse({ description: 'Shared (also when it was already)' })
  @ApiProblemResponses(400, 403, { status: 404, description: 'No such dataset or group' })
  async grant(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Body() body: GrantDto,
  ): Promise<void> {
    await this.datasets.grant(principal, datasetId, body.group);
  }

  @Delete(':datasetId/grants/:group')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop sharing with a group' })
  @ApiNoContentResponse({ description: 'Not shared (also when it was not)' })
  @ApiProblemResponses(403, { status: 404, description: 'No such dataset or group' })
  async revokeGrant(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('group') group: string,
  ): Promise<void> {
    await this.datasets.revokeGrant(principal, datasetId, group);
  }
}
