import { describe, expect, it } from '@jest/globals';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import { expectValidXml } from '../../../../test/support/xml-validation.js';
import type { ReleaseRecord } from '../release-record.js';
import { toDataCiteAttributes, toDataCiteJson } from './datacite-json.js';
import { readDataCiteJson } from './datacite-json-reader.js';
import { DataCiteIncompleteError, toDataCiteXml } from './datacite-xml.js';
import { parseDataCiteXml, readDataCiteXml } from './datacite-xml-reader.js';

const NASTY = `Muon flux <&> "quoted" 'single'\u0007\u0000 ]]> é 😀\uD800 end`;
const NASTY_CLEAN = `Muon flux <&> "quoted" 'single' ]]> é 😀 end`;

function withMetadata(record: ReleaseRecord, metadata: Partial<ReleaseRecord['metadata']>): ReleaseRecord {
  return { ...record, metadata: { ...record.metadata, ...metadata } };
}

describe(toDataCiteXml.name, () => {
  it('writes schema-valid DataCite 4.7 for a full and a minimal release', async () => {
    await expectValidXml('datacite', toDataCiteXml(KASCADE_LIKE_RECORD));
    await expectValidXml('datacite', toDataCiteXml(MINIMAL_RECORD));
  });

  it('declares the kernel-4 namespace and the 4.7 schema location', () => {
    const xml = toDataCiteXml(KASCADE_LIKE_RECORD);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<resource xmlns="http://datacite.org/schema/kernel-4"',
      ),
    ).toBe(true);
    expect(xml).toContain(
      'xsi:schemaLocation="http://datacite.org/schema/kernel-4 http://schema.datacite.org/meta/kernel-4.7/metadata.xsd"',
    );
    expect(toDataCiteXml(KASCADE_LIKE_RECORD, { xmlDeclaration: false }).startsWith('<resource ')).toBe(true);
  });

  it('writes creators with ORCID and ROR, publisher, licence, subjects, dates and version links', () => {
    const xml = toDataCiteXml(KASCADE_LIKE_RECORD);
    expect(xml).toContain('<identifier identifierType="DOI">10.5072/apdc.k7q2-x4mv</identifier>');
    expect(xml).toContain('<creatorName nameType="Personal">Carberry, Josiah</creatorName>');
    expect(xml).toContain(
      '<nameIdentifier nameIdentifierScheme="ORCID" schemeURI="https://orcid.org/">https://orcid.org/0000-0002-1825-0097</nameIdentifier>',
    );
    expect(xml).toContain(
      '<affiliation affiliationIdentifier="https://ror.org/04t3en479" affiliationIdentifierScheme="ROR" schemeURI="https://ror.org">Karlsruhe Institute of Technology</affiliation>',
    );
    expect(xml).toContain('<creatorName nameType="Organizational">KASCADE Collaboration</creatorName>');
    expect(xml).toContain('<resourceType resourceTypeGeneral="Dataset">Event list</resourceType>');
    expect(xml).toContain(
      '<subject subjectScheme="APDC messengers" schemeURI="https://w3id.org/apdc/vocab/messenger/" valueURI="https://w3id.org/apdc/vocab/messenger/charged-cosmic-ray">charged-cosmic-ray</subject>',
    );
    expect(xml).toContain('<date dateType="Collected">1998-01-01/1999-02-20</date>');
    expect(xml).toContain(
      '<rights xml:lang="en" rightsURI="https://spdx.org/licenses/CC-BY-4.0" rightsIdentifier="CC-BY-4.0" rightsIdentifierScheme="SPDX" schemeURI="https://spdx.org/licenses/">Creative Commons Attribution 4.0 International</rights>',
    );
    expect(xml).toContain(
      '<relatedIdentifier relatedIdentifierType="DOI" relationType="IsVersionOf" resourceTypeGeneral="Dataset">10.5072/apdc.k7q2-0000</relatedIdentifier>',
    );
    expect(xml).toContain(
      '<relatedIdentifier relatedIdentifierType="DOI" relationType="IsNewVersionOf" resourceTypeGeneral="Dataset">10.5072/apdc.k7q2-p3rt</relatedIdentifier>',
    );
    expect(xml).toContain('<size>736171 bytes</size>');
    expect(xml).toContain('<size>2 files</size>');
    expect(xml).toContain('lgE [log(GeV)] (phys.energy): Reconstructed primary energy');
    expect(xml).toContain('Produced with apdc-kascade-like-generator (version 1.0.0).');
  });

  it('writes a release without a DOI as (:tba) with its landing page as alternate identifier', async () => {
    const xml = toDataCiteXml(MINIMAL_RECORD);
    expect(xml).toContain('<identifier identifierType="DOI">(:tba)</identifier>');
    expect(xml).toContain(
      `<alternateIdentifier alternateIdentifierType="URL">${MINIMAL_RECORD.landingPage}</alternateIdentifier>`,
    );
    expect(readDataCiteXml(xml).doi).toBeNull();
    await expectValidXml('datacite', xml);
  });

  it('fills a draft without title or creators with DataCite unknown values and stays valid', async () => {
    const draft = withMetadata(MINIMAL_RECORD, {
      title: null,
      creators: [],
      description: null,
      license: null,
    });
    const xml = toDataCiteXml(draft);
    expect(xml).toContain('<title>(:unas)</title>');
    expect(xml).toContain('<creatorName nameType="Organizational">(:unav)</creatorName>');
    await expectValidXml('datacite', xml);
    const reading = readDataCiteXml(xml);
    expect(reading.metadata.title).toBeNull();
    expect(reading.metadata.creators).toEqual([]);
  });

  it('refuses a release with no publication year at all', () => {
    const undated = withMetadata(MINIMAL_RECORD, { publicationYear: null, datePublished: null });
    expect(() => toDataCiteXml(undated)).toThrow(DataCiteIncompleteError);
    expect(toDataCiteXml({ ...undated, publishedAt: '2025-06-30T12:00:00Z' })).toContain(
      '<publicationYear>2025</publicationYear>',
    );
  });

  it('reads back exactly the DataCite attributes it wrote', () => {
    for (const record of [KASCADE_LIKE_RECORD, MINIMAL_RECORD])
      expect(parseDataCiteXml(toDataCiteXml(record))).toEqual(toDataCiteAttributes(record));
  });

  it('round-trips the release fields DataCite carries', () => {
    const record = KASCADE_LIKE_RECORD;
    const reading = readDataCiteXml(toDataCiteXml(record));
    // DataCite has no place for the sky or the energies (geoLocations are on the Earth).
    const { versionLabel, skyCoverage: _sky, energyRange: _energy, ...metadata } = record.metadata;
    expect(reading.metadata).toEqual(metadata);
    expect(reading.version).toBe(versionLabel);
    expect(reading.doi).toBe(record.doi);
    expect(reading.conceptDoi).toBe(record.conceptDoi);
    expect(reading.landingPage).toBe(record.landingPage);
    expect(reading.publisher).toEqual({ name: record.publisher.name, ror: null });
    expect(reading.previousVersion).toEqual({ doi: record.previousVersion?.doi, landingPage: null });
    expect(reading.files).toEqual({ totalBytes: 736_171, count: 2, mediaTypes: ['text/csv', 'text/plain'] });
    expect(reading.software).toEqual(record.software);
    // The JSON crosswalk says the same things.
    expect(reading).toEqual(readDataCiteJson(toDataCiteJson(record)));
  });

  it('round-trips the minimal release', () => {
    const record = MINIMAL_RECORD;
    const reading = readDataCiteXml(toDataCiteXml(record));
    const { versionLabel: _, skyCoverage: _sky, energyRange: _energy, ...metadata } = record.metadata;
    expect(reading.metadata).toEqual(metadata);
    expect(reading.version).toBe('1');
    expect(reading.doi).toBeNull();
    expect(reading.conceptDoi).toBeNull();
    expect(reading.previousVersion).toBeNull();
    expect(reading.files).toEqual({ totalBytes: null, count: null, mediaTypes: [] });
    expect(reading.software).toBeNull();
  });

  it('links a previous version without a DOI by its landing page, and keeps non-DataCite relations', () => {
    const record: ReleaseRecord = {
      ...withMetadata(KASCADE_LIKE_RECORD, {
        relations: [
          { relationType: 'IsCalibratedBy', identifier: 'https://example.org/calib', identifierType: 'URL' },
        ],
      }),
      previousVersion: {
        number: 1,
        landingPage: 'https://apdc.example.org/datasets/x/versions/1',
        doi: null,
      },
    };
    const xml = toDataCiteXml(record);
    expect(xml).toContain(
      '<relatedIdentifier relatedIdentifierType="URL" relationType="IsNewVersionOf" resourceTypeGeneral="Dataset">https://apdc.example.org/datasets/x/versions/1</relatedIdentifier>',
    );
    expect(xml).toContain('relationType="Other" relationTypeInformation="IsCalibratedBy"');
    const reading = readDataCiteXml(xml);
    expect(reading.previousVersion).toEqual({
      doi: null,
      landingPage: 'https://apdc.example.org/datasets/x/versions/1',
    });
    expect(reading.metadata.relations).toEqual(record.metadata.relations);
  });

  it('escapes markup and quotes, drops characters XML cannot carry, and stays valid', async () => {
    const record = withMetadata(KASCADE_LIKE_RECORD, {
      title: NASTY,
      description: `Line one & <two>\nline "three"\r\nend`,
      keywords: ['a & b', '<tag>'],
      spatialCoverage: 'Galactic plane |b| < 5°',
      creators: [
        {
          kind: 'person',
          name: "Seán O'Brien",
          givenName: 'Seán',
          familyName: "O'Brien",
          orcid: null,
          ror: null,
          affiliations: [{ name: 'AT&T "Labs"', ror: null }],
        },
      ],
    });
    const xml = toDataCiteXml(record);
    expect(xml).toContain('Muon flux &lt;&amp;&gt; &quot;quoted&quot; &apos;single&apos; ]]&gt; é 😀 end');
    expect(['\u0000', '\u0007', '\uD800'].filter((c) => xml.includes(c))).toEqual([]);
    await expectValidXml('datacite', xml);
    const reading = readDataCiteXml(xml);
    expect(reading.metadata.title).toBe(NASTY_CLEAN);
    expect(reading.metadata.description).toBe(`Line one & <two>\nline "three"\r\nend`);
    expect(reading.metadata.keywords).toEqual(['a & b', '<tag>']);
    expect(reading.metadata.spatialCoverage).toBe('Galactic plane |b| < 5°');
    expect(reading.metadata.creators).toEqual(record.metadata.creators);
  });
});
