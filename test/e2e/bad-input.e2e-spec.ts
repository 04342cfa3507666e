import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { type TestApp, bearer, createTestApp, releaseMetadata } from '../support/test-app.js';

/** Everything the catalogue stores: a bad request must leave all of it exactly as it was. */
async function storedState(t: TestApp): Promise<Record<string, unknown>> {
  const [counts] = await t.db.dataSource.query(
    `SELECT (SELECT count(*) FROM datasets) AS datasets, (SELECT count(*) FROM dataset_versions) AS versions,
            (SELECT count(*) FROM version_files) AS files, (SELECT count(*) FROM audit_log) AS audit,
            (SELECT count(*) FROM pgboss.job) AS jobs,
            (SELECT string_agg(metadata_sha256 || state, ',' ORDER BY id) FROM dataset_versions) AS versions_digest`,
  );
  const objects = (dir: string): string[] => {
    try {
      return readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.join(entry.parentPath, entry.name));
    } catch {
      return [];
    }
  };
  return { ...(counts as Record<string, unknown>), objects: objects(t.config.storage.objectStoreDir).sort() };
}

function expectProblem(response: Response, status: number, code?: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({
    status,
    type: expect.stringMatching(/^urn:apdc:problem:/),
    title: expect.any(String),
  });
  if (code !== undefined) expect(response.body).toMatchObject({ code });
  expect((response.body as { correlationId?: string }).correlationId).toBe(
    response.headers['x-correlation-id'],
  );
}

describe('bad input gets problem+json and stores nothing', () => {
  let t: TestApp;
  let curator: { id: string; token: string };
  let reader: { id: string; token: string };
  let datasetId: string;

  beforeAll(async () => {
    t = await createTestApp({ APDC_MAX_FILE_BYTES: '1000' });
    await t.createGroup('kascade');
    curator = await t.createUser('curator', ['kascade']);
    reader = await t.createUser('reader', ['kascade']);
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group: 'kascade' })
      .expect(201);
    datasetId = (created.body as { id: string }).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const cases: Array<[string, () => Promise<Response>, number, string | undefined]> = [
    [
      'malformed JSON',
      () =>
        t
          .http()
          .post('/api/v1/datasets')
          .set(bearer(curator.token))
          .set('Content-Type', 'application/json')
          .send('{"group": "kascade",'),
      400,
      'request.malformed-json',
    ],
    [
      'unknown fields',
      () =>
        t.http().post('/api/v1/datasets').set(bearer(curator.token)).send({ group: 'kascade', owner: 'me' }),
      400,
      'request.invalid',
    ],
    [
      'a file path with ..',
      () =>
        t
          .http()
          .put(`/api/v1/datasets/${datasetId}/versions/1/files/a/..%2F..%2Fetc/passwd`)
          .set(bearer(curator.token))
          .send('x'),
      400,
      'invalid-input',
    ],
    [
      'an absolute file path',
      () =>
        t
          .http()
          .put(`/api/v1/datasets/${datasetId}/versions/1/files/%2Fetc%2Fpasswd`)
          .set(bearer(curator.token))
          .send('x'),
      400,
      'invalid-input',
    ],
    [
      'a declared SHA-256 that does not match the bytes',
      () =>
        t
          .http()
          .put(`/api/v1/datasets/${datasetId}/versions/1/files/events.csv`)
          .set(bearer(curator.token))
          .set('Content-Digest', `sha-256=:${createHash('sha256').update('other bytes').digest('base64')}:`)
          .send('the bytes'),
      422,
      'catalogue.checksum-mismatch',
    ],
    [
      'a declared SHA-512 that does not match the bytes (RFC 3230 Digest)',
      () =>
        t
          .http()
          .put(`/api/v1/datasets/${datasetId}/versions/1/files/events.csv`)
          .set(bearer(curator.token))
          .set('Digest', `SHA-512=${createHash('sha512').update('other bytes').digest('base64')}`)
          .send('the bytes'),
      422,
      'catalogue.checksum-mismatch',
    ],
    [
      'a file over the size limit',
      () =>
        t
          .http()
          .put(`/api/v1/datasets/${datasetId}/versions/1/files/big.bin`)
          .set(bearer(curator.token))
          .send('x'.repeat(1001)),
      413,
      'catalogue.file-too-large',
    ],
    [
      'a publish of a version without required metadata or files',
      () => t.http().post(`/api/v1/datasets/${datasetId}/versions/1/publish`).set(bearer(curator.token)),
      422,
      'catalogue.incomplete-release',
    ],
    [
      'invalid metadata (bad ORCID check digit, unknown licence form, wrong type)',
      () =>
        t
          .http()
          .put(`/api/v1/datasets/${datasetId}/versions/1/metadata`)
          .set(bearer(curator.token))
          .send(
            releaseMetadata({
              '@type': 'Book',
              license: 'free for all',
              creator: [{ '@type': 'Person', name: 'X', '@id': 'https://orcid.org/0000-0002-1825-0098' }],
            }),
          ),
      422,
      'metadata.invalid',
    ],
    [
      'a token of the wrong role (reader uploads)',
      () =>
        t
          .http()
          .put(`/api/v1/datasets/${datasetId}/versions/1/files/events.csv`)
          .set(bearer(reader.token))
          .send('x'),
      403,
      'catalogue.not-allowed',
    ],
    [
      'a token of the wrong role (reader creates a group)',
      () => t.http().post('/api/v1/groups').set(bearer(reader.token)).send({ slug: 'mine', name: 'Mine' }),
      403,
      'access.role-required',
    ],
    ['a dataset id that is no UUID', () => t.http().get('/api/v1/datasets/../../etc'), 404, undefined],
    [
      'a version number that is no number',
      () => t.http().get(`/api/v1/datasets/${datasetId}/versions/one`),
      404,
      undefined,
    ],
    ['an invalid cursor', () => t.http().get('/api/v1/datasets?cursor=%%%'), 400, undefined],
    ['a limit out of range', () => t.http().get('/api/v1/datasets?limit=100000'), 400, 'request.invalid'],
    ['an unknown route', () => t.http().get('/api/v1/nothing-here'), 404, undefined],
    [
      'a body that is not JSON',
      () =>
        t
          .http()
          .post('/api/v1/datasets')
          .set(bearer(curator.token))
          .set('Content-Type', 'text/plain')
          .send('group=kascade'),
      415,
      'request.unsupported-media-type',
    ],
    [
      'a forged cursor (a valid cursor shape holding a key of the wrong kind)',
      () => t.http().get(`/api/v1/datasets?cursor=${Buffer.from('{"k":"abc"}').toString('base64url')}`),
      400,
      'invalid-input',
    ],
    [
      'a forged audit cursor',
      () =>
        t
          .http()
          .get(
            `/api/v1/datasets/${datasetId}/audit?cursor=${Buffer.from('{"k":"1 OR 1=1"}').toString('base64url')}`,
          )
          .set(bearer(curator.token)),
      400,
      'invalid-input',
    ],
    [
      'a token id that is no UUID',
      () => t.http().delete(`/api/v1/users/${curator.id}/tokens/abc`).set(bearer(curator.token)),
      404,
      undefined,
    ],
    [
      'a member id that is no UUID',
      () => t.http().delete('/api/v1/groups/kascade/members/abc').set(bearer(t.adminToken)),
      404,
      undefined,
    ],
    [
      'a NUL character in a JSON string',
      () =>
        t
          .http()
          .post('/api/v1/groups')
          .set(bearer(t.adminToken))
          .set('Content-Type', 'application/json')
          .send('{"slug":"nul","name":"a\\u0000b"}'),
      400,
      'request.malformed-json',
    ],
    [
      'a NUL character in a query parameter',
      () =>
        t
          .http()
          .put(`/api/v1/datasets/${datasetId}/versions/1/metadata?reason=a%00b`)
          .set(bearer(curator.token))
          .send(releaseMetadata()),
      400,
      'invalid-input',
    ],
    [
      'deeply nested junk in metadata',
      () =>
        t
          .http()
          .put(`/api/v1/datasets/${datasetId}/versions/1/metadata`)
          .set(bearer(curator.token))
          .set('Content-Type', 'application/ld+json')
          .send(
            `{"@context":"https://schema.org/","@type":"Dataset","name":${'['.repeat(5000)}${']'.repeat(5000)}}`,
          ),
      422,
      'metadata.invalid',
    ],
    [
      'invalid metadata from a reader (refused for the role, before validation)',
      () =>
        t
          .http()
          .put(`/api/v1/datasets/${datasetId}/versions/1/metadata`)
          .set(bearer(reader.token))
          .send({ junk: true }),
      403,
      'catalogue.not-allowed',
    ],
    [
      'an upload with a bad path from a reader (refused for the role, before validation)',
      () =>
        t
          .http()
          .put(`/api/v1/datasets/${datasetId}/versions/1/files/..%2Fx`)
          .set(bearer(reader.token))
          .send('x'),
      403,
      'catalogue.not-allowed',
    ],
  ];

  it.each(cases)('%s', async (_name, send, status, code) => {
    const before = await storedState(t);
    const response = await send();
    expectProblem(response, status, code);
    expect(await storedState(t)).toEqual(before);
  });

  it('lists every metadata problem at once, each with its JSON pointer', async () => {
    const response = await t
      .http()
      .put(`/api/v1/datasets/${datasetId}/versions/1/metadata`)
      .set(bearer(curator.token))
      .send(
        releaseMetadata({
          license: 'free for all',
          datePublished: 'last year',
          unknownTerm: 1,
          creator: [{ '@type': 'Person', name: '', '@id': 'https://orcid.org/0000-0002-1825-0098' }],
        }),
      )
      .expect(422);
    const paths = (response.body as { violations: Array<{ path: string }> }).violations
      .map((v) => v.path)
      .sort();
    expect(paths).toEqual([
      '/creator/0/@id',
      '/creator/0/name',
      '/datePublished',
      '/license',
      '/unknownTerm',
    ]);
  });

  it('explains what publication lacks', async () => {
    const response = await t
      .http()
      .post(`/api/v1/datasets/${datasetId}/versions/1/publish`)
      .set(bearer(curator.token))
      .expect(422);
    const paths = (response.body as { violations: Array<{ path: string }> }).violations.map((v) => v.path);
    expect(paths).toEqual(['/name', '/description', '/creator', '/license', 'files']);
  });

  it('hides internals of unexpected errors behind an error id', async () => {
    const response = await t.http().get('/api/v1/datasets?limit=abc');
    expectProblem(response, 400);
  });
});
