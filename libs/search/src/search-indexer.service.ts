import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DiscoverableReleaseService } from '@apdc/catalogue';
import { SearchIndex } from './ports/search-index.port.js';
import { toIndexedDocument } from './search-document.builder.js';
import type { IndexedDocument } from './search-document.js';

const BATCH_SIZE = 200;

/** Keeps the search index in step with the catalogue, one dataset or the whole catalogue at a time. */
@Injectable()
export class SearchIndexer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly index: SearchIndex,
    private readonly releases: DiscoverableReleaseService,
  ) {}

  /**
   * Writes the current state of the datasets into the index: their document, or their removal. Runs for
   * one dataset at a time across all workers (advisory lock), so that an older state read by a slow run
   * can never overwrite a newer one written by a faster run.
   */
  async indexDatasets(datasetIds: readonly string[]): Promise<void> {
    if (datasetIds.length === 0) return;
    const ids = [...new Set(datasetIds)].sort();
    await this.dataSource.transaction(async (manager) => {
      for (const id of ids) {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`search:${id}`]);
      }
      const found = await this.releases.find(ids);
      await this.index.put([...found.values()].map(toIndexedDocument));
      await this.index.remove(ids.filter((id) => !found.has(id)));
    });
    await this.index.refresh();
  }

  /** Every discoverable release's document, in dataset id order, a batch at a time. */
  async *allDocuments(batchSize = BATCH_SIZE): AsyncGenerator<readonly IndexedDocument[]> {
    let after: string | null = null;
    for (;;) {
      const ids = await this.releases.datasetIdsAfter(after, batchSize);
      if (ids.length === 0) return;
      after = ids.at(-1) ?? null;
      const found = await this.releases.find(ids);
      yield ids.flatMap((id) => {
        const release = found.get(id);
        return release === undefined ? [] : [toIndexedDocument(release)];
      });
    }
  }
}
