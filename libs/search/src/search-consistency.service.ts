import { Injectable, Logger } from '@nestjs/common';
import { SearchIndex } from './ports/search-index.port.js';
import { SearchIndexer } from './search-indexer.service.js';

const REPORTED_IDS = 100;
const DIGEST_PAGE = 5000;

/** How the index compares with the database; the id lists hold the first 100 of each kind. */
export interface ConsistencyReport {
  readonly adapter: string;
  readonly consistent: boolean;
  /** Discoverable datasets in the database. */
  readonly databaseCount: number;
  /** Documents in the index. */
  readonly indexCount: number;
  readonly missingCount: number;
  readonly staleCount: number;
  readonly extraCount: number;
  /** Discoverable, but absent from the index. */
  readonly missing: readonly string[];
  /** In the index with a digest other than the database's. */
  readonly stale: readonly string[];
  /** In the index, but not discoverable (withdrawn, or unknown). */
  readonly extra: readonly string[];
  /** Whether the differences were repaired after they were found. */
  readonly repaired: boolean;
  readonly checkedAt: string;
}

/** `apdc search verify` and reindexing: compares the index with the database, document by document. */
@Injectable()
export class SearchConsistency {
  private readonly logger = new Logger(SearchConsistency.name);

  constructor(
    private readonly index: SearchIndex,
    private readonly indexer: SearchIndexer,
  ) {}

  /** Compares counts and per-document digests; with `repair`, re-indexes every dataset that differs. */
  async verify(options: { repair: boolean }): Promise<ConsistencyReport> {
    await this.index.refresh();
    const indexed = new Map<string, string>();
    let after: string | null = null;
    for (;;) {
      const page = await this.index.digests(after, DIGEST_PAGE);
      for (const entry of page) indexed.set(entry.datasetId, entry.digest);
      if (page.length < DIGEST_PAGE) break;
      after = page.at(-1)?.datasetId ?? null;
    }
    const indexCount = indexed.size;
    const missing: string[] = [];
    const stale: string[] = [];
    let databaseCount = 0;
    for await (const batch of this.indexer.allDocuments()) {
      for (const { document, digest } of batch) {
        databaseCount += 1;
        const found = indexed.get(document.datasetId);
        if (found === undefined) missing.push(document.datasetId);
        else if (found !== digest) stale.push(document.datasetId);
        indexed.delete(document.datasetId);
      }
    }
    const extra = [...indexed.keys()];
    const differing = [...missing, ...stale, ...extra];
    if (options.repair && differing.length > 0) {
      for (let start = 0; start < differing.length; start += 200) {
        await this.indexer.indexDatasets(differing.slice(start, start + 200));
      }
      this.logger.log(
        `search index repaired: ${missing.length} missing, ${stale.length} stale, ${extra.length} extra`,
      );
    }
    return {
      adapter: this.index.adapterName,
      consistent: differing.length === 0,
      databaseCount,
      indexCount,
      missingCount: missing.length,
      staleCount: stale.length,
      extraCount: extra.length,
      missing: missing.slice(0, REPORTED_IDS),
      stale: stale.slice(0, REPORTED_IDS),
      extra: extra.slice(0, REPORTED_IDS),
      repaired: options.repair && differing.length > 0,
      checkedAt: new Date().toISOString(),
    };
  }

  /** Rebuilds the whole index from the database, then repairs what changed meanwhile. */
  async reindex(): Promise<{ indexed: number; report: ConsistencyReport }> {
    const indexed = await this.index.rebuild(this.indexer.allDocuments());
    const report = await this.verify({ repair: true });
    this.logger.log(`search index rebuilt: ${indexed} documents`);
    return { indexed, report };
  }
}
