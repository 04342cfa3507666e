import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KASCADE_LIKE_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import {
  DATACITE_STAND_IN_DEFAULTS,
  type DataCiteStandIn,
  startDataCiteStandIn,
} from '../../../../test/support/datacite-stand-in.js';
import { toDataCiteAttributes } from '../../../metadata/src/crosswalks/datacite-json.js';
import { mintDoiSuffix } from '../doi-suffix.js';
import { DataCiteRejectedError, DataCiteUnavailableError } from '../errors.js';
import { describePidRegistrarContract } from '../pid-registrar.contract.js';
import { DataCitePidRegistrar } from './datacite-pid-registrar.js';

const attributes = toDataCiteAttributes(KASCADE_LIKE_RECORD);
const PREFIX = '10.5072';
let standIn: DataCiteStandIn;

beforeAll(async () => {
  standIn = await startDataCiteStandIn({ prefixes: [PREFIX] });
});
afterAll(async () => {
  await standIn.stop();
});

const onStandIn = (password: string = DATACITE_STAND_IN_DEFAULTS.password): DataCitePidRegistrar =>
  new DataCitePidRegistrar({ url: standIn.url, username: DATACITE_STAND_IN_DEFAULTS.username, password });
const newDoi = (prefix = PREFIX): { doi: string; url: string } => {
  const suffix = mintDoiSuffix();
  return { doi: `${prefix}/${suffix}`, url: `https://apdc.example.org/datasets/${suffix}` };
};

describePidRegistrarContract(`${DataCitePidRegistrar.name} on the DataCite stand-in`, () => onStandIn(), {
  prefix: PREFIX,
  attributes,
  setUnavailable: (down) => standIn.setDown(down),
});

const real = {
  url: process.env['APDC_TEST_DATACITE_URL'] ?? '',
  username: process.env['APDC_TEST_DATACITE_USER'] ?? '',
  password: process.env['APDC_TEST_DATACITE_PASSWORD'] ?? '',
  prefix: process.env['APDC_TEST_DATACITE_PREFIX'] ?? '',
};
if (Object.values(real).every((value) => value !== '')) {
  describePidRegistrarContract(
    `${DataCitePidRegistrar.name} on DataCite (${real.url})`,
    () => new DataCitePidRegistrar(real),
    { prefix: real.prefix, attributes },
  );
} else {
  console.warn(
    'Skipping the PidRegistrar contract against DataCite itself: set APDC_TEST_DATACITE_URL (e.g. ' +
      'https://api.test.datacite.org), APDC_TEST_DATACITE_USER, APDC_TEST_DATACITE_PASSWORD and ' +
      'APDC_TEST_DATACITE_PREFIX to run it.',
  );
  describe.skip(`${DataCitePidRegistrar.name} on DataCite`, () => {
    it('needs APDC_TEST_DATACITE_URL, _USER, _PASSWORD and _PREFIX', () => undefined);
  });
}

describe(DataCitePidRegistrar.name, () => {
  it('creates with one POST and, when DataCite says the DOI is taken, updates with a PUT', async () => {
    const sut = onStandIn();
    const { doi, url } = newDoi();
    const before = standIn.requests;
    await sut.upsert({ doi, url, attributes, event: 'publish' });
    expect(standIn.requests - before).toBe(1);
    await sut.upsert({ doi, url, attributes, event: 'publish' });
    expect(standIn.requests - before).toBe(3);
  });

  it('sends the metadata as DataCite attributes, with its own doi and url', async () => {
    const sut = onStandIn();
    const { doi, url } = newDoi();
    expect(attributes.doi).not.toBe(doi);
    await sut.upsert({ doi, url, attributes, event: 'publish' });
    const stored = standIn.dois.get(doi);
    expect(stored).toMatchObject({ doi, url, state: 'findable' });
    expect(stored?.attributes).toMatchObject({
      titles: attributes.titles,
      creators: attributes.creators,
      publisher: attributes.publisher,
      publicationYear: 2024,
      types: { resourceTypeGeneral: 'Dataset', resourceType: 'Event list' },
    });
  });

  it("keeps DataCite's reasons when it rejects metadata", async () => {
    const sut = onStandIn();
    const { doi, url } = newDoi();
    const error = await sut
      .upsert({ doi, url, attributes: { ...attributes, titles: [] }, event: 'publish' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataCiteRejectedError);
    expect((error as DataCiteRejectedError).errors).toEqual([
      { source: 'titles', title: 'Titles must have at least one title' },
    ]);
    expect((error as DataCiteRejectedError).violations).toEqual([
      { path: 'titles', message: 'Titles must have at least one title' },
    ]);
    expect(standIn.dois.has(doi)).toBe(false);
  });

  it('rejects a DOI outside DataCite syntax, a prefix the repository does not own and bad credentials', async () => {
    const url = 'https://apdc.example.org/x';
    await expect(
      onStandIn().upsert({ doi: `${PREFIX}/not a suffix`, url, attributes, event: undefined }),
    ).rejects.toMatchObject({ status: 422, errors: [{ source: 'doi', title: 'Is invalid' }] });
    await expect(
      onStandIn().upsert({ ...newDoi('10.99999'), attributes, event: undefined }),
    ).rejects.toMatchObject({ code: 'doi.rejected', status: 403 });
    await expect(
      onStandIn('wrong').upsert({ ...newDoi(), attributes, event: undefined }),
    ).rejects.toMatchObject({ code: 'doi.rejected', status: 401 });
    await expect(onStandIn('wrong').get(newDoi().doi)).rejects.toBeInstanceOf(DataCiteRejectedError);
  });

  it('never exposes the credentials', async () => {
    const password = 'very-secret-password';
    const sut = onStandIn(password);
    const error = (await sut
      .upsert({ ...newDoi(), attributes, event: undefined })
      .catch((e: unknown) => e)) as Error;
    const basic = Buffer.from(`${DATACITE_STAND_IN_DEFAULTS.username}:${password}`).toString('base64');
    for (const text of [
      inspect(sut, { showHidden: true, depth: 5 }),
      JSON.stringify(sut),
      inspect(error),
      JSON.stringify(error),
    ]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(basic);
    }
  });

  describe('when DataCite misbehaves', () => {
    let server: Server;
    let answer: { status: number; body: string } | 'hang' = 'hang';
    let base = '';
    beforeAll(async () => {
      server = createServer((_request, response) => {
        if (answer === 'hang') return;
        response.writeHead(answer.status, { 'Content-Type': 'text/html' }).end(answer.body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const sut = (): DataCitePidRegistrar =>
      new DataCitePidRegistrar({ url: `${base}/`, username: 'u', password: 'p', timeoutMs: 300 });

    it('treats a silent server as unavailable once the timeout elapses', async () => {
      answer = 'hang';
      const error = await sut()
        .get('10.5072/abcd')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataCiteUnavailableError);
      expect((error as Error).message).toMatch(/no answer within 300 ms/);
    });

    it.each([500, 502, 503, 429, 408])('treats HTTP %i as unavailable', async (status) => {
      answer = { status, body: '<html>busy</html>' };
      await expect(sut().upsert({ ...newDoi(), attributes, event: 'publish' })).rejects.toMatchObject({
        kind: 'unavailable',
        status,
      });
    });

    it('treats an answer that is not a DOI resource as unavailable', async () => {
      answer = { status: 200, body: '<html>captive portal</html>' };
      await expect(sut().get('10.5072/abcd')).rejects.toBeInstanceOf(DataCiteUnavailableError);
    });

    it('treats a refused connection as unavailable', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const registrar = new DataCitePidRegistrar({
        url: `http://127.0.0.1:${port}`,
        username: 'u',
        password: 'p',
      });
      await expect(registrar.get('10.5072/abcd')).rejects.toMatchObject({
        kind: 'unavailable',
        message: expect.stringMatching(/ECONNREFUSED/),
      });
    });
  });
});
