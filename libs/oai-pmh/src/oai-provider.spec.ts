import { describe, expect, it } from '@jest/globals';
import type { ReleaseRecord } from '@apdc/metadata';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../test/fixtures/sample-release-records.js';
import { expectValidOaiResponse } from '../test/expect-valid-oai-response.js';
import { MetadataFormatRegistry, OAI_DC_FORMAT } from './metadata-format-registry.js';
import { OaiProvider, type OaiProviderConfig } from './oai-provider.js';
import type { OaiItemWithRecord, OaiSet } from './ports/oai-repository.port.js';
import { InMemoryOaiRepository } from './testing/in-memory-oai-repository.js';

const BASE_URL = 'https://apdc.example.org/oai';
const NOW = new Date('2026-01-01T12:00:00.250Z');
const CONFIG: OaiProviderConfig = {
  repositoryId: 'apdc.example.org',
  repositoryName: 'Astroparticle Physics Data Centre (APDC)',
  adminEmails: ['admin@apdc.example.org'],
  pageSize: 3,
  tokenSecret: 'test secret, sixteen bytes or more',
  tokenLifetimeSeconds: 7 * 24 * 3600,
};
const SETS: OaiSet[] = [
  { spec: 'messenger', name: 'Messengers' },
  { spec: 'messenger:cosmic-rays', name: 'Cosmic rays' },
  { spec: 'messenger:gamma-rays', name: 'Gamma rays & more' },
];

function localId(n: number): string {
  return `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
}

/** Ten items; items 3 and 4 share a second (the keyset tie), item 5 is withdrawn. */
function items(): OaiItemWithRecord[] {
  const seconds = [0, 10, 20, 30, 30, 40, 50, 60, 70, 80];
  return seconds.map((s, n) => {
    const deleted = n === 5;
    const record: ReleaseRecord = n % 2 === 0 ? KASCADE_LIKE_RECORD : MINIMAL_RECORD;
    return {
      localId: localId(n),
      datestamp: new Date(Date.UTC(2024, 2, 1, 10, 0, s)),
      deleted,
      setSpecs: n % 3 === 0 ? ['messenger:cosmic-rays'] : n % 3 === 1 ? ['messenger:gamma-rays'] : [],
      record: deleted ? undefined : record,
    };
  });
}

function setup(
  options: { sets?: OaiSet[]; items?: OaiItemWithRecord[]; config?: Partial<OaiProviderConfig> } = {},
) {
  const repository = new InMemoryOaiRepository(options.items ?? items(), options.sets ?? SETS);
  const sut = new OaiProvider(repository, { ...CONFIG, ...options.config });
  return { sut, repository };
}

async function respond(sut: OaiProvider, args: Array<[string, string]>, now: Date = NOW): Promise<string> {
  let xml = '';
  for await (const chunk of sut.handle(args, { baseUrl: BASE_URL, now })) xml += chunk;
  await expectValidOaiResponse(xml);
  return xml;
}

function errorCode(xml: string): string | undefined {
  return /<error code="([^"]+)"/.exec(xml)?.[1];
}

function identifiers(xml: string): string[] {
  return [...xml.matchAll(/<identifier>([^<]+)<\/identifier>/g)].map((m) => m[1] ?? '');
}

function tokenOf(xml: string): string | undefined {
  return /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(xml)?.[1];
}

async function harvest(sut: OaiProvider, verb: string, args: Array<[string, string]>): Promise<string[][]> {
  const pages: string[][] = [];
  let xml = await respond(sut, [['verb', verb], ...args]);
  pages.push(identifiers(xml));
  for (let token = tokenOf(xml); token !== undefined; token = tokenOf(xml)) {
    xml = await respond(sut, [
      ['verb', verb],
      ['resumptionToken', token],
    ]);
    pages.push(identifiers(xml));
  }
  return pages;
}

describe(OaiProvider.name, () => {
  it('answers Identify', async () => {
    const { sut } = setup();
    const xml = await respond(sut, [['verb', 'Identify']]);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"',
      ),
    ).toBe(true);
    expect(xml).toContain(
      'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"',
    );
    expect(xml).toContain('<responseDate>2026-01-01T12:00:00Z</responseDate>');
    expect(xml).toContain(`<request verb="Identify">${BASE_URL}</request>`);
    expect(xml).toContain(
      '<baseURL>https://apdc.example.org/oai</baseURL><protocolVersion>2.0</protocolVersion>',
    );
    expect(xml).toContain('<earliestDatestamp>2024-03-01T10:00:00Z</earliestDatestamp>');
    expect(xml).toContain(
      '<deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity>',
    );
    expect(xml).toContain(
      '<repositoryIdentifier>apdc.example.org</repositoryIdentifier><delimiter>:</delimiter>',
    );
  });

  it('answers Identify for a host without a dot (no oai-identifier description, which needs one)', async () => {
    const { sut } = setup({ config: { repositoryId: 'localhost', compression: ['gzip'] } });
    const xml = await respond(sut, [['verb', 'Identify']]);
    expect(xml).not.toContain('oai-identifier');
    expect(xml).toContain('<compression>gzip</compression>');
  });

  it('lists metadata formats, for the repository and for one item', async () => {
    const { sut } = setup();
    for (const args of [[], [['identifier', `oai:apdc.example.org:${localId(5)}`]]] as Array<
      Array<[string, string]>
    >) {
      const xml = await respond(sut, [['verb', 'ListMetadataFormats'], ...args]);
      expect(xml).toContain(
        '<metadataFormat><metadataPrefix>oai_dc</metadataPrefix><schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema><metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace></metadataFormat>',
      );
      expect(xml).toContain('<metadataPrefix>datacite</metadataPrefix>');
    }
  });

  it('lists hierarchical sets, or answers noSetHierarchy', async () => {
    const xml = await respond(setup().sut, [['verb', 'ListSets']]);
    expect(xml).toContain(
      '<set><setSpec>messenger:gamma-rays</setSpec><setName>Gamma rays &amp; more</setName></set>',
    );
    expect(errorCode(await respond(setup({ sets: [] }).sut, [['verb', 'ListSets']]))).toBe('noSetHierarchy');
    const listWithSet = await respond(setup({ sets: [] }).sut, [
      ['verb', 'ListIdentifiers'],
      ['metadataPrefix', 'oai_dc'],
      ['set', 'messenger'],
    ]);
    expect(errorCode(listWithSet)).toBe('noSetHierarchy');
  });

  it.each(['oai_dc', 'datacite'])(
    'gets a record as %s, and a deleted one as a header only',
    async (prefix) => {
      const { sut } = setup();
      const xml = await respond(sut, [
        ['verb', 'GetRecord'],
        ['identifier', `oai:apdc.example.org:${localId(0)}`],
        ['metadataPrefix', prefix],
      ]);
      expect(xml).toContain(
        `<header><identifier>oai:apdc.example.org:${localId(0)}</identifier><datestamp>2024-03-01T10:00:00Z</datestamp><setSpec>messenger:cosmic-rays</setSpec></header><metadata>`,
      );
      expect(xml).toContain(
        `<request verb="GetRecord" identifier="oai:apdc.example.org:${localId(0)}" metadataPrefix="${prefix}">`,
      );
      const minimal = await respond(sut, [
        ['verb', 'GetRecord'],
        ['identifier', `oai:apdc.example.org:${localId(1)}`],
        ['metadataPrefix', prefix],
      ]);
      expect(minimal).toContain('<metadata>');
      const deleted = await respond(sut, [
        ['verb', 'GetRecord'],
        ['identifier', `oai:apdc.example.org:${localId(5)}`],
        ['metadataPrefix', prefix],
      ]);
      expect(deleted).toContain('<header status="deleted">');
      expect(deleted).not.toContain('<metadata>');
    },
  );

  it.each(['ListIdentifiers', 'ListRecords'])(
    '%s pages through everything with tokens, without loss or duplicates',
    async (verb) => {
      for (const prefix of ['oai_dc', 'datacite']) {
        const { sut, repository } = setup();
        const pages = await harvest(sut, verb, [['metadataPrefix', prefix]]);
        expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
        expect(pages.flat()).toEqual(items().map((i) => `oai:apdc.example.org:${i.localId}`));
        expect(
          repository.listCalls.every((c) => c.limit === 4 && c.withRecords === (verb === 'ListRecords')),
        ).toBe(true);
      }
    },
  );

  it('writes cursor and completeListSize, and an empty token on the last page', async () => {
    const { sut } = setup();
    const first = await respond(sut, [
      ['verb', 'ListRecords'],
      ['metadataPrefix', 'oai_dc'],
    ]);
    expect(first).toMatch(
      /<resumptionToken expirationDate="2026-01-08T12:00:00Z" completeListSize="10" cursor="0">/,
    );
    let xml = first;
    const cursors: string[] = [];
    for (let token = tokenOf(xml); token !== undefined; token = tokenOf(xml)) {
      xml = await respond(sut, [
        ['verb', 'ListRecords'],
        ['resumptionToken', token],
      ]);
      cursors.push(/cursor="(\d+)"/.exec(xml)?.[1] ?? '');
    }
    expect(cursors).toEqual(['3', '6', '9']);
    expect(xml).toContain('<resumptionToken completeListSize="10" cursor="9"/>');
    const single = await respond(setup({ config: { pageSize: 100 } }).sut, [
      ['verb', 'ListIdentifiers'],
      ['metadataPrefix', 'oai_dc'],
    ]);
    expect(single).not.toContain('resumptionToken');
    expect(identifiers(single)).toHaveLength(10);
  });

  it('marks deleted items in lists and sends no metadata for them', async () => {
    const { sut } = setup({ config: { pageSize: 100 } });
    const records = await respond(sut, [
      ['verb', 'ListRecords'],
      ['metadataPrefix', 'datacite'],
    ]);
    expect(records.match(/<header status="deleted">/g)).toHaveLength(1);
    expect(records.match(/<metadata>/g)).toHaveLength(9);
    const headers = await respond(sut, [
      ['verb', 'ListIdentifiers'],
      ['metadataPrefix', 'oai_dc'],
    ]);
    expect(headers).toContain(
      `<header status="deleted"><identifier>oai:apdc.example.org:${localId(5)}</identifier>`,
    );
  });

  it('selects from/until inclusively at second boundaries, and whole days', async () => {
    const { sut } = setup({ config: { pageSize: 100 } });
    const list = async (from: string, until: string): Promise<string[]> =>
      identifiers(
        await respond(sut, [
          ['verb', 'ListIdentifiers'],
          ['metadataPrefix', 'oai_dc'],
          ['from', from],
          ['until', until],
        ]),
      ).map((i) => i.slice(-2));
    expect(await list('2024-03-01T10:00:30Z', '2024-03-01T10:00:50Z')).toEqual(['03', '04', '05', '06']);
    expect(await list('2024-03-01T10:00:31Z', '2024-03-01T10:00:49Z')).toEqual(['05']);
    expect(await list('2024-03-01', '2024-03-01')).toHaveLength(10);
    const none = await respond(sut, [
      ['verb', 'ListRecords'],
      ['metadataPrefix', 'oai_dc'],
      ['from', '2024-03-02'],
    ]);
    expect(errorCode(none)).toBe('noRecordsMatch');
    expect(none).toContain('<request verb="ListRecords" metadataPrefix="oai_dc" from="2024-03-02">');
  });

  it('selects a set with its subsets', async () => {
    const { sut } = setup();
    const gamma = await harvest(sut, 'ListIdentifiers', [
      ['metadataPrefix', 'oai_dc'],
      ['set', 'messenger:gamma-rays'],
    ]);
    expect(gamma.flat().map((i) => i.slice(-2))).toEqual(['01', '04', '07']);
    const all = await harvest(sut, 'ListRecords', [
      ['metadataPrefix', 'oai_dc'],
      ['set', 'messenger'],
    ]);
    expect(all.flat()).toHaveLength(7);
    const unknown = await respond(sut, [
      ['verb', 'ListRecords'],
      ['metadataPrefix', 'oai_dc'],
      ['set', 'nothing'],
    ]);
    expect(errorCode(unknown)).toBe('noRecordsMatch');
  });

  it('keeps a harvest stable: items changed after it started are not listed again', async () => {
    const { sut, repository } = setup();
    const first = await respond(sut, [
      ['verb', 'ListIdentifiers'],
      ['metadataPrefix', 'oai_dc'],
    ]);
    const changed = repository.items[0];
    if (changed === undefined) throw new Error('no item');
    repository.items[0] = { ...changed, datestamp: new Date('2026-01-01T12:00:05Z') };
    const later = new Date('2026-01-01T12:00:10Z');
    let xml = first;
    const seen = identifiers(first);
    for (let token = tokenOf(xml); token !== undefined; token = tokenOf(xml)) {
      xml = await respond(
        sut,
        [
          ['verb', 'ListIdentifiers'],
          ['resumptionToken', token],
        ],
        later,
      );
      seen.push(...identifiers(xml));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(10);
  });

  it('refuses an adminEmail that OAI-PMH.xsd refuses', () => {
    const repository = new InMemoryOaiRepository([]);
    expect(() => new OaiProvider(repository, { ...CONFIG, adminEmails: ['admin@localhost'] })).toThrow(
      /adminEmail/,
    );
    expect(() => new OaiProvider(repository, { ...CONFIG, adminEmails: [] })).toThrow(/adminEmail/);
  });

  describe('errors', () => {
    const id = `oai:apdc.example.org:${localId(0)}`;
    it.each<[string, Array<[string, string]>, string, boolean]>([
      ['badVerb', [['verb', 'Nope']], 'badVerb', false],
      ['badVerb (none)', [], 'badVerb', false],
      ['badArgument', [['verb', 'ListRecords']], 'badArgument', false],
      [
        'badArgument (repeated)',
        [
          ['verb', 'Identify'],
          ['verb', 'ListSets'],
        ],
        'badVerb',
        false,
      ],
      [
        'badArgument (illegal)',
        [
          ['verb', 'ListSets'],
          ['set', 'messenger'],
        ],
        'badArgument',
        false,
      ],
      [
        'badResumptionToken',
        [
          ['verb', 'ListRecords'],
          ['resumptionToken', 'garbage'],
        ],
        'badResumptionToken',
        true,
      ],
      [
        'badResumptionToken (ListSets)',
        [
          ['verb', 'ListSets'],
          ['resumptionToken', 'garbage'],
        ],
        'badResumptionToken',
        true,
      ],
      [
        'cannotDisseminateFormat',
        [
          ['verb', 'GetRecord'],
          ['identifier', id],
          ['metadataPrefix', 'marc21'],
        ],
        'cannotDisseminateFormat',
        true,
      ],
      [
        'idDoesNotExist',
        [
          ['verb', 'GetRecord'],
          ['identifier', 'oai:apdc.example.org:missing'],
          ['metadataPrefix', 'oai_dc'],
        ],
        'idDoesNotExist',
        true,
      ],
      [
        'idDoesNotExist (formats)',
        [
          ['verb', 'ListMetadataFormats'],
          ['identifier', 'oai:x.org:1'],
        ],
        'idDoesNotExist',
        true,
      ],
    ])('%s', async (_name, args, code, echoed) => {
      const xml = await respond(setup().sut, args);
      expect(errorCode(xml)).toBe(code);
      if (echoed) expect(xml).toMatch(/<request verb="[A-Za-z]+"/);
      else expect(xml).toContain(`<request>${BASE_URL}</request>`);
    });

    it('noMetadataFormats', async () => {
      const sut = new OaiProvider(
        new InMemoryOaiRepository(items(), SETS),
        CONFIG,
        new MetadataFormatRegistry([]),
      );
      expect(errorCode(await respond(sut, [['verb', 'ListMetadataFormats']]))).toBe('noMetadataFormats');
    });

    it('badResumptionToken for an expired token, another verb, or a format gone', async () => {
      const { sut } = setup();
      const token =
        tokenOf(
          await respond(sut, [
            ['verb', 'ListRecords'],
            ['metadataPrefix', 'datacite'],
          ]),
        ) ?? '';
      const expired = await respond(
        sut,
        [
          ['verb', 'ListRecords'],
          ['resumptionToken', token],
        ],
        new Date('2026-01-09T00:00:00Z'),
      );
      expect(errorCode(expired)).toBe('badResumptionToken');
      expect(
        errorCode(
          await respond(sut, [
            ['verb', 'ListIdentifiers'],
            ['resumptionToken', token],
          ]),
        ),
      ).toBe('badResumptionToken');
      const dcOnly = new OaiProvider(
        new InMemoryOaiRepository(items(), SETS),
        CONFIG,
        new MetadataFormatRegistry([OAI_DC_FORMAT]),
      );
      expect(
        errorCode(
          await respond(dcOnly, [
            ['verb', 'ListRecords'],
            ['resumptionToken', token],
          ]),
        ),
      ).toBe('badResumptionToken');
    });
  });
});
