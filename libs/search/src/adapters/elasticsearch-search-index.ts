import { Client, type estypes, errors } from '@elastic/elasticsearch';
import {
  type DigestEntry,
  SearchIndex,
  type SearchRequest,
  type SearchResult,
  type SearchViewer,
} from '../ports/search-index.port.js';
import type { IndexedDocument, SearchDocument } from '../search-document.js';
import {
  aliasSwapActions,
  bulkDeleteOperations,
  bulkFailures,
  bulkIndexOperations,
  digestsFromResponse,
  digestsRequestBody,
  isValidIndexPrefix,
  releasesAlias,
  releasesIndexSettings,
  releasesIndexTemplate,
  releasesMappings,
  searchRequestBody,
  searchResultFromResponse,
  versionedIndexName,
} from './elasticsearch-query.js';

export interface ElasticsearchSearchIndexOptions {
  /** Cluster URL, e.g. `http://localhost:9200`. */
  readonly node: string;
  /** Lower-case prefix of the alias, the template and the indices (`<prefix>-releases…`). */
  readonly indexPrefix: string;
  readonly apiKey?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
}

/** How many times a versioned index name is retried when another process took it in the same millisecond. */
const INDEX_NAME_ATTEMPTS = 5;

/**
 * The search index in Elasticsearch (9.x). Reads and writes go through the alias `<prefix>-releases`,
 * which points at one versioned index `<prefix>-releases-v<yyyymmddhhmmssSSS>`; a rebuild fills a new
 * versioned index and moves the alias in one atomic call. The index template `<prefix>-releases` holds
 * the settings and mappings (see `elasticsearch-query.ts`, where all translation lives).
 */
export class ElasticsearchSearchIndex extends SearchIndex {
  readonly adapterName = 'elasticsearch';

  private readonly client: Client;
  private readonly indexPrefix: string;
  private readonly alias: string;
  private lastIndexCreatedAt = 0;

  constructor(options: ElasticsearchSearchIndexOptions) {
    super();
    if (!isValidIndexPrefix(options.indexPrefix)) {
      throw new Error(
        `Elasticsearch index prefix "${options.indexPrefix}" must be lower-case letters, digits, ".", "_" or "-"`,
      );
    }
    this.indexPrefix = options.indexPrefix;
    this.alias = releasesAlias(options.indexPrefix);
    this.client = new Client({ node: options.node, ...authOf(options) });
  }

  async ensureReady(): Promise<void> {
    await this.client.indices.putIndexTemplate(releasesIndexTemplate(this.indexPrefix));
    if (await this.client.indices.existsAlias({ name: this.alias })) return;
    const index = await this.createVersionedIndex();
    try {
      await this.client.indices.updateAliases({ actions: aliasSwapActions(this.alias, [], index) });
    } catch (error) {
      // Another process created the alias meanwhile (the second write index is refused): keep theirs.
      await this.client.indices.delete({ index }, { ignore: [404] });
      if (await this.client.indices.existsAlias({ name: this.alias })) return;
      throw error;
    }
  }

  async put(documents: readonly IndexedDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.bulk(bulkIndexOperations(this.alias, documents), true);
  }

  async remove(datasetIds: readonly string[]): Promise<void> {
    if (datasetIds.length === 0) return;
    await this.bulk(bulkDeleteOperations(this.alias, datasetIds), true);
  }

  async search(request: SearchRequest, viewer: SearchViewer): Promise<SearchResult> {
    const response = await this.client.search<SearchDocument>({
      index: this.alias,
      ...searchRequestBody(request, viewer),
    });
    return searchResultFromResponse(request, response);
  }

  async digests(afterDatasetId: string | null, limit: number): Promise<readonly DigestEntry[]> {
    if (limit <= 0) return [];
    const response = await this.client.search({
      index: this.alias,
      ...digestsRequestBody(afterDatasetId, limit),
    });
    return digestsFromResponse(response);
  }

  async count(): Promise<number> {
    const response = await this.client.count({ index: this.alias });
    return response.count;
  }

  async rebuild(batches: AsyncIterable<readonly IndexedDocument[]>): Promise<number> {
    // A rebuild is also how a changed template reaches the index: put it first.
    await this.client.indices.putIndexTemplate(releasesIndexTemplate(this.indexPrefix));
    const index = await this.createVersionedIndex();
    let indexed = 0;
    let previous: string[];
    try {
      for await (const batch of batches) {
        if (batch.length === 0) continue;
        await this.bulk(bulkIndexOperations(index, batch), false);
        indexed += batch.length;
      }
      await this.client.indices.refresh({ index });
      previous = await this.indicesBehindAlias();
      await this.client.indices.updateAliases({ actions: aliasSwapActions(this.alias, previous, index) });
    } catch (error) {
      await this.client.indices.delete({ index }, { ignore: [404] });
      throw error;
    }
    if (previous.length > 0) await this.client.indices.delete({ index: previous }, { ignore: [404] });
    return indexed;
  }

  async refresh(): Promise<void> {
    await this.client.indices.refresh({ index: this.alias });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /**
   * Deletes every index and the template of this prefix (tests, and `apdc` tooling that starts over).
   * Names are listed first: clusters refuse wildcard deletes by default (`action.destructive_requires_name`).
   */
  async dropAll(): Promise<void> {
    const indices = await this.client.indices.get({
      index: `${this.alias}-*`,
      allow_no_indices: true,
      ignore_unavailable: true,
      expand_wildcards: 'all',
    });
    const names = Object.keys(indices);
    if (names.length > 0) await this.client.indices.delete({ index: names }, { ignore: [404] });
    await this.client.indices.deleteIndexTemplate({ name: this.alias }, { ignore: [404] });
  }

  private async bulk(operations: estypes.BulkRequest['operations'], throughAlias: boolean): Promise<void> {
    // `require_alias` keeps a write from auto-creating a plain index named like the alias when the alias
    // is missing (before ensureReady, or after someone deleted it).
    const response = await this.client.bulk({ operations, require_alias: throughAlias });
    const failures = bulkFailures(response);
    const [first] = failures;
    if (first !== undefined) {
      throw new Error(
        `Elasticsearch refused ${failures.length} of ${response.items.length} bulk operations; first: ` +
          `${first.id} (${first.status}) ${first.error.type}: ${first.error.reason ?? ''}`,
      );
    }
  }

  /**
   * Creates an empty versioned index with the current settings and mappings (also given explicitly, so
   * that a template of higher priority cannot change them). Names increase within this process; a name
   * taken by another process in the same millisecond is retried with the next one.
   */
  private async createVersionedIndex(): Promise<string> {
    for (let attempt = 1; ; attempt += 1) {
      const createdAt = Math.max(Date.now(), this.lastIndexCreatedAt + 1);
      this.lastIndexCreatedAt = createdAt;
      const index = versionedIndexName(this.indexPrefix, new Date(createdAt));
      try {
        await this.client.indices.create({
          index,
          settings: releasesIndexSettings(),
          mappings: releasesMappings(),
        });
        return index;
      } catch (error) {
        if (attempt >= INDEX_NAME_ATTEMPTS || errorType(error) !== 'resource_already_exists_exception')
          throw error;
      }
    }
  }

  private async indicesBehindAlias(): Promise<string[]> {
    if (!(await this.client.indices.existsAlias({ name: this.alias }))) return [];
    return Object.keys(await this.client.indices.getAlias({ name: this.alias }));
  }
}

function authOf(options: ElasticsearchSearchIndexOptions): {
  auth?: { apiKey: string } | { username: string; password: string };
} {
  if (options.apiKey !== undefined && options.apiKey !== '') return { auth: { apiKey: options.apiKey } };
  if (options.username !== undefined && options.username !== '') {
    return { auth: { username: options.username, password: options.password ?? '' } };
  }
  return {};
}

/** The `error.type` of an Elasticsearch error response, e.g. `resource_already_exists_exception`. */
function errorType(error: unknown): string | undefined {
  if (!(error instanceof errors.ResponseError)) return undefined;
  const body: unknown = error.body;
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const cause: unknown = body.error;
  if (typeof cause !== 'object' || cause === null || !('type' in cause)) return undefined;
  return typeof cause.type === 'string' ? cause.type : undefined;
}
