import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestApp, createTestApp } from '../support/test-app.js';

/** `npm run openapi` rewrites it from the running app; review its diff like code. */
const COMMITTED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/openapi.json');

describe('OpenAPI and health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the document the running app generates, identical to the committed docs/openapi.json', async () => {
    const served = await t.http().get('/api/openapi.json').expect(200);
    if (process.env['APDC_TEST_UPDATE_OPENAPI'] === 'true') {
      writeFileSync(COMMITTED, `${JSON.stringify(served.body, null, 2)}\n`);
    }
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8')) as unknown;
    expect(served.body).toEqual(committed);
    const paths = Object.keys((served.body as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/datasets',
        '/api/v1/datasets/{datasetId}/versions/{number}/publish',
        '/api/v1/datasets/{datasetId}/versions/{number}/files/{path}',
        '/health',
      ]),
    );
  });

  it('serves Swagger UI and a readiness check', async () => {
    const docs = await t.http().get('/api/docs/').expect(200);
    expect(docs.text).toContain('swagger-ui');
    await t
      .http()
      .get('/health')
      .expect(200, { status: 'ok', checks: { database: 'ok' } });
  });
});
