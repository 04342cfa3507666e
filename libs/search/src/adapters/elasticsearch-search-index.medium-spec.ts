import { randomUUID } from 'node:crypto';
import { describe, it } from '@jest/globals';
import { describeSearchIndexContract } from '../search-index.contract.js';
import { ElasticsearchSearchIndex } from './elasticsearch-search-index.js';

// No Elasticsearch can run on the CI machines of this project: the contract runs wherever
// ELASTICSEARCH_URL names a cluster (each run in indices of its own, deleted afterwards).
const url = process.env['ELASTICSEARCH_URL'] ?? '';
if (url !== '') {
  describeSearchIndexContract(`${ElasticsearchSearchIndex.name} on ${url}`, () => {
    const index = new ElasticsearchSearchIndex({
      node: url,
      indexPrefix: `apdc-test-${randomUUID().slice(0, 8)}`,
      apiKey: process.env['APDC_TEST_ELASTICSEARCH_API_KEY'],
    });
    return Promise.resolve({ index, close: () => index.dropAll().then(() => index.close()) });
  });
} else {
  console.warn(
    'Skipping the SearchIndex contract against Elasticsearch: set ELASTICSEARCH_URL (e.g. http://localhost:9200) to run it.',
  );
  describe.skip(ElasticsearchSearchIndex.name, () => {
    it('needs ELASTICSEARCH_URL', () => undefined);
  });
}
