import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What OAI-PMH harvesters see of each dataset: the datestamp of its last exposed change (whole seconds),
 * whether it is deleted (every version withdrawn; kept forever), and the sets it belongs to.
 */
export class OaiItems1732600000000 implements MigrationInterface {
  name = 'OaiItems1732600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE oai_items (
        dataset_id uuid PRIMARY KEY REFERENCES datasets (id),
        datestamp timestamptz NOT NULL CHECK (datestamp = date_trunc('second', datestamp)),
        deleted boolean NOT NULL,
        set_specs text[] NOT NULL DEFAULT '{}'
      );
      CREATE INDEX oai_items_datestamp ON oai_items (datestamp, dataset_id);
      CREATE INDEX oai_items_set_specs ON oai_items USING gin (set_specs);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE oai_items`);
  }
}
