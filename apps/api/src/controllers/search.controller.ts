import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '@apdc/access';
import {
  ACCESS_VALUES,
  MAX_SEARCH_LIMIT,
  type RawSearchParameters,
  SORT_ORDERS,
  SearchAdminService,
  SearchService,
} from '@apdc/search';
import { ConsistencyReportDto, ReindexJobDto, SearchResponseDto } from '../dto/search.response.js';
import { ApiProblemResponses } from '../http/api-problem-responses.js';
import { sendJson, setPaginationLinks } from '../http/json-response.js';
import { RequestPrincipal } from '../http/request-principal.js';

const repeatable = (name: string, description: string, example?: string) =>
  ApiQuery({
    name,
    required: false,
    description: `${description} Repeat the parameter for alternatives.`,
    schema: { type: 'array', items: { type: 'string' } },
    style: 'form',
    explode: true,
    ...(example === undefined ? {} : { example: [example] }),
  });

@ApiTags('search')
@ApiBearerAuth()
@ApiProblemResponses(401, 500)
@Controller('api/v1/search')
export class SearchController {
  constructor(
    private readonly search: SearchService,
    private readonly admin: SearchAdminService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Search the catalogue: free text, filters, facets, ranges, sky cone; cursor pagination',
    description:
      'Finds releases (the newest published version of each dataset; members also find their never-released drafts). ' +
      'The query syntax is documented in docs/search-syntax.md: words, "phrases", AND/OR/NOT, -word, (groups), ' +
      'field:value (title, description, creator, keyword, experiment, messenger, type, license, year, doi, orcid), ' +
      'prefix* and fuzzy~; DOIs, ORCID iDs and URLs work unquoted. Malformed queries get a 400 that names each problem and its position.',
  })
  @ApiQuery({ name: 'q', required: false, description: 'Free-text query', example: 'neutrino alerts' })
  @repeatable('experiment', 'Facility slug.', 'icecube')
  @repeatable('messenger', 'Messenger slug.', 'neutrino')
  @repeatable('type', 'Data-level slug.', 'event-list')
  @repeatable('license', 'SPDX licence id.', 'CC-BY-4.0')
  @ApiQuery({
    name: 'access',
    required: false,
    description: 'Access to the files now. Repeat the parameter for alternatives.',
    schema: { type: 'array', items: { type: 'string', enum: [...ACCESS_VALUES] } },
    style: 'form',
    explode: true,
  })
  @repeatable('keyword', 'Exact keyword (case-insensitive).')
  @ApiQuery({ name: 'yearFrom', required: false, type: Number, description: 'Publication year from' })
  @ApiQuery({ name: 'yearTo', required: false, type: Number, description: 'Publication year to' })
  @ApiQuery({
    name: 'timeFrom',
    required: false,
    description: 'Observation time overlapping from this ISO 8601 date or date-time',
    example: '2017-01-01',
  })
  @ApiQuery({ name: 'timeTo', required: false, description: 'Observation time overlapping up to this date' })
  @ApiQuery({
    name: 'energyFrom',
    required: false,
    description:
      'Energy range overlapping from this energy: a number with an optional unit (eV, keV, MeV, GeV, TeV, PeV, EeV, ZeV; eV by default)',
    example: '100TeV',
  })
  @ApiQuery({ name: 'energyTo', required: false, description: 'Energy range overlapping up to this energy' })
  @ApiQuery({
    name: 'ra',
    required: false,
    type: Number,
    description: 'Cone centre right ascension (ICRS, degrees, 0–360)',
  })
  @ApiQuery({
    name: 'dec',
    required: false,
    type: Number,
    description: 'Cone centre declination (ICRS, degrees, −90–90)',
  })
  @ApiQuery({
    name: 'radius',
    required: false,
    type: Number,
    description: 'Cone radius in degrees (0–180); matches releases whose sky coverage intersects the cone',
  })
  @ApiQuery({
    name: 'sort',
    required: false,
    enum: SORT_ORDERS,
    description: 'Default: relevance with a query, newest without',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    type: Number,
    description: `Page size, 1–${MAX_SEARCH_LIMIT} (default 20)`,
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({
    name: 'facets',
    required: false,
    type: Boolean,
    description: 'Compute facet counts (default true)',
  })
  @ApiQuery({ name: 'highlight', required: false, type: Boolean, description: 'Mark matches (default true)' })
  @ApiOkResponse({ type: SearchResponseDto })
  @ApiProblemResponses(400)
  async find(
    @RequestPrincipal() principal: Principal,
    @Query() query: RawSearchParameters,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const result = await this.search.search(principal, query);
    setPaginationLinks(request, response, result);
    sendJson(request, response, result);
  }

  @Get('consistency')
  @ApiOperation({
    summary: 'Compare the search index with the database: counts and per-document digests (administrators)',
  })
  @ApiOkResponse({ type: ConsistencyReportDto })
  @ApiProblemResponses(403)
  async consistency(
    @RequestPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    sendJson(request, response, await this.admin.verify(principal, { repair: false }));
  }

  @Post('consistency/repair')
  @HttpCode(200)
  @ApiOperation({ summary: 'Compare, then re-index every dataset that differs (administrators)' })
  @ApiOkResponse({ type: ConsistencyReportDto })
  @ApiProblemResponses(403)
  async repair(
    @RequestPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    sendJson(request, response, await this.admin.verify(principal, { repair: true }));
  }

  @Post('reindex')
  @ApiOperation({
    summary: 'Rebuild the whole index in the background, without downtime (administrators)',
  })
  @ApiAcceptedResponse({ type: ReindexJobDto })
  @ApiProblemResponses(403)
  async reindex(
    @RequestPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const job = await this.admin.requestReindex(principal);
    response.setHeader('Location', `/api/v1/search/reindex/${job.jobId}`);
    sendJson(request, response, job, { status: 202 });
  }

  @Get('reindex/:jobId')
  @ApiOperation({ summary: 'State of a reindex job (administrators)' })
  @ApiOkResponse({ type: ReindexJobDto })
  @ApiProblemResponses(403, 404)
  async reindexJob(
    @RequestPrincipal() principal: Principal,
    @Param('jobId') jobId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    sendJson(request, response, await this.admin.reindexJob(principal, jobId));
  }
}
