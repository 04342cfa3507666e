import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DATACITE_STAND_IN_DEFAULTS,
  type DataCiteStandIn,
  startDataCiteStandIn,
} from './datacite-stand-in.js';

const AUTH = `Basic ${Buffer.from(`${DATACITE_STAND_IN_DEFAULTS.username}:${DATACITE_STAND_IN_DEFAULTS.password}`).toString('base64')}`;
const COMPLETE = {
  creators: [{ name: 'Carberry, Josiah', nameType: 'Personal' }],
  titles: [{ title: 'Air-shower events' }],
  publisher: { name: 'APDC' },
  publicationYear: 2024,
  types: { resourceTypeGeneral: 'Dataset' },
  url: 'https://apdc.example.org/datasets/1',
};

let sut: DataCiteStandIn;
let counter = 0;
const newDoi = (): string => `10.5072/stand-in-${(counter += 1)}`;

interface JsonApiBody {
  data: { id: string; type: string; attributes: Record<string, unknown> & { state: string } };
  errors: { source?: string; uid?: string; status?: string; title: string }[];
}

interface Answer {
  status: number;
  headers: Headers;
  /** Empty for a 204. */
  body: JsonApiBody;
}

async function call(
  method: string,
  path: string,
  attributes?: Record<string, unknown>,
  auth: string | null = AUTH,
  id?: string,
): Promise<Answer> {
  const response = await fetch(`${sut.url}${path}`, {
    method,
    headers: {
      ...(auth === null ? {} : { Authorization: auth }),
      ...(attributes === undefined ? {} : { 'Content-Type': 'application/vnd.api+json' }),
    },
    ...(attributes === undefined
      ? {}
      : {
          body: JSON.stringify({ data: { type: 'dois', ...(id === undefined ? {} : { id }), attributes } }),
        }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? {} : JSON.parse(text)) as JsonApiBody,
  };
}

beforeAll(async () => {
  sut = await startDataCiteStandIn();
});
afterAll(async () => {
  await sut.stop();
});

describe('DataCite stand-in', () => {
  it('creates a draft with POST /dois: 201, Location, lower-case DOI, no metadata needed', async () => {
    const doi = `10.5072/Mixed-${(counter += 1)}`;
    const created = await call('POST', '/dois', { doi });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${sut.url}/dois/${doi.toLowerCase()}`);
    expect(created.headers.get('content-type')).toMatch(/^application\/vnd\.api\+json/);
    expect(created.body.data).toMatchObject({
      id: doi.toLowerCase(),
      type: 'dois',
      attributes: { doi: doi.toLowerCase(), prefix: '10.5072', state: 'draft', url: null },
    });
    expect((await call('GET', `/dois/${doi.toUpperCase()}`)).body.data.attributes.state).toBe('draft');
  });

  it('takes the DOI from data.id too', async () => {
    const doi = newDoi();
    expect(
      (await call('POST', '/dois', { event: 'publish', ...COMPLETE }, AUTH, doi)).body.data,
    ).toMatchObject({
      id: doi,
      attributes: { state: 'findable', url: COMPLETE.url, titles: COMPLETE.titles },
    });
  });

  it('refuses a DOI that is taken, malformed or outside the repository prefixes', async () => {
    const doi = newDoi();
    await call('POST', '/dois', { doi });
    expect(await call('POST', '/dois', { doi })).toMatchObject({
      status: 422,
      body: { errors: [{ source: 'doi', uid: doi, title: 'This DOI has already been taken' }] },
    });
    expect(await call('POST', '/dois', { doi: '10.5072/a b' })).toMatchObject({
      status: 422,
      body: { errors: [{ source: 'doi', title: 'Is invalid' }] },
    });
    expect(await call('POST', '/dois', { doi: '10.99999/abc' })).toMatchObject({
      status: 403,
      body: { errors: [{ status: '403', title: 'You are not authorized to access this resource.' }] },
    });
    expect(await call('PUT', '/dois/10.99999/abc', { url: COMPLETE.url })).toMatchObject({ status: 403 });
    expect(await call('PUT', '/dois/not-a-doi', { url: COMPLETE.url })).toMatchObject({ status: 404 });
    expect(await call('POST', '/dois', {})).toMatchObject({ status: 422 });
    expect(
      (await fetch(`${sut.url}/dois`, { method: 'POST', headers: { Authorization: AUTH }, body: '{' }))
        .status,
    ).toBe(400);
  });

  it('lists every missing mandatory property before a DOI leaves draft, and changes nothing', async () => {
    const doi = newDoi();
    const refused = await call('POST', '/dois', { doi, event: 'publish' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e) => e.source)).toEqual([
      'creators',
      'titles',
      'publisher',
      'publicationYear',
      'types',
      'url',
    ]);
    expect(sut.dois.has(doi)).toBe(false);
    expect(
      (await call('POST', '/dois', { doi, ...COMPLETE, url: 'mailto:x@example.org' })).body.errors,
    ).toEqual([{ source: 'url', uid: doi, title: 'URL is not valid' }]);
    await call('POST', '/dois', { doi, ...COMPLETE });
    const blanked = await call('PUT', `/dois/${doi}`, { titles: [], event: 'register' });
    expect(blanked.body.errors).toEqual([
      { source: 'titles', uid: doi, title: 'Titles must have at least one title' },
    ]);
    expect(sut.dois.get(doi)).toMatchObject({ state: 'draft', attributes: { titles: COMPLETE.titles } });
  });

  it('follows DataCite’s state machine and never returns to draft', async () => {
    const doi = newDoi();
    const state = async (attributes: Record<string, unknown>): Promise<string> =>
      (await call('PUT', `/dois/${doi}`, attributes)).body.data.attributes.state;
    expect((await call('PUT', `/dois/${doi}`, { ...COMPLETE, event: 'hide' })).status).toBe(201);
    expect(sut.dois.get(doi)?.state).toBe('draft'); // hide is not allowed from draft: ignored
    expect(await state({ event: 'register' })).toBe('registered');
    expect(await state({ event: 'show' })).toBe('findable');
    expect(await state({ event: 'hide' })).toBe('registered');
    expect(await state({ event: 'publish' })).toBe('findable');
    expect(await state({ event: 'register' })).toBe('findable'); // register only leaves draft
    expect(await state({ state: 'draft' })).toBe('findable'); // state is read-only
    expect(await state({ event: 'draft' })).toBe('findable'); // no such event
  });

  it('PUT updates given attributes and keeps the others; PUT of an absent DOI creates it', async () => {
    const doi = newDoi();
    const created = await call('PUT', `/dois/${encodeURIComponent(doi)}`, { ...COMPLETE, event: 'publish' });
    expect(created.status).toBe(201);
    const updated = await call('PUT', `/dois/${doi}`, {
      titles: [{ title: 'New' }],
      url: `${COMPLETE.url}/v2`,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data.attributes).toMatchObject({
      state: 'findable',
      url: `${COMPLETE.url}/v2`,
      titles: [{ title: 'New' }],
      creators: COMPLETE.creators,
    });
  });

  it('deletes drafts only', async () => {
    const draft = newDoi();
    await call('POST', '/dois', { doi: draft });
    expect((await call('DELETE', `/dois/${draft}`)).status).toBe(204);
    expect((await call('GET', `/dois/${draft}`)).status).toBe(404);
    const findable = newDoi();
    await call('POST', '/dois', { doi: findable, ...COMPLETE, event: 'publish' });
    const refused = await call('DELETE', `/dois/${findable}`);
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('HEAD, GET, POST, PATCH, PUT, OPTIONS');
    expect((await call('DELETE', `/dois/${newDoi()}`)).status).toBe(404);
  });

  it('needs the repository credentials to write or to see non-findable DOIs', async () => {
    const draft = newDoi();
    const findable = newDoi();
    await call('POST', '/dois', { doi: draft });
    await call('POST', '/dois', { doi: findable, ...COMPLETE, event: 'publish' });
    const wrong = `Basic ${Buffer.from(`${DATACITE_STAND_IN_DEFAULTS.username}:nope`).toString('base64')}`;
    expect(await call('POST', '/dois', { doi: newDoi() }, null)).toMatchObject({
      status: 401,
      body: { errors: [{ status: '401', title: 'Bad credentials.' }] },
    });
    expect((await call('PUT', `/dois/${draft}`, { url: COMPLETE.url }, wrong)).status).toBe(401);
    expect((await call('GET', `/dois/${findable}`, undefined, wrong)).status).toBe(401);
    expect((await call('GET', `/dois/${findable}`, undefined, null)).status).toBe(200);
    expect((await call('GET', `/dois/${draft}`, undefined, null)).status).toBe(404);
    const lowerUser = `Basic ${Buffer.from(`apdc.test:${DATACITE_STAND_IN_DEFAULTS.password}`).toString('base64')}`;
    expect((await call('GET', `/dois/${draft}`, undefined, lowerUser)).status).toBe(200);
  });

  it('answers 503 to everything while down, counting requests', async () => {
    const doi = newDoi();
    const before = sut.requests;
    sut.setDown(true);
    try {
      expect((await call('POST', '/dois', { doi })).status).toBe(503);
      expect((await call('GET', `/dois/${doi}`)).status).toBe(503);
    } finally {
      sut.setDown(false);
    }
    expect(sut.dois.has(doi)).toBe(false);
    expect((await call('POST', '/dois', { doi })).status).toBe(201);
    expect(sut.requests - before).toBe(3);
  });
});
