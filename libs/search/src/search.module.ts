import { type DynamicModule, Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogueModule } from '@apdc/catalogue';
import type { AppConfig } from '@apdc/platform';
import { ElasticsearchSearchIndex } from './adapters/elasticsearch-search-index.js';
import { PostgresSearchIndex } from './adapters/postgres-search-index.js';
import { SearchIndex } from './ports/search-index.port.js';
import { SearchAdminService } from './search-admin.service.js';
import { SearchConsistency } from './search-consistency.service.js';
import { SearchIndexer } from './search-indexer.service.js';
import { SearchService } from './search.service.js';
import { SearchWorkers } from './search-workers.service.js';

@Injectable()
class SearchIndexLifecycle implements OnModuleDestroy {
  constructor(@Inject(SearchIndex) private readonly index: SearchIndex) {}

  onModuleDestroy(): Promise<void> {
    return this.index.close();
  }
}

/** Catalogue search. Needs the catalogue, jobs and platform modules. */
@Module({})
export class SearchModule {
  /** PostgreSQL full-text search, or Elasticsearch when `elasticsearch` is configured. */
  static forRoot(options: { elasticsearch: AppConfig['search']['elasticsearch'] }): DynamicModule {
    const settings = options.elasticsearch;
    return {
      module: SearchModule,
      imports: [CatalogueModule],
      providers: [
        {
          provide: SearchIndex,
          inject: [DataSource],
          useFactory: async (dataSource: DataSource): Promise<SearchIndex> => {
            const index =
              settings === undefined
                ? new PostgresSearchIndex(dataSource)
                : new ElasticsearchSearchIndex({
                    node: settings.url,
                    indexPrefix: settings.indexPrefix,
                    apiKey: settings.apiKey,
                  });
            await index.ensureReady();
            return index;
          },
        },
        SearchIndexLifecycle,
        SearchIndexer,
        SearchConsistency,
        SearchService,
        SearchAdminService,
        SearchWorkers,
      ],
      exports: [SearchService, SearchAdminService, SearchWorkers, SearchConsistency, SearchIndexer],
    };
  }
}
