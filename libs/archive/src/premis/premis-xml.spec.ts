import { execFile } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import {
  PREMIS_EVENT_TYPES,
  type PremisDocumentInput,
  type PremisEvent,
  premisEventTypeUri,
  renderPremisXml,
} from './index.js';

const PACKAGE_ID = '0193c0de-8a4e-7c3b-9f10-5a1e2d3c4b5a';
const DOI = '10.5072/apdc.k7q2-x4mv';

function event(fields: Partial<PremisEvent> = {}): PremisEvent {
  return {
    id: '0193c0de-8a4e-7c3b-9f10-000000000001',
    type: 'creation',
    at: new Date('2024-03-01T10:15:00Z'),
    detail: 'BagIt bag packed',
    outcome: 'success',
    outcomeDetail: null,
    agent: 'APDC 0.1.0',
    objects: [`urn:uuid:${PACKAGE_ID}`],
    ...fields,
  };
}

function premisInput(fields: Partial<PremisDocumentInput> = {}): PremisDocumentInput {
  return {
    packageId: PACKAGE_ID,
    doi: DOI,
    title: 'KASCADE air showers',
    files: [
      {
        path: 'events.csv',
        sizeBytes: 734_123,
        mediaType: 'text/csv',
        sha256: 'a'.repeat(64),
        sha512: 'b'.repeat(128),
      },
      {
        path: 'docs/README.txt',
        sizeBytes: 0,
        mediaType: 'text/plain',
        sha256: 'c'.repeat(64),
        sha512: 'd'.repeat(128),
      },
    ],
    events: [
      event(),
      event({
        id: '0193c0de-8a4e-7c3b-9f10-000000000002',
        type: 'fixity check',
        outcome: 'failure',
        outcomeDetail: 'data/events.csv: sha512 differs',
        agent: 'APDC 0.0.9',
        objects: [`urn:uuid:${PACKAGE_ID}`, `doi:${DOI}`, 'data/events.csv', 'archive/x/tape/bag.tar'],
      }),
    ],
    softwareAgent: { name: 'APDC', version: '0.1.0' },
    organisation: { name: 'Astroparticle Physics Data Centre (APDC)', ror: '04t3en479' },
    ...fields,
  };
}

// ---- Reading the document back: fast-xml-parser in document order, with entities decoded. ----

interface Node {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly text: string;
  readonly children: readonly Node[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  ignoreDeclaration: true,
});

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The parser's own entity handling skips character references, so decode all of them here, in one pass. */
function decode(value: string): string {
  return value.replace(/&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/g, (match, hex, dec, name) => {
    if (typeof hex === 'string') return String.fromCodePoint(Number.parseInt(hex, 16));
    if (typeof dec === 'string') return String.fromCodePoint(Number.parseInt(dec, 10));
    return typeof name === 'string' ? (NAMED[name] ?? match) : match;
  });
}

function toNode(raw: Record<string, unknown>): Node | undefined {
  const name = Object.keys(raw).find((key) => key !== ':@' && key !== '#text');
  if (name === undefined) return undefined;
  const content = (raw[name] ?? []) as Record<string, unknown>[];
  const children: Node[] = [];
  let text = '';
  for (const item of content) {
    if ('#text' in item) text += decode(String(item['#text']));
    else {
      const child = toNode(item);
      if (child !== undefined) children.push(child);
    }
  }
  const attributes = Object.fromEntries(
    Object.entries((raw[':@'] ?? {}) as Record<string, string>).map(([key, value]) => [key, decode(value)]),
  );
  return { name, attributes, text, children };
}

function parse(xml: string): Node {
  const nodes = (parser.parse(xml) as Record<string, unknown>[]).map(toNode).filter((n) => n !== undefined);
  const root = nodes[0];
  if (root === undefined) throw new Error('no root element');
  return root;
}

function kids(node: Node | undefined, name: string): Node[] {
  return (node?.children ?? []).filter((child) => child.name === `premis:${name}`);
}

function kid(node: Node | undefined, name: string): Node | undefined {
  return kids(node, name)[0];
}

function textOf(node: Node | undefined, ...path: string[]): string | undefined {
  let current = node;
  for (const name of path) current = kid(current, name);
  return current?.text;
}

function identifiers(node: Node, element: string): Array<[string | undefined, string | undefined]> {
  return kids(node, element).map((id) => [textOf(id, `${element}Type`), textOf(id, `${element}Value`)]);
}

// ---- Well-formedness by a peer tool: xmllint, when installed (required under CI=true). ----

function runXmllint(xml: string): Promise<{ code: number; output: string } | 'missing'> {
  return new Promise((resolve) => {
    const child = execFile('xmllint', ['--noout', '-'], (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') resolve('missing');
      else resolve({ code: error === null ? 0 : Number(error.code), output: `${stdout}${stderr}` });
    });
    child.stdin?.end(xml);
  });
}

async function expectWellFormed(xml: string): Promise<void> {
  const result = await runXmllint(xml);
  if (result === 'missing') {
    if (process.env['CI'] === 'true')
      throw new Error('xmllint is not installed (.ci/run installs libxml2-utils)');
    console.warn(
      '\n!!! PREMIS WELL-FORMEDNESS CHECK SKIPPED: xmllint is not installed (Debian: libxml2-utils)\n',
    );
    return;
  }
  expect(result).toEqual({ code: 0, output: '' });
}

describe(renderPremisXml.name, () => {
  it('is well-formed PREMIS 3.0 with objects, then events, then agents', async () => {
    const xml = renderPremisXml(premisInput());

    await expectWellFormed(xml);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    const root = parse(xml);
    expect(root.name).toBe('premis:premis');
    expect(root.attributes).toMatchObject({
      'xmlns:premis': 'http://www.loc.gov/premis/v3',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      version: '3.0',
    });
    expect(root.children.map((c) => c.name)).toEqual([
      'premis:object',
      'premis:object',
      'premis:object',
      'premis:event',
      'premis:event',
      'premis:agent',
      'premis:agent',
      'premis:agent',
    ]);
  });

  it('describes the package as a representation that includes every file', () => {
    const [representation] = kids(parse(renderPremisXml(premisInput())), 'object');

    expect(representation?.attributes['xsi:type']).toBe('premis:representation');
    expect(representation?.children.map((c) => c.name)).toEqual([
      'premis:objectIdentifier',
      'premis:objectIdentifier',
      'premis:significantProperties',
      'premis:relationship',
      'premis:relationship',
    ]);
    expect(identifiers(representation!, 'objectIdentifier')).toEqual([
      ['DOI', DOI],
      ['APDC package', PACKAGE_ID],
    ]);
    expect(textOf(representation, 'significantProperties', 'significantPropertiesValue')).toBe(
      'KASCADE air showers',
    );
    const relationships = kids(representation, 'relationship');
    expect(relationships.map((r) => identifiers(r, 'relatedObjectIdentifier')[0])).toEqual([
      ['local', 'data/events.csv'],
      ['local', 'data/docs/README.txt'],
    ]);
    expect(kid(relationships[0], 'relationshipSubType')?.attributes['valueURI']).toBe(
      'http://id.loc.gov/vocabulary/preservation/relationshipSubType/inc',
    );
  });

  it('leaves the DOI identifier out when there is none', () => {
    const [representation] = kids(parse(renderPremisXml(premisInput({ doi: null }))), 'object');

    expect(identifiers(representation!, 'objectIdentifier')).toEqual([['APDC package', PACKAGE_ID]]);
  });

  it('gives each file its bag path, fixity, size and media type, in PREMIS order', () => {
    const [, file] = kids(parse(renderPremisXml(premisInput())), 'object');

    expect(file?.attributes['xsi:type']).toBe('premis:file');
    expect(file?.children.map((c) => c.name)).toEqual([
      'premis:objectIdentifier',
      'premis:objectCharacteristics',
      'premis:originalName',
    ]);
    expect(identifiers(file!, 'objectIdentifier')).toEqual([['local', 'data/events.csv']]);
    expect(textOf(file, 'originalName')).toBe('events.csv');
    const characteristics = kid(file, 'objectCharacteristics');
    expect(characteristics?.children.map((c) => c.name)).toEqual([
      'premis:compositionLevel',
      'premis:fixity',
      'premis:fixity',
      'premis:size',
      'premis:format',
    ]);
    expect(textOf(characteristics, 'compositionLevel')).toBe('0');
    const fixities = kids(characteristics, 'fixity').map((f) => ({
      algorithm: kid(f, 'messageDigestAlgorithm')?.text,
      attributes: kid(f, 'messageDigestAlgorithm')?.attributes,
      digest: textOf(f, 'messageDigest'),
    }));
    expect(fixities).toEqual([
      {
        algorithm: 'SHA-512',
        attributes: {
          authority: 'cryptographicHashFunctions',
          authorityURI: 'http://id.loc.gov/vocabulary/preservation/cryptographicHashFunctions',
          valueURI: 'http://id.loc.gov/vocabulary/preservation/cryptographicHashFunctions/sha512',
        },
        digest: 'b'.repeat(128),
      },
      {
        algorithm: 'SHA-256',
        attributes: {
          authority: 'cryptographicHashFunctions',
          authorityURI: 'http://id.loc.gov/vocabulary/preservation/cryptographicHashFunctions',
          valueURI: 'http://id.loc.gov/vocabulary/preservation/cryptographicHashFunctions/sha256',
        },
        digest: 'a'.repeat(64),
      },
    ]);
    expect(textOf(characteristics, 'size')).toBe('734123');
    expect(textOf(characteristics, 'format', 'formatDesignation', 'formatName')).toBe('text/csv');
  });

  it('writes events with their type, outcome and links to agent and objects', () => {
    const [, fixity] = kids(parse(renderPremisXml(premisInput())), 'event');

    expect(fixity?.children.map((c) => c.name)).toEqual([
      'premis:eventIdentifier',
      'premis:eventType',
      'premis:eventDateTime',
      'premis:eventDetailInformation',
      'premis:eventOutcomeInformation',
      'premis:linkingAgentIdentifier',
      'premis:linkingObjectIdentifier',
      'premis:linkingObjectIdentifier',
      'premis:linkingObjectIdentifier',
      'premis:linkingObjectIdentifier',
    ]);
    expect(identifiers(fixity!, 'eventIdentifier')).toEqual([
      ['UUID', '0193c0de-8a4e-7c3b-9f10-000000000002'],
    ]);
    expect(kid(fixity, 'eventType')).toMatchObject({
      text: 'fixity check',
      attributes: {
        authority: 'eventType',
        authorityURI: 'http://id.loc.gov/vocabulary/preservation/eventType',
        valueURI: 'http://id.loc.gov/vocabulary/preservation/eventType/fix',
      },
    });
    expect(textOf(fixity, 'eventDateTime')).toBe('2024-03-01T10:15:00.000Z');
    expect(textOf(fixity, 'eventDetailInformation', 'eventDetail')).toBe('BagIt bag packed');
    const outcome = kid(fixity, 'eventOutcomeInformation');
    expect(kid(outcome, 'eventOutcome')).toMatchObject({
      text: 'fail',
      attributes: {
        authority: 'eventOutcome',
        authorityURI: 'http://id.loc.gov/vocabulary/preservation/eventOutcome',
        valueURI: 'http://id.loc.gov/vocabulary/preservation/eventOutcome/fai',
      },
    });
    expect(textOf(outcome, 'eventOutcomeDetail', 'eventOutcomeDetailNote')).toBe(
      'data/events.csv: sha512 differs',
    );
    const agentLink = kid(fixity, 'linkingAgentIdentifier');
    expect(identifiers(fixity!, 'linkingAgentIdentifier')).toEqual([['local', 'APDC 0.0.9']]);
    expect(kid(agentLink, 'linkingAgentRole')).toMatchObject({
      text: 'executing program',
      attributes: { valueURI: 'http://id.loc.gov/vocabulary/preservation/eventRelatedAgentRole/exe' },
    });
    expect(identifiers(fixity!, 'linkingObjectIdentifier')).toEqual([
      ['APDC package', PACKAGE_ID],
      ['DOI', DOI],
      ['local', 'data/events.csv'],
      ['local', 'archive/x/tape/bag.tar'],
    ]);
  });

  it('leaves out the outcome detail when there is none', () => {
    const [creation] = kids(parse(renderPremisXml(premisInput())), 'event');

    expect(kid(creation, 'eventOutcomeInformation')?.children.map((c) => c.name)).toEqual([
      'premis:eventOutcome',
    ]);
  });

  it('names the software, every other software the events name, and the publisher (by ROR when known)', () => {
    const agents = kids(parse(renderPremisXml(premisInput())), 'agent').map((agent) => ({
      id: identifiers(agent, 'agentIdentifier')[0],
      name: textOf(agent, 'agentName'),
      type: kid(agent, 'agentType')?.text,
      typeUri: kid(agent, 'agentType')?.attributes['valueURI'],
      version: textOf(agent, 'agentVersion'),
    }));

    expect(agents).toEqual([
      {
        id: ['local', 'APDC 0.1.0'],
        name: 'APDC',
        type: 'software',
        typeUri: 'http://id.loc.gov/vocabulary/preservation/agentType/sof',
        version: '0.1.0',
      },
      {
        id: ['local', 'APDC 0.0.9'],
        name: 'APDC 0.0.9',
        type: 'software',
        typeUri: 'http://id.loc.gov/vocabulary/preservation/agentType/sof',
        version: undefined,
      },
      {
        id: ['ROR', 'https://ror.org/04t3en479'],
        name: 'Astroparticle Physics Data Centre (APDC)',
        type: 'organization',
        typeUri: 'http://id.loc.gov/vocabulary/preservation/agentType/org',
        version: undefined,
      },
    ]);
    const withoutRor = renderPremisXml(premisInput({ organisation: { name: 'A & B', ror: null } }));
    expect(identifiers(kids(parse(withoutRor), 'agent').at(-1)!, 'agentIdentifier')).toEqual([
      ['local', 'A & B'],
    ]);
  });

  it('keeps names with markup characters, quotes and line breaks exactly, and stays well-formed', async () => {
    const path = `a&b <c> "d" 'e'\r\nf\tg%0A.csv`;
    const title = 'Title ]]> & <![CDATA[ x';
    const xml = renderPremisXml(
      premisInput({
        title,
        files: [
          { path, sizeBytes: 1, mediaType: 'text/csv', sha256: 'a'.repeat(64), sha512: 'b'.repeat(128) },
        ],
        events: [event({ detail: 'line one\nline two\r\n', objects: [`data/${path}`] })],
      }),
    );

    await expectWellFormed(xml);
    expect(xml).toContain('&#13;&#10;');
    const root = parse(xml);
    const [representation, file] = kids(root, 'object');
    expect(textOf(representation, 'significantProperties', 'significantPropertiesValue')).toBe(title);
    expect(textOf(file, 'originalName')).toBe(path);
    expect(identifiers(file!, 'objectIdentifier')).toEqual([['local', `data/${path}`]]);
    expect(textOf(kid(root, 'event'), 'eventDetailInformation', 'eventDetail')).toBe(
      'line one\nline two\r\n',
    );
  });

  it('replaces characters XML 1.0 cannot hold with U+FFFD and shows invisible controls as references', async () => {
    const xml = renderPremisXml(
      premisInput({ title: 'bell\u0007 nul\u0000 esc\u001b del\u007f ff\uffff ok' }),
    );

    await expectWellFormed(xml);
    expect(xml).toContain('del&#x7F;');
    expect(textOf(kid(parse(xml), 'object'), 'significantProperties', 'significantPropertiesValue')).toBe(
      'bell\uFFFD nul\uFFFD esc\uFFFD del\u007f ff\uFFFD ok',
    );
  });

  it('round-trips any text through escaping (property)', async () => {
    const unrepresentable = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        (title, detail) => {
          const xml = renderPremisXml(premisInput({ title, events: [event({ detail })] }));
          const root = parse(xml);
          expect(textOf(kid(root, 'object'), 'significantProperties', 'significantPropertiesValue')).toBe(
            title.replace(unrepresentable, '\uFFFD'),
          );
          expect(textOf(kid(root, 'event'), 'eventDetailInformation', 'eventDetail')).toBe(detail);
        },
      ),
      { numRuns: 300 },
    );
    // One run through the peer tool with the nastiest characters together.
    await expectWellFormed(
      renderPremisXml(premisInput({ title: '\u0000\u0008\u000b\u000c\udfff\ud800\ufffe&<>"\'\r\n\t' })),
    );
  });

  it.each([
    ['a negative size', { sizeBytes: -1 }, 'is not a whole number of bytes'],
    ['a fractional size', { sizeBytes: 1.5 }, 'is not a whole number of bytes'],
    ['a sha512 in the sha256 slot', { sha256: 'b'.repeat(128) }, 'sha256 of "x" is not 64 hex digits'],
    ['an upper-case digest', { sha512: 'B'.repeat(128) }, 'sha512 of "x" is not 128 hex digits'],
  ])('refuses %s', (_case, fields, message) => {
    const file = {
      path: 'x',
      sizeBytes: 1,
      mediaType: 'text/plain',
      sha256: 'a'.repeat(64),
      sha512: 'b'.repeat(128),
    };

    expect(() => renderPremisXml(premisInput({ files: [{ ...file, ...fields }] }))).toThrow(message);
  });

  it('refuses an event with an invalid date', () => {
    expect(() => renderPremisXml(premisInput({ events: [event({ at: new Date('nope') })] }))).toThrow(
      'invalid date',
    );
  });
});

describe(premisEventTypeUri.name, () => {
  it.each([
    ['creation', 'cre'],
    ['message digest calculation', 'mes'],
    ['replication', 'rep'],
    ['fixity check', 'fix'],
    ['ingestion', 'ing'],
    ['validation', 'val'],
    ['recovery', 'rec'],
    ['deletion', 'del'],
    ['dissemination', 'dis'],
  ] as const)('maps %s to the LoC code %s', (type, code) => {
    expect(premisEventTypeUri(type)).toBe(`http://id.loc.gov/vocabulary/preservation/eventType/${code}`);
  });

  it('covers every event type', () => {
    expect(new Set(PREMIS_EVENT_TYPES.map(premisEventTypeUri)).size).toBe(9);
  });
});
