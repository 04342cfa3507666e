import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../test/support/test-database.js';

describe('catalogue schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('refuses to update or delete audit entries', async () => {
    await db.dataSource.query(
      `INSERT INTO audit_log (action, entity_type, entity_id) VALUES ('test.action', 'test', 'x')`,
    );
    await expect(db.dataSource.query(`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const rows: Array<{ action: string }> = await db.dataSource.query(`SELECT action FROM audit_log`);
    expect(rows).toEqual([{ action: 'test.action' }]);
  });
});
