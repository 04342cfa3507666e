export { SearchModule } from './search.module.js';
export {
  type FacetBucketView,
  type LabelledValue,
  type SearchHitView,
  type SearchResponseView,
  SearchService,
  accessAt,
} from './search.service.js';
export { type ReindexJobView, SearchAdminService } from './search-admin.service.js';
export { type ConsistencyReport, SearchConsistency } from './search-consistency.service.js';
export { SearchIndexer } from './search-indexer.service.js';
export { SearchWorkers } from './search-workers.service.js';
export {
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  type RawSearchParameters,
  SEARCH_PARAMETERS,
  parseSearchParameters,
} from './search-parameters.js';
export {
  ACCESS_VALUES,
  type AccessValue,
  FACET_NAMES,
  type FacetName,
  NO_SEARCH_FILTERS,
  SORT_ORDERS,
  type SearchFilters,
  SearchIndex,
  type SearchRequest,
  type SearchResult,
  type SearchViewer,
} from './ports/search-index.port.js';
export type { IndexedDocument, SearchDocument } from './search-document.js';
export { toIndexedDocument, toSearchDocument } from './search-document.builder.js';
export { PostgresSearchIndex } from './adapters/postgres-search-index.js';
export { ElasticsearchSearchIndex } from './adapters/elasticsearch-search-index.js';
export type { QueryNode } from './query/query-ast.js';
export { parseSearchQuery } from './query/query-parser.js';
export { normalizeIdentifier } from './query/identifiers.js';
export { SearchQueryError } from './errors.js';
