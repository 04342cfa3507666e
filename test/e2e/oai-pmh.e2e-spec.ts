import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestApp, bearer, createTestApp, releaseMetadata } from '../support/test-app.js';
import { expectValidXml } from '../support/xml-validation.js';

const run = promisify(execFile);
const HARVESTER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../support/oai-harvester.cjs');
// Counts are chosen so that no page the npm harvester reads holds exactly one item: that package
// (oai-pmh 2.0.3, xml2js with explicitArray false) cannot iterate a single-item page.
const PAGE_SIZE = 2;

interface Harvested {
  identifier: string;
  datestamp: string;
  deleted: boolean;
  setSpec: string[];
  hasMetadata: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('OAI-PMH data provider', () => {
  let t: TestApp;
  let baseUrl: string;
  let curator: { id: string; token: string };
  const released: Array<{ id: string; facility: string }> = [];
  const responses: string[] = [];

  /** A raw OAI-PMH request; every answer is kept for schema validation. */
  async function oai(query: string): Promise<string> {
    const response = await fetch(`${baseUrl}?${query}`);
    const body = await response.text();
    responses.push(body);
    return body;
  }

  async function harvest(
    verb: 'ListRecords' | 'ListIdentifiers',
    options: Record<string, string>,
  ): Promise<Harvested[]> {
    const { stdout } = await run(process.execPath, [HARVESTER, baseUrl, verb, JSON.stringify(options)], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout) as Harvested[];
  }

  async function publish(facility: string, name: string): Promise<string> {
    const created = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({
        group: 'kascade',
        metadata: releaseMetadata({
          '@context': 'https://w3id.org/apdc/context/v1',
          name,
          facility: [facility],
          messenger: ['charged-cosmic-ray'],
        }),
      })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await t
      .http()
      .put(`/api/v1/datasets/${id}/versions/1/files/a.csv`)
      .set(bearer(curator.token))
      .send('a\n')
      .expect(201);
    await t.http().post(`/api/v1/datasets/${id}/versions/1/publish`).set(bearer(curator.token)).expect(200);
    released.push({ id, facility });
    return id;
  }

  const identifierOf = (id: string): string => `oai:localhost:${id}`;

  /** Follows resumption tokens with plain requests, collecting every header. */
  async function rawHarvest(query: string): Promise<Array<{ identifier: string; deleted: boolean }>> {
    const headers: Array<{ identifier: string; deleted: boolean }> = [];
    let body = await oai(query);
    for (;;) {
      for (const match of body.matchAll(
        /<header( status="deleted")?>\s*<identifier>([^<]+)<\/identifier>/g,
      )) {
        headers.push({ identifier: match[2] ?? '', deleted: match[1] !== undefined });
      }
      const token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(body)?.[1];
      if (token === undefined) return headers;
      body = await oai(
        `verb=${/verb="(\w+)"/.exec(body)?.[1] ?? 'ListIdentifiers'}&resumptionToken=${encodeURIComponent(token)}`,
      );
    }
  }

  beforeAll(async () => {
    t = await createTestApp({ APDC_OAI_PAGE_SIZE: String(PAGE_SIZE) });
    await t.app.listen(0, '127.0.0.1');
    const server = t.app.getHttpServer() as import('node:http').Server;
    const address = server.address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}/oai`;
    await t.createGroup('kit-iap');
    await t.createGroup('kascade', 'kit-iap');
    curator = await t.createUser('curator', ['kascade']);
    for (let index = 0; index < 6; index++) await publish('kascade', `KASCADE release ${index}`);
    await sleep(1100);
    for (let index = 0; index < 6; index++) await publish('icecube', `IceCube-like release ${index}`);
    const draft = await t
      .http()
      .post('/api/v1/datasets')
      .set(bearer(curator.token))
      .send({ group: 'kascade' })
      .expect(201);
    expect((draft.body as { id: string }).id).toBeDefined();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets a third-party harvester page through the whole catalogue and get exactly the released datasets', async () => {
    const records = await harvest('ListRecords', { metadataPrefix: 'oai_dc' });
    expect(records.map((record) => record.identifier).sort()).toEqual(
      released.map((r) => identifierOf(r.id)).sort(),
    );
    expect(records.every((record) => record.hasMetadata && !record.deleted)).toBe(true);
    const datacite = await harvest('ListIdentifiers', { metadataPrefix: 'datacite' });
    expect(datacite).toHaveLength(released.length);
    expect(Math.ceil(released.length / PAGE_SIZE)).toBeGreaterThanOrEqual(6);
  });

  it('harvests selectively by set and by from/until, exact at second boundaries', async () => {
    const icecube = await harvest('ListIdentifiers', { metadataPrefix: 'oai_dc', set: 'facility:icecube' });
    expect(icecube.map((r) => r.identifier).sort()).toEqual(
      released
        .filter((r) => r.facility === 'icecube')
        .map((r) => identifierOf(r.id))
        .sort(),
    );
    const group = await harvest('ListIdentifiers', { metadataPrefix: 'oai_dc', set: 'group:kit-iap' });
    expect(group).toHaveLength(released.length);

    const all = await harvest('ListIdentifiers', { metadataPrefix: 'oai_dc' });
    const stamps = [...new Set(all.map((r) => r.datestamp))].sort();
    const boundary = stamps.at(-1) as string;
    const atOrAfter = all
      .filter((r) => r.datestamp >= boundary)
      .map((r) => r.identifier)
      .sort();
    // How many items share a second depends on the machine's speed: plain requests, not the npm harvester.
    const fromBoundary = await rawHarvest(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${boundary}`);
    expect(fromBoundary.map((r) => r.identifier).sort()).toEqual(atOrAfter);
    const justBefore = new Date(Date.parse(boundary) - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const untilBefore = await rawHarvest(`verb=ListIdentifiers&metadataPrefix=oai_dc&until=${justBefore}`);
    expect(untilBefore.map((r) => r.identifier).sort()).toEqual(
      all
        .filter((r) => r.datestamp < boundary)
        .map((r) => r.identifier)
        .sort(),
    );
  });

  it('loses and duplicates nothing while records change during a paged harvest; withdrawals show up as deleted', async () => {
    const startedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    const seen: string[] = [];
    let body = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    const take = (xml: string): string | undefined => {
      for (const match of xml.matchAll(/<identifier>([^<]+)<\/identifier>/g)) seen.push(match[1] ?? '');
      return /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(xml)?.[1];
    };
    let token = take(body);
    const unseen = released.filter((r) => !seen.includes(identifierOf(r.id)));
    const withdrawn = unseen[0];
    const revised = unseen[1];
    if (withdrawn === undefined || revised === undefined)
      throw new Error('the first page should not hold everything');
    await t
      .http()
      .put(`/api/v1/datasets/${revised.id}/versions/1/metadata?reason=typo`)
      .set(bearer(curator.token))
      .send(
        releaseMetadata({
          '@context': 'https://w3id.org/apdc/context/v1',
          name: 'Revised during the harvest',
          facility: [revised.facility],
          messenger: ['charged-cosmic-ray'],
        }),
      )
      .expect(200);
    await t
      .http()
      .post(`/api/v1/datasets/${withdrawn.id}/versions/1/withdraw`)
      .set(bearer(curator.token))
      .send({ reason: 'test' })
      .expect(200);
    const added = await publish('kascade', 'Published during the harvest');
    while (token !== undefined) {
      body = await oai(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`);
      token = take(body);
    }
    expect(new Set(seen).size).toBe(seen.length);
    const changed = new Set([withdrawn.id, revised.id, added]);
    const unchanged = released.filter((r) => !changed.has(r.id)).map((r) => identifierOf(r.id));
    expect(unchanged.every((identifier) => seen.includes(identifier))).toBe(true);

    const incremental = await rawHarvest(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${startedAt}`);
    const byId = new Map(incremental.map((r) => [r.identifier, r]));
    expect(byId.get(identifierOf(withdrawn.id))?.deleted).toBe(true);
    expect(byId.get(identifierOf(added))?.deleted).toBe(false);
    // A record changed during the harvest moved past its fixed `until`: the next incremental harvest has it.
    expect(byId.get(identifierOf(revised.id))?.deleted).toBe(false);
    const record = await oai(
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(identifierOf(withdrawn.id))}`,
    );
    expect(record).toContain('status="deleted"');
  });

  it('answers every verb, format and error with responses valid against the OAI-PMH schemas', async () => {
    const id = identifierOf(released[1]?.id ?? '');
    for (const query of [
      'verb=Identify',
      'verb=ListMetadataFormats',
      `verb=ListMetadataFormats&identifier=${encodeURIComponent(id)}`,
      'verb=ListSets',
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(id)}`,
      `verb=GetRecord&metadataPrefix=datacite&identifier=${encodeURIComponent(id)}`,
      'verb=ListRecords&metadataPrefix=datacite',
      'verb=ListRecords&metadataPrefix=oai_dc&set=facility:icecube',
      'verb=Nonsense',
      'verb=ListRecords',
      'verb=ListRecords&metadataPrefix=marc21',
      'verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=forged',
      'verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:nothing',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2019-01-01',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00Z&until=2021-01-01',
      'verb=Identify&verb=Identify',
      'verb=ListSets&resumptionToken=x',
    ]) {
      await oai(query);
    }
    const codes = responses.flatMap((xml) =>
      [...xml.matchAll(/<error code="([a-zA-Z]+)"/g)].map((match) => match[1]),
    );
    expect(new Set(codes)).toEqual(
      new Set([
        'badVerb',
        'badArgument',
        'cannotDisseminateFormat',
        'badResumptionToken',
        'idDoesNotExist',
        'noRecordsMatch',
      ]),
    );
    for (const xml of responses) await expectValidXml('harvest-all', xml);
  });
});
