import { describe, expect, it } from '@jest/globals';
import type { ReleaseRecord } from '@apdc/metadata';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import { APDC_BAGIT_PROFILE_ID, type ArchivalBagInput, archivalBagInfo } from './index.js';

const PACKAGE_ID = '0193c0de-8a4e-7c3b-9f10-5a1e2d3c4b5a';

function bagInput(fields: Partial<ArchivalBagInput> = {}): ArchivalBagInput {
  const record = fields.record ?? KASCADE_LIKE_RECORD;
  return {
    packageId: PACKAGE_ID,
    createdAt: new Date('2024-03-02T23:30:00Z'),
    bagIndex: 1,
    bagCount: 1,
    record,
    canonicalJsonLd: {},
    files: record.files,
    events: [],
    software: { name: 'APDC', version: '0.1.0' },
    ...fields,
  };
}

function withMetadata(record: ReleaseRecord, metadata: Partial<ReleaseRecord['metadata']>): ReleaseRecord {
  return { ...record, metadata: { ...record.metadata, ...metadata } };
}

describe(archivalBagInfo.name, () => {
  it('writes the entries in the profile’s order, from the record', () => {
    const record = KASCADE_LIKE_RECORD;

    const entries = archivalBagInfo(bagInput({ bagIndex: 2, bagCount: 3 }));

    expect(entries).toEqual([
      ['Source-Organization', record.publisher.name],
      [
        'External-Description',
        `${record.metadata.title ?? ''}, version ${record.metadata.versionLabel ?? ''}`,
      ],
      ['External-Identifier', `doi:${record.doi ?? ''}`],
      ['Bagging-Date', '2024-03-02'],
      ['Bag-Group-Identifier', `urn:uuid:${PACKAGE_ID}`],
      ['Bag-Count', '2 of 3'],
      ['Bag-Software-Agent', 'APDC 0.1.0 https://w3id.org/apdc'],
      ['BagIt-Profile-Identifier', APDC_BAGIT_PROFILE_ID],
      ['Internal-Sender-Identifier', `${record.datasetId}/v${record.versionNumber}`],
    ]);
  });

  it('names the landing page when there is no DOI, and the version number when there is no label', () => {
    const entries = new Map(archivalBagInfo(bagInput({ record: MINIMAL_RECORD })));

    expect(entries.get('External-Identifier')).toBe(MINIMAL_RECORD.landingPage);
    expect(entries.get('External-Description')).toBe(
      `${MINIMAL_RECORD.metadata.title ?? ''}, version ${MINIMAL_RECORD.versionNumber}`,
    );
  });

  it('takes the date in UTC', () => {
    const entries = new Map(
      archivalBagInfo(bagInput({ createdAt: new Date('2024-12-31T23:59:59.999-05:00') })),
    );

    expect(entries.get('Bagging-Date')).toBe('2025-01-01');
  });

  it('keeps every value on one line without surrounding blanks, and the description within 1000 characters', () => {
    const title = ` Line one\r\nline two\ttabbed ${'ä'.repeat(2000)} `;
    const record = {
      ...withMetadata(KASCADE_LIKE_RECORD, { title, versionLabel: '2.0\n' }),
      publisher: { ...KASCADE_LIKE_RECORD.publisher, name: '\nAPDC\r\n' },
    };

    const entries = archivalBagInfo(bagInput({ record }));

    for (const [, value] of entries) {
      expect(value).not.toMatch(/[\r\n\t]/);
      expect(value).toBe(value.trim());
    }
    const description = new Map(entries).get('External-Description') ?? '';
    expect(description).toHaveLength(1000);
    expect(description.startsWith('Line one line two tabbed ää')).toBe(true);
    expect(description.endsWith('…')).toBe(true);
    expect(new Map(entries).get('Source-Organization')).toBe('APDC');
  });

  it('cuts a long title between characters, never inside one', () => {
    const title = `${'a'.repeat(990)}${'\u{1F52D}'.repeat(20)}`;
    const record = withMetadata(KASCADE_LIKE_RECORD, { title });

    const description = new Map(archivalBagInfo(bagInput({ record }))).get('External-Description') ?? '';

    expect(description.length).toBeLessThanOrEqual(1000);
    expect(description).toBe(`${'a'.repeat(990)}${'\u{1F52D}'.repeat(4)}…`);
  });

  it('writes an untitled release as such', () => {
    const entries = new Map(
      archivalBagInfo(bagInput({ record: withMetadata(MINIMAL_RECORD, { title: null }) })),
    );

    expect(entries.get('External-Description')).toBe('Untitled release, version 1');
  });

  it.each([
    [0, 1],
    [2, 1],
    [1, 0],
    [1.5, 2],
  ])('refuses bag %p of %p', (bagIndex, bagCount) => {
    expect(() => archivalBagInfo(bagInput({ bagIndex, bagCount }))).toThrow(
      'is not a position in a bag group',
    );
  });
});
