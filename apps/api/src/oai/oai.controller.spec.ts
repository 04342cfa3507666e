import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { AuthenticationService } from '@apdc/access';
import { OaiRepository } from '@apdc/oai-pmh';
import { APP_CONFIG, Clock, loadAppConfig } from '@apdc/platform';
import { KASCADE_LIKE_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import { expectValidOaiResponse } from '../../../../libs/oai-pmh/test/expect-valid-oai-response.js';
import { InMemoryOaiRepository } from '../../../../libs/oai-pmh/src/testing/in-memory-oai-repository.js';
import { configureApp } from '../configure-app.js';
import { OaiController } from '../controllers/oai.controller.js';
import {
  OAI_TOKEN_SECRET_FILE,
  oaiDefaultAdminEmail,
  oaiRepositoryId,
  oaiTokenSecret,
} from './oai-provider-config.js';

const LOCAL_ID = '01a20fc0-0328-799d-800e-1ed1d0e9f450';

describe(OaiController.name, () => {
  let app: INestApplication;
  let home: string;

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'apdc-oai-'));
    const config = loadAppConfig({ APDC_HOME: home, APDC_PUBLIC_URL: 'https://apdc.example.org' });
    const repository = new InMemoryOaiRepository([
      {
        localId: LOCAL_ID,
        datestamp: new Date('2024-03-01T10:15:00Z'),
        deleted: false,
        setSpecs: [],
        record: KASCADE_LIKE_RECORD,
      },
    ]);
    @Module({
      controllers: [OaiController],
      providers: [
        { provide: OaiRepository, useValue: repository },
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: { now: () => new Date('2026-01-01T00:00:00Z') } },
        // Only anonymous requests here: configureApp's authentication never calls it.
        { provide: AuthenticationService, useValue: {} },
      ],
    })
    class TestModule {}
    app = await NestFactory.create(TestModule, { bodyParser: false, logger: ['error'] });
    configureApp(app); // as in production: its JSON-only body rule must let /oai forms through
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer() as Parameters<typeof request>[0]);

  it('answers GET with text/xml, identifiers under the public host', async () => {
    const response = await http().get(
      `/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:apdc.example.org:${LOCAL_ID}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(response.text).toContain('<request verb="GetRecord"');
    expect(response.text).toContain('https://apdc.example.org/oai</request>');
    await expectValidOaiResponse(response.text);
  });

  it('detects repeated arguments in the query', async () => {
    const response = await http().get('/oai?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=datacite');
    expect(response.text).toContain('<error code="badArgument">');
  });

  it('answers POST with a form body', async () => {
    const response = await http()
      .post('/oai')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('verb=ListIdentifiers&metadataPrefix=datacite');
    expect(response.status).toBe(200);
    expect(response.text).toContain(`<identifier>oai:apdc.example.org:${LOCAL_ID}</identifier>`);
    await expectValidOaiResponse(response.text);
  });

  it('refuses a POST body that is not a form, or too large', async () => {
    await http().post('/oai').set('Content-Type', 'text/plain').send('verb=Identify').expect(415);
    await http()
      .post('/oai')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(`verb=Identify&x=${'a'.repeat(70_000)}`)
      .expect(413);
  });

  it('does not gzip unless asked', async () => {
    const response = await http().get('/oai?verb=Identify').set('Accept-Encoding', 'gzip;q=0, identity');
    expect(response.headers['content-encoding']).toBeUndefined();
    await expectValidOaiResponse(response.text);
  });

  it('gzips when the harvester accepts it', async () => {
    const response = await http()
      .get('/oai?verb=ListRecords&metadataPrefix=datacite')
      .set('Accept-Encoding', 'gzip');
    // supertest inflates the body itself; the header says it came gzipped.
    expect(response.headers['content-encoding']).toBe('gzip');
    const xml = response.text;
    expect(xml).toContain('<ListRecords>');
    await expectValidOaiResponse(xml);
  });

  it('keeps one token secret per home, in a 0600 file', () => {
    const first = oaiTokenSecret(home);
    expect(oaiTokenSecret(home).equals(first)).toBe(true);
    expect(statSync(path.join(home, OAI_TOKEN_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(oaiRepositoryId('http://localhost:3000')).toBe('localhost');
    expect(oaiRepositoryId('https://APDC.example.org/base')).toBe('apdc.example.org');
    expect(oaiDefaultAdminEmail('https://apdc.example.org')).toBe('admin@apdc.example.org');
    expect(oaiDefaultAdminEmail('http://localhost:3000')).toBe('admin@localhost.localdomain');
    expect(oaiDefaultAdminEmail('http://127.0.0.1:3000')).toBe('admin@localhost.localdomain');
  });
});
