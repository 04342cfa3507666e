import { Controller, Get, Headers, Inject, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiFoundResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '@apdc/access';
import {
  type DatasetView,
  DatasetService,
  ReleaseRecordService,
  VersionNotFoundError,
  VersionService,
  VersionWithdrawnError,
} from '@apdc/catalogue';
import {
  CITATION_STYLES,
  METADATA_FORMATS,
  type RenderInput,
  renderBibliography,
  toCitationText,
  toDataCiteAttributes,
  toSchemaOrgDataset,
} from '@apdc/metadata';
import { APP_CONFIG, type AppConfig, sha256Hex } from '@apdc/platform';
import { ApiProblemResponses } from '../http/api-problem-responses.js';
import { ifNoneMatchHits } from '../http/json-response.js';
import { RequestPrincipal } from '../http/request-principal.js';
import { parseVersionNumber, wildcardPath } from '../http/route-params.js';
import {
  LINKSET_JSON,
  type LandingQuery,
  type LandingRepresentation,
  NotAcceptableLandingError,
  negotiateLanding,
} from '../landing/landing-negotiation.js';
import { DatasetUrls, doiUrl, spdxLicenseUrl } from '../landing/landing-urls.js';
import { type Signposts, linkHeader, linksetDocument, signpostsOf } from '../landing/signposting.js';
import { readTombstone, renderTombstonePage } from '../landing/tombstone-page.js';
import { renderVersionPage } from '../landing/version-page.js';

/** Past this many files, the `Link` header leaves the `item` links to the link set. */
const MAX_ITEMS_IN_LINK_HEADER = 50;

const DEFAULT_CITATION = { style: 'apa', locale: 'en-US' } as const;

type Page = { readonly kind: 'version'; readonly number: number } | { readonly kind: 'concept' };

const representationsDescription =
  'Content negotiation as DataCite does it: text/html (the default, also for */*) redirects to the landing page; ' +
  'text/x-bibliography (parameters style and locale, or ?style=&locale=) answers a formatted citation; ' +
  'application/linkset+json the FAIR Signposting link set; every metadata format of ' +
  '/api/v1/datasets/{datasetId}/versions/{number}/metadata (' +
  METADATA_FORMATS.map((format) => format.key).join(', ') +
  ', or ?format=) answers that metadata directly.';

/**
 * Landing pages for people and machines: server-rendered HTML for a version and for a dataset (its
 * newest version), a DOI resolver, content negotiation (DataCite-style) and FAIR Signposting. Presentation
 * only: every fact comes from the catalogue and metadata libs, which also decide who may see what.
 */
@ApiTags('landing pages')
@Controller()
export class LandingController {
  constructor(
    private readonly datasets: DatasetService,
    private readonly versions: VersionService,
    private readonly records: ReleaseRecordService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('datasets/:datasetId')
  @ApiExcludeEndpoint()
  async concept(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const representation = this.negotiate(response, accept, query);
    await this.answer(request, response, principal, datasetId, { kind: 'concept' }, representation, null);
  }

  @Get('datasets/:datasetId/linkset')
  @ApiOperation({
    summary: 'FAIR Signposting link set (RFC 9264) of the landing page of a dataset (its newest version)',
  })
  @ApiOkResponse({ description: 'The link set', content: { [LINKSET_JSON]: { schema: { type: 'object' } } } })
  @ApiProblemResponses(404, 410)
  async conceptLinkset(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    response.setHeader('Vary', 'Authorization');
    await this.answer(
      request,
      response,
      principal,
      datasetId,
      { kind: 'concept' },
      { kind: 'linkset' },
      null,
    );
  }

  @Get('datasets/:datasetId/versions/:number')
  @ApiExcludeEndpoint()
  async version(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const page: Page = { kind: 'version', number: parseVersionNumber(datasetId, number) };
    const representation = this.negotiate(response, accept, query);
    await this.answer(request, response, principal, datasetId, page, representation, null);
  }

  @Get('datasets/:datasetId/versions/:number/linkset')
  @ApiOperation({ summary: 'FAIR Signposting link set (RFC 9264) of the landing page of a version' })
  @ApiOkResponse({ description: 'The link set', content: { [LINKSET_JSON]: { schema: { type: 'object' } } } })
  @ApiProblemResponses(404, 410)
  async versionLinkset(
    @RequestPrincipal() principal: Principal,
    @Param('datasetId') datasetId: string,
    @Param('number') number: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const page: Page = { kind: 'version', number: parseVersionNumber(datasetId, number) };
    response.setHeader('Vary', 'Authorization');
    await this.answer(request, response, principal, datasetId, page, { kind: 'linkset' }, null);
  }

  @Get('doi/:prefix/*suffix')
  @ApiOperation({
    summary:
      'Resolve a DOI of this catalogue: a version DOI to the version, a concept DOI to the dataset (its newest version)',
    description: representationsDescription,
  })
  @ApiParam({ name: 'prefix', example: '10.5072' })
  @ApiParam({ name: 'suffix', description: 'The DOI suffix (case-insensitive)', example: 'k7q2-x4mvx' })
  @ApiQuery({ name: 'format', required: false, enum: METADATA_FORMATS.map((format) => format.key) })
  @ApiQuery({ name: 'style', required: false, enum: CITATION_STYLES.map((style) => style.key) })
  @ApiQuery({ name: 'locale', required: false, example: 'de-DE' })
  @ApiHeader({ name: 'Accept', required: false, description: 'The representation wanted; see above' })
  @ApiFoundResponse({
    description:
      'To the landing page (when HTML is asked for); the Link header carries its Signposting links',
    headers: { Location: { description: 'The landing page', schema: { type: 'string' } } },
  })
  @ApiOkResponse({
    description: 'The negotiated representation: metadata, a formatted citation or the link set',
    content: Object.fromEntries(
      [
        'text/plain',
        LINKSET_JSON,
        ...METADATA_FORMATS.map((format) =>
          format.profile === undefined
            ? format.mediaType
            : `${format.mediaType}; profile="${format.profile}"`,
        ),
      ].map((type) => [type, { schema: { type: /[/+]json/.test(type) ? 'object' : 'string' } }]),
    ),
  })
  @ApiProblemResponses(404, 406, 410)
  async resolve(
    @RequestPrincipal() principal: Principal,
    @Param('prefix') prefix: string,
    @Param('suffix') suffix: string | string[],
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const doi = `${prefix}/${wildcardPath(suffix)}`;
    const representation = this.negotiate(response, accept, query);
    const target = await this.records.resolveDoi(doi);
    const page: Page =
      target.versionNumber === null ? { kind: 'concept' } : { kind: 'version', number: target.versionNumber };
    if (representation.kind !== 'html') {
      await this.answer(request, response, principal, target.datasetId, page, representation, doi);
      return;
    }
    const urls = this.urls(target.datasetId);
    const location = page.kind === 'version' ? urls.versionPage(page.number) : urls.conceptPage();
    const signposts = await this.signpostsIfVisible(principal, target.datasetId, page);
    response.setHeader(
      'Link',
      signposts === undefined
        ? `<${doiUrl(doi)}>; rel="cite-as"`
        : linkHeader(signposts, { maxItems: MAX_ITEMS_IN_LINK_HEADER }),
    );
    response.redirect(302, location);
  }

  private negotiate(
    response: Response,
    accept: string | undefined,
    query: Record<string, unknown>,
  ): LandingRepresentation {
    response.setHeader('Vary', 'Accept, Authorization');
    const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
    const landingQuery: LandingQuery = {
      format: text(query['format']),
      style: text(query['style']),
      locale: text(query['locale']),
    };
    const representation = negotiateLanding(accept, landingQuery);
    if (representation === undefined) throw new NotAcceptableLandingError();
    return representation;
  }

  private urls(datasetId: string): DatasetUrls {
    return new DatasetUrls(this.config.http.publicUrl, datasetId);
  }

  /** The version a page shows: the given one, or for the dataset its newest published (else newest visible). */
  private async resolvePage(
    principal: Principal,
    datasetId: string,
    page: Page,
  ): Promise<{ dataset: DatasetView; number: number }> {
    const dataset = await this.datasets.get(principal, datasetId);
    if (page.kind === 'version') return { dataset, number: page.number };
    const number = dataset.latestPublishedVersion ?? dataset.versions.at(-1)?.number;
    if (number === undefined) throw new VersionNotFoundError(datasetId, '(none)');
    return { dataset, number };
  }

  private async signpostsIfVisible(
    principal: Principal,
    datasetId: string,
    page: Page,
  ): Promise<Signposts | undefined> {
    try {
      const { number } = await this.resolvePage(principal, datasetId, page);
      const input = await this.records.renderInput(principal, datasetId, number);
      return signpostsOf(input.record, this.urls(datasetId), page);
    } catch (error) {
      if (error instanceof VersionWithdrawnError || error instanceof VersionNotFoundError) return undefined;
      throw error;
    }
  }

  private async answer(
    request: Request,
    response: Response,
    principal: Principal,
    datasetId: string,
    page: Page,
    representation: LandingRepresentation,
    resolvedDoi: string | null,
  ): Promise<void> {
    const urls = this.urls(datasetId);
    const { dataset, number } = await this.resolvePage(principal, datasetId, page);
    let input: RenderInput;
    try {
      input = await this.records.renderInput(principal, datasetId, number);
    } catch (error) {
      if (error instanceof VersionWithdrawnError && representation.kind === 'html') {
        const tombstone = readTombstone(error.extensions['tombstone']);
        const doi = tombstone.doi ?? resolvedDoi;
        if (doi !== null) response.setHeader('Link', `<${doiUrl(doi)}>; rel="cite-as"`);
        const body = renderTombstonePage({
          tombstone,
          doi,
          dataset,
          urls,
          publisher: { name: this.config.publisher.name },
        });
        response.status(410).type('text/html; charset=utf-8').send(body);
        return;
      }
      throw error;
    }
    const { record } = input;
    const signposts = signpostsOf(record, urls, page);
    response.setHeader('Link', linkHeader(signposts, { maxItems: MAX_ITEMS_IN_LINK_HEADER }));

    switch (representation.kind) {
      case 'html': {
        const version = await this.versions.get(principal, datasetId, number);
        const rights = toDataCiteAttributes(record).rightsList[0];
        const body = renderVersionPage({
          record,
          version,
          dataset,
          schemaOrg: toSchemaOrgDataset(record),
          citation: this.citation(input),
          citationStyles: CITATION_STYLES,
          licence:
            rights === undefined
              ? null
              : {
                  name: rights.rights,
                  id: rights.rightsIdentifier,
                  url: spdxLicenseUrl(rights.rightsIdentifier),
                },
          urls,
          page: page.kind,
        });
        this.send(request, response, 'text/html; charset=utf-8', body);
        return;
      }
      case 'linkset':
        this.send(
          request,
          response,
          LINKSET_JSON,
          `${JSON.stringify(linksetDocument(signposts), null, 2)}\n`,
        );
        return;
      case 'bibliography': {
        const body = renderBibliography(record, {
          style: representation.style ?? DEFAULT_CITATION.style,
          locale: representation.locale ?? DEFAULT_CITATION.locale,
          format: 'text',
        });
        this.send(request, response, 'text/plain; charset=utf-8', `${body}\n`);
        return;
      }
      case 'metadata': {
        const format = representation.format;
        const body = await format.render(input);
        const type =
          format.profile === undefined
            ? format.mediaType
            : `${format.mediaType}; profile="${format.profile}"`;
        response.setHeader('Content-Location', urls.metadataPath(record.versionNumber, format.key));
        this.send(request, response, type, body);
        return;
      }
    }
  }

  /** The APA citation, or DataCite's plain form should the bundled style fail on a record. */
  private citation(input: RenderInput): string {
    try {
      return renderBibliography(input.record, { ...DEFAULT_CITATION, format: 'text' });
    } catch {
      return toCitationText(input.record);
    }
  }

  private send(request: Request, response: Response, type: string, body: string): void {
    const etag = `"${sha256Hex(`${type}\n${body}`).slice(0, 32)}"`;
    response.setHeader('ETag', etag);
    if (ifNoneMatchHits(request.header('If-None-Match'), etag)) {
      response.status(304).end();
      return;
    }
    response.status(200).type(type).send(body);
  }
}
