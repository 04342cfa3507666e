import { type TestDatabase, createTestDatabase } from '../../../../test/support/test-database.js';
import { describeSearchIndexContract } from '../search-index.contract.js';
import { PostgresSearchIndex } from './postgres-search-index.js';

describeSearchIndexContract(PostgresSearchIndex.name, async () => {
  const db: TestDatabase = await createTestDatabase();
  return { index: new PostgresSearchIndex(db.dataSource), close: () => db.close() };
});
