import { MetadataFormatRegistry } from './metadata-format-registry.js';
import { OaiError } from './errors.js';
import { type OaiListVerb, type OaiRequest, parseOaiRequest } from './oai-request.js';
import {
  type OaiCursor,
  type OaiItem,
  type OaiItemWithRecord,
  OaiRepository,
  type OaiSelection,
} from './ports/oai-repository.port.js';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, ResumptionTokenCodec } from './resumption-token.js';
import { escapeXml, leaf, utcSeconds } from './xml.js';

export interface OaiProviderConfig {
  /** `<repositoryId>` of `oai:<repositoryId>:<localId>`: the public host name, e.g. `apdc.example.org`. */
  readonly repositoryId: string;
  readonly repositoryName: string;
  readonly adminEmails: readonly string[];
  /** Items per ListIdentifiers / ListRecords response. */
  readonly pageSize: number;
  /** Key of the HMAC that signs resumption tokens (at least 16 bytes). */
  readonly tokenSecret: string | Buffer;
  /** How long a resumption token stays valid; at least 24 hours, default 7 days. */
  readonly tokenLifetimeSeconds?: number;
  /** Content encodings the transport offers (`<compression>` of Identify), e.g. `['gzip']`. */
  readonly compression?: readonly string[];
}

export interface OaiHandleOptions {
  /** The base URL of the OAI-PMH endpoint as harvesters call it. */
  readonly baseUrl: string;
  readonly now: Date;
}

export const OAI_PMH_NAMESPACE = 'http://www.openarchives.org/OAI/2.0/';
const OAI_IDENTIFIER_NAMESPACE = 'http://www.openarchives.org/OAI/2.0/oai-identifier';
const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
const SAMPLE_LOCAL_ID = '01a20fc0-0328-799d-800e-1ed1d0e9f450';
/** oai-identifier.xsd: a repository identifier is a domain name with at least one dot. */
const REPOSITORY_IDENTIFIER = /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/;

type Chunks = Iterable<string> | AsyncIterable<string>;

/**
 * OAI-PMH 2.0 data provider: turns a request's arguments into the response document, streamed in chunks
 * (one record at a time, one page of items from the repository per response). Protocol errors are
 * `<error>` elements; only failures of the repository or of a crosswalk are thrown (or end the stream).
 */
export class OaiProvider {
  private readonly tokens: ResumptionTokenCodec;

  constructor(
    private readonly repository: OaiRepository,
    private readonly config: OaiProviderConfig,
    private readonly formats: MetadataFormatRegistry = new MetadataFormatRegistry(),
  ) {
    if (!Number.isInteger(config.pageSize) || config.pageSize < 1)
      throw new Error('pageSize must be a positive integer');
    // OAI-PMH.xsd: an adminEmail needs a dot in its domain (`admin@localhost` is refused by harvesters).
    for (const email of config.adminEmails)
      if (!/^\S+@(\S+\.)+\S+$/.test(email)) throw new Error(`Not an OAI-PMH adminEmail: ${email}`);
    if (config.adminEmails.length === 0) throw new Error('At least one adminEmail is required');
    this.tokens = new ResumptionTokenCodec(config.tokenSecret);
  }

  /** The OAI identifier of a local id. */
  identifierOf(localId: string): string {
    return `oai:${this.config.repositoryId}:${localId}`;
  }

  async *handle(
    args: readonly (readonly [string, string])[],
    options: OaiHandleOptions,
  ): AsyncGenerator<string> {
    const now = new Date(Math.floor(options.now.getTime() / 1000) * 1000);
    let echo = args;
    let body: Chunks;
    try {
      const request = parseOaiRequest(args, {
        repositoryId: this.config.repositoryId,
        isKnownMetadataPrefix: (prefix) => this.formats.has(prefix),
      });
      body = await this.prepare(request, now, options.baseUrl);
    } catch (error) {
      if (!(error instanceof OaiError)) throw error;
      // badVerb and badArgument echo only the base URL: the arguments were not valid (section 3.2).
      if (error.oaiCode === 'badVerb' || error.oaiCode === 'badArgument') echo = [];
      body = [`<error code="${error.oaiCode}">${escapeXml(error.message)}</error>`];
    }
    yield this.open(now, echo, options.baseUrl);
    yield* body;
    yield '</OAI-PMH>\n';
  }

  private open(now: Date, echo: readonly (readonly [string, string])[], baseUrl: string): string {
    const attributes = echo.map(([name, value]) => ` ${name}="${escapeXml(value)}"`).join('');
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<OAI-PMH xmlns="${OAI_PMH_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}" xsi:schemaLocation="${OAI_PMH_NAMESPACE} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n` +
      `${leaf('responseDate', utcSeconds(now))}\n<request${attributes}>${escapeXml(baseUrl)}</request>\n`
    );
  }

  /** Does everything that may end in a protocol error, so that the envelope is only written once it cannot. */
  private async prepare(request: OaiRequest, now: Date, baseUrl: string): Promise<Chunks> {
    switch (request.verb) {
      case 'Identify':
        return [await this.identify(now, baseUrl)];
      case 'ListMetadataFormats':
        return [await this.listMetadataFormats(request.localId)];
      case 'ListSets':
        return [await this.listSets(request.resumptionToken)];
      case 'GetRecord':
        return this.getRecord(request.localId, request.metadataPrefix);
      case 'ListIdentifiers':
      case 'ListRecords':
        return this.list(request, now);
    }
  }

  private async identify(now: Date, baseUrl: string): Promise<string> {
    const earliest = await this.repository.earliestDatestamp();
    const id = this.config.repositoryId;
    const description = REPOSITORY_IDENTIFIER.test(id)
      ? `<description><oai-identifier xmlns="${OAI_IDENTIFIER_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}" ` +
        `xsi:schemaLocation="${OAI_IDENTIFIER_NAMESPACE} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd">` +
        `${leaf('scheme', 'oai')}${leaf('repositoryIdentifier', id)}${leaf('delimiter', ':')}` +
        `${leaf('sampleIdentifier', this.identifierOf(SAMPLE_LOCAL_ID))}</oai-identifier></description>`
      : '';
    return (
      '<Identify>' +
      leaf('repositoryName', this.config.repositoryName) +
      leaf('baseURL', baseUrl) +
      leaf('protocolVersion', '2.0') +
      this.config.adminEmails.map((email) => leaf('adminEmail', email)).join('') +
      leaf('earliestDatestamp', utcSeconds(earliest.getTime() > now.getTime() ? now : earliest)) +
      leaf('deletedRecord', 'persistent') +
      leaf('granularity', 'YYYY-MM-DDThh:mm:ssZ') +
      (this.config.compression ?? []).map((c) => leaf('compression', c)).join('') +
      description +
      '</Identify>\n'
    );
  }

  private async listMetadataFormats(localId: string | undefined): Promise<string> {
    if (localId !== undefined && (await this.repository.get(localId)) === undefined)
      throw new OaiError('idDoesNotExist', `No such item: ${this.identifierOf(localId)}`);
    const formats = this.formats.all();
    if (formats.length === 0) throw new OaiError('noMetadataFormats', 'No metadata formats are available');
    const entries = formats.map(
      (f) =>
        `<metadataFormat>${leaf('metadataPrefix', f.prefix)}${leaf('schema', f.schema)}${leaf('metadataNamespace', f.namespace)}</metadataFormat>`,
    );
    return `<ListMetadataFormats>\n${entries.join('\n')}\n</ListMetadataFormats>\n`;
  }

  private async listSets(resumptionToken: string | undefined): Promise<string> {
    if (resumptionToken !== undefined)
      throw new OaiError('badResumptionToken', 'ListSets is never split: there is no resumption token');
    const sets = await this.repository.listSets();
    if (sets.length === 0) throw new OaiError('noSetHierarchy', 'This repository does not support sets');
    const entries = sets.map((s) => `<set>${leaf('setSpec', s.spec)}${leaf('setName', s.name)}</set>`);
    return `<ListSets>\n${entries.join('\n')}\n</ListSets>\n`;
  }

  private async getRecord(localId: string, metadataPrefix: string): Promise<Chunks> {
    const item = await this.repository.get(localId);
    if (item === undefined)
      throw new OaiError('idDoesNotExist', `No such item: ${this.identifierOf(localId)}`);
    const record = this.record(item, metadataPrefix);
    return (function* () {
      yield '<GetRecord>';
      yield record();
      yield '</GetRecord>\n';
    })();
  }

  private async list(request: Extract<OaiRequest, { verb: OaiListVerb }>, now: Date): Promise<Chunks> {
    const withRecords = request.verb === 'ListRecords';
    let selection: OaiSelection;
    let metadataPrefix: string;
    let after: OaiCursor | undefined;
    let cursor: number;
    let completeListSize: number;
    let resumed: boolean;
    if (request.resumptionToken === undefined) {
      if (request.set !== undefined && (await this.repository.listSets()).length === 0)
        throw new OaiError('noSetHierarchy', 'This repository does not support sets');
      // A harvest without `until` is fixed at its start, so that later changes do not shift its pages.
      selection = { from: request.from?.instant, until: request.until?.instant ?? now, set: request.set };
      metadataPrefix = request.metadataPrefix;
      after = undefined;
      cursor = 0;
      completeListSize = await this.repository.count(selection);
      resumed = false;
    } else {
      const state = this.tokens.decode(request.resumptionToken, request.verb, now);
      if (!this.formats.has(state.metadataPrefix))
        throw new OaiError(
          'badResumptionToken',
          `The metadata format is no longer available: ${state.metadataPrefix}`,
        );
      selection = { from: state.from, until: state.until, set: state.set };
      metadataPrefix = state.metadataPrefix;
      after = state.after;
      cursor = state.cursor;
      completeListSize = state.completeListSize;
      resumed = true;
    }
    const { pageSize } = this.config;
    // One item more than a page tells whether another page follows, without counting again.
    const page = await this.repository.list(selection, after, pageSize + 1, withRecords);
    if (page.length === 0)
      throw new OaiError(
        'noRecordsMatch',
        'No items match the arguments (or remain after the resumption token)',
      );
    const items = page.slice(0, pageSize);
    const last = items[items.length - 1];
    const more = page.length > pageSize && last !== undefined;
    const sent = cursor + items.length;
    const size = Math.max(completeListSize, sent + (more ? 1 : 0));
    let tokenElement = '';
    if (more) {
      const expiresAt = ResumptionTokenCodec.expiry(
        now,
        this.config.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
      );
      const token = this.tokens.encode({
        verb: request.verb,
        metadataPrefix,
        from: selection.from,
        until: selection.until ?? now,
        set: selection.set,
        after: { datestamp: last.datestamp, localId: last.localId },
        cursor: sent,
        completeListSize: size,
        expiresAt,
      });
      tokenElement = `<resumptionToken expirationDate="${utcSeconds(expiresAt)}" completeListSize="${size}" cursor="${cursor}">${token}</resumptionToken>\n`;
    } else if (resumed) {
      tokenElement = `<resumptionToken completeListSize="${size}" cursor="${cursor}"/>\n`;
    }
    const renderers = withRecords ? items.map((item) => this.record(item, metadataPrefix)) : [];
    const header = (item: OaiItem): string => this.header(item);
    return (function* () {
      yield `<${request.verb}>\n`;
      if (withRecords) for (const render of renderers) yield `${render()}\n`;
      else for (const item of items) yield `${header(item)}\n`;
      yield tokenElement;
      yield `</${request.verb}>\n`;
    })();
  }

  private header(item: OaiItem): string {
    return (
      `<header${item.deleted ? ' status="deleted"' : ''}>` +
      leaf('identifier', this.identifierOf(item.localId)) +
      leaf('datestamp', utcSeconds(item.datestamp)) +
      item.setSpecs.map((spec) => leaf('setSpec', spec)).join('') +
      '</header>'
    );
  }

  /** A record rendered when called, so that a page's crosswalks run one at a time as the stream is read. */
  private record(item: OaiItemWithRecord, metadataPrefix: string): () => string {
    const format = this.formats.get(metadataPrefix);
    if (format === undefined)
      throw new OaiError('cannotDisseminateFormat', `Unsupported metadata format: ${metadataPrefix}`);
    return () => {
      const metadata =
        item.deleted || item.record === undefined ? '' : `<metadata>${format.render(item.record)}</metadata>`;
      return `<record>${this.header(item)}${metadata}</record>`;
    };
  }
}
