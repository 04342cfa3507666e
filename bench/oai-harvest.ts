/**
 * Headline figure: OAI-PMH ListRecords throughput (records/s) for oai_dc and datacite over a catalogue of
 * N released datasets, against a same-run baseline that selects the same rows with `pg` in pages of the
 * same size (what any harvest must at least cost).
 *
 *   npm run bench:oai -- [records]     (default 100000; builds first)
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { OaiProvider, OaiRepository } from '@apdc/oai-pmh';
import { findFreeLoopbackPort, loadAppConfig, openDatabaseRuntime } from '@apdc/platform';
import { ApiModule } from '../apps/api/src/app.module.js';
import { oaiProviderConfig } from '../apps/api/src/oai/oai-provider-config.js';
import { MIGRATIONS } from '../migrations/index.js';

/** N released datasets in bulk, as the services would leave them (one published version each). */
async function load(client: pg.Client, count: number): Promise<void> {
  await client.query(
    `INSERT INTO users (id, email, name) VALUES ('00000000-0000-7000-8000-000000000001', 'bench@example.org', 'Bench')`,
  );
  await client.query(
    `INSERT INTO groups (id, slug, name) VALUES ('00000000-0000-7000-8000-000000000002', 'bench', 'Bench')`,
  );
  await client.query(
    `INSERT INTO datasets (id, owner_group_id, created_by, concept_doi)
     SELECT uuid_generate_v7_like(i), '00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000001',
            '10.5072/bench-c' || i
       FROM generate_series(1, $1) AS i`,
    [count],
  );
  await client.query(
    `INSERT INTO dataset_versions (id, dataset_id, number, state, metadata, metadata_sha256, title, description, license,
        publication_year, created_by, published_at, doi, doi_status)
     SELECT gen_random_uuid(), d.id, 1, 'published',
            jsonb_build_object('@context', 'https://w3id.org/apdc/context/v1', '@type', 'Dataset',
              'name', 'Air-shower events, run ' || d.concept_doi,
              'description', 'Reconstructed KASCADE-like air-shower events of one run.',
              'license', 'https://spdx.org/licenses/CC-BY-4.0', 'datePublished', '2024-03-01',
              'keywords', jsonb_build_array('cosmic rays', 'air showers'),
              'creator', jsonb_build_array(jsonb_build_object('@type', 'Person', 'name', 'Josiah Carberry',
                 '@id', 'https://orcid.org/0000-0002-1825-0097')),
              'facility', jsonb_build_array('kascade'), 'messenger', jsonb_build_array('charged-cosmic-ray')),
            'bench', 'Air-shower events', 'Reconstructed events.', 'CC-BY-4.0', 2024,
            '00000000-0000-7000-8000-000000000001', now(), replace(d.concept_doi, '-c', '-v'), 'findable'
       FROM datasets d`,
  );
  await client.query(
    `INSERT INTO oai_items (dataset_id, datestamp, deleted, set_specs)
     SELECT id, date_trunc('second', now()) - (row_number() OVER (ORDER BY id)) * interval '1 second', false,
            ARRAY['facility:kascade', 'group:bench', 'messenger:charged-cosmic-ray']
       FROM datasets`,
  );
  await client.query('ANALYZE');
}

async function harvest(provider: OaiProvider, metadataPrefix: string, baseUrl: string): Promise<number> {
  let records = 0;
  let args: Array<[string, string]> = [
    ['verb', 'ListRecords'],
    ['metadataPrefix', metadataPrefix],
  ];
  for (;;) {
    let xml = '';
    for await (const chunk of provider.handle(args, { baseUrl, now: new Date() })) xml += chunk;
    records += (xml.match(/<record>/g) ?? []).length;
    const token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(xml)?.[1];
    if (token === undefined) return records;
    args = [
      ['verb', 'ListRecords'],
      ['resumptionToken', token],
    ];
  }
}

async function baseline(client: pg.Client, pageSize: number): Promise<number> {
  let rows = 0;
  let after: { datestamp: Date; id: string } | undefined;
  for (;;) {
    const page = await client.query<{ dataset_id: string; datestamp: Date; metadata: unknown }>(
      `SELECT o.dataset_id, o.datestamp, v.metadata FROM oai_items o
         JOIN dataset_versions v ON v.dataset_id = o.dataset_id AND v.state = 'published'
        WHERE ($1::timestamptz IS NULL OR (o.datestamp, o.dataset_id) > ($1, $2::uuid))
        ORDER BY o.datestamp, o.dataset_id LIMIT $3`,
      [after?.datestamp ?? null, after?.id ?? null, pageSize],
    );
    rows += page.rowCount ?? 0;
    const last = page.rows.at(-1);
    if (last === undefined || page.rows.length < pageSize) return rows;
    after = { datestamp: last.datestamp, id: last.dataset_id };
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? '100000');
  const home = mkdtempSync(path.join(os.tmpdir(), 'apdc-bench-oai-'));
  const config = loadAppConfig({
    APDC_HOME: home,
    APDC_EMBEDDED_PG_PORT: String(await findFreeLoopbackPort()),
    APDC_DEMO: 'false',
    APDC_WORKERS_IN_API: 'false',
  });
  const runtime = await openDatabaseRuntime(
    config,
    { entities: [], migrations: MIGRATIONS },
    () => undefined,
  );
  const client = new pg.Client({ connectionString: runtime.server.url });
  await client.connect();
  try {
    await client.query(`CREATE FUNCTION uuid_generate_v7_like(i integer) RETURNS uuid LANGUAGE sql AS
      $$ SELECT (lpad(to_hex(i), 12, '0') || '7000' || '8000' || lpad(to_hex(i), 12, '0'))::uuid $$`);
    const loadStart = process.hrtime.bigint();
    await load(client, count);
    console.log(
      `loaded ${count} released datasets in ${(Number(process.hrtime.bigint() - loadStart) / 1e9).toFixed(1)} s`,
    );
    const app = await NestFactory.createApplicationContext(
      ApiModule.forRoot({ config, dataSource: runtime.dataSource, databaseUrl: runtime.server.url }),
      { logger: ['error'] },
    );
    const providerConfig = oaiProviderConfig(config);
    const provider = new OaiProvider(app.get(OaiRepository), providerConfig);
    const baseUrl = `${config.http.publicUrl}/oai`;
    const baseStart = process.hrtime.bigint();
    const baseRows = await baseline(client, providerConfig.pageSize);
    const baseSeconds = Number(process.hrtime.bigint() - baseStart) / 1e9;
    console.log(
      `baseline (pg select of the same rows, pages of ${providerConfig.pageSize}): ${(baseRows / baseSeconds).toFixed(0)} rows/s`,
    );
    for (const prefix of ['oai_dc', 'datacite']) {
      const start = process.hrtime.bigint();
      const records = await harvest(provider, prefix, baseUrl);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (records !== count) throw new Error(`harvested ${records} of ${count} records`);
      console.log(
        `ListRecords ${prefix}: ${(records / seconds).toFixed(0)} records/s; ratio to baseline ${(baseSeconds / seconds).toFixed(3)}`,
      );
    }
    await app.close();
  } finally {
    await client.end();
    await runtime.close();
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
