import { describe, expect, it } from '@jest/globals';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import type { ReleaseRecord } from '../release-record.js';
import { toDataCiteJson } from './datacite-json.js';
import { readDataCiteJson } from './datacite-json-reader.js';

/** Every object key in a JSON value, with its path, to check spelling across the whole document. */
function keysOf(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => keysOf(item, `${at}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [`${at}.${key}`, ...keysOf(child, `${at}.${key}`)]);
}

describe(toDataCiteJson.name, () => {
  it('writes the DataCite REST API document of a full release, attribute for attribute', () => {
    expect(toDataCiteJson(KASCADE_LIKE_RECORD)).toEqual({
      data: {
        id: '10.5072/apdc.k7q2-x4mv',
        type: 'dois',
        attributes: {
          doi: '10.5072/apdc.k7q2-x4mv',
          identifiers: [{ identifier: KASCADE_LIKE_RECORD.landingPage, identifierType: 'URL' }],
          creators: [
            {
              name: 'Carberry, Josiah',
              nameType: 'Personal',
              givenName: 'Josiah',
              familyName: 'Carberry',
              nameIdentifiers: [
                {
                  nameIdentifier: 'https://orcid.org/0000-0002-1825-0097',
                  nameIdentifierScheme: 'ORCID',
                  schemeUri: 'https://orcid.org/',
                },
              ],
              affiliation: [
                {
                  name: 'Karlsruhe Institute of Technology',
                  affiliationIdentifier: 'https://ror.org/04t3en479',
                  affiliationIdentifierScheme: 'ROR',
                  schemeUri: 'https://ror.org',
                },
              ],
            },
            {
              name: 'KASCADE Collaboration',
              nameType: 'Organizational',
              nameIdentifiers: [],
              affiliation: [],
            },
          ],
          titles: [{ title: 'KASCADE-like air-shower events (simulated demo sample)', lang: 'en' }],
          publisher: { name: 'Astroparticle Physics Data Centre (APDC)' },
          publicationYear: 2024,
          types: { resourceTypeGeneral: 'Dataset', resourceType: 'Event list' },
          subjects: [
            { subject: 'cosmic rays', lang: 'en' },
            { subject: 'extensive air showers', lang: 'en' },
            { subject: 'KASCADE', lang: 'en' },
            {
              subject: 'charged-cosmic-ray',
              subjectScheme: 'APDC messengers',
              schemeUri: 'https://w3id.org/apdc/vocab/messenger/',
              valueUri: 'https://w3id.org/apdc/vocab/messenger/charged-cosmic-ray',
            },
            {
              subject: 'kascade',
              subjectScheme: 'APDC facilities',
              schemeUri: 'https://w3id.org/apdc/vocab/facility/',
              valueUri: 'https://w3id.org/apdc/vocab/facility/kascade',
            },
          ],
          dates: [
            { date: '2024-03-01', dateType: 'Issued' },
            { date: '2024-03-05', dateType: 'Updated' },
            { date: '1998-01-01/1999-02-20', dateType: 'Collected' },
          ],
          language: 'en',
          relatedIdentifiers: [
            {
              relatedIdentifier: '10.1016/s0168-9002(03)00466-5',
              relatedIdentifierType: 'DOI',
              relationType: 'References',
            },
            {
              relatedIdentifier: 'https://kcdc.iap.kit.edu/',
              relatedIdentifierType: 'URL',
              relationType: 'IsDerivedFrom',
            },
            {
              relatedIdentifier: 'arXiv:1806.05493',
              relatedIdentifierType: 'arXiv',
              relationType: 'IsDocumentedBy',
            },
            {
              relatedIdentifier: '10.5072/apdc.k7q2-0000',
              relatedIdentifierType: 'DOI',
              relationType: 'IsVersionOf',
              resourceTypeGeneral: 'Dataset',
            },
            {
              relatedIdentifier: '10.5072/apdc.k7q2-p3rt',
              relatedIdentifierType: 'DOI',
              relationType: 'IsNewVersionOf',
              resourceTypeGeneral: 'Dataset',
            },
          ],
          sizes: ['736171 bytes', '2 files'],
          formats: ['text/csv', 'text/plain'],
          version: '2.0',
          rightsList: [
            {
              rights: 'Creative Commons Attribution 4.0 International',
              rightsUri: 'https://spdx.org/licenses/CC-BY-4.0',
              rightsIdentifier: 'CC-BY-4.0',
              rightsIdentifierScheme: 'SPDX',
              schemeUri: 'https://spdx.org/licenses/',
              lang: 'en',
            },
          ],
          descriptions: [
            {
              description:
                'Air-shower events with energy, core position, arrival direction & shower sizes <generated>.',
              descriptionType: 'Abstract',
              lang: 'en',
            },
            {
              description: [
                'Variables (name [VOUnit] (UCD): description):',
                'lgE [log(GeV)] (phys.energy): Reconstructed primary energy',
                'Ze [deg] (pos.az.zd): Zenith angle of the shower axis',
                'lgNe (phys.size.number): Electron number',
              ].join('\n'),
              descriptionType: 'TechnicalInfo',
              lang: 'en',
            },
            {
              description: 'Produced with apdc-kascade-like-generator (version 1.0.0).',
              descriptionType: 'Methods',
              lang: 'en',
            },
          ],
          geoLocations: [
            { geoLocationPlace: 'Karlsruhe, Germany (49.1° N, 8.4° E); zenith angles below 40°' },
          ],
          url: KASCADE_LIKE_RECORD.landingPage,
          schemaVersion: 'http://datacite.org/schema/kernel-4',
        },
      },
    });
  });

  it("spells every key as the REST API does (camelCase 'Uri', never the XML's 'URI')", () => {
    const keys = keysOf(
      toDataCiteJson({
        ...KASCADE_LIKE_RECORD,
        publisher: { ...KASCADE_LIKE_RECORD.publisher, ror: '04t3en479' },
      }),
    );
    expect(keys.filter((key) => /URI|creatorName|alternateIdentifier/.test(key))).toEqual([]);
    expect(keys).toEqual(
      expect.arrayContaining([
        '.data.attributes.creators[0].nameIdentifiers[0].schemeUri',
        '.data.attributes.creators[0].affiliation[0].affiliationIdentifierScheme',
        '.data.attributes.relatedIdentifiers[0].relatedIdentifierType',
        '.data.attributes.rightsList[0].rightsUri',
        '.data.attributes.rightsList[0].rightsIdentifierScheme',
        '.data.attributes.subjects[3].valueUri',
        '.data.attributes.publisher.publisherIdentifier',
        '.data.attributes.publisher.publisherIdentifierScheme',
        '.data.attributes.publisher.schemeUri',
        '.data.attributes.types.resourceTypeGeneral',
        '.data.attributes.schemaVersion',
      ]),
    );
  });

  it('leaves out what a draft does not know instead of inventing it', () => {
    const draft: ReleaseRecord = {
      ...MINIMAL_RECORD,
      metadata: {
        ...MINIMAL_RECORD.metadata,
        title: null,
        publicationYear: null,
        datePublished: null,
        license: null,
      },
    };
    const { data } = toDataCiteJson(draft);
    expect(data.id).toBeUndefined();
    expect(data.attributes).not.toHaveProperty('doi');
    expect(data.attributes).not.toHaveProperty('publicationYear');
    expect(data.attributes.titles).toEqual([]);
    expect(data.attributes.rightsList).toEqual([]);
    expect(data.attributes.dates).toEqual([]);
    expect(data.attributes.types).toEqual({ resourceTypeGeneral: 'Dataset' });
    expect(data.attributes.version).toBe('1');
  });

  it('round-trips the release fields DataCite carries, through JSON text', () => {
    for (const record of [KASCADE_LIKE_RECORD, MINIMAL_RECORD]) {
      const reading = readDataCiteJson(JSON.stringify(toDataCiteJson(record)));
      const { versionLabel, skyCoverage: _sky, energyRange: _energy, ...metadata } = record.metadata;
      expect(reading.metadata).toEqual(metadata);
      expect(reading.version).toBe(versionLabel ?? String(record.versionNumber));
      expect(reading.doi).toBe(record.doi);
      expect(reading.conceptDoi).toBe(record.conceptDoi);
      expect(reading.landingPage).toBe(record.landingPage);
      expect(reading.publisher).toEqual({ name: record.publisher.name, ror: record.publisher.ror });
      expect(reading.software).toEqual(record.software);
      expect(reading.files.mediaTypes).toEqual([...new Set(record.files.map((f) => f.mediaType))]);
    }
  });

  it('carries the publisher ROR id and text with markup or control characters unchanged', () => {
    const record: ReleaseRecord = {
      ...KASCADE_LIKE_RECORD,
      publisher: { ...KASCADE_LIKE_RECORD.publisher, ror: '04t3en479' },
      metadata: { ...KASCADE_LIKE_RECORD.metadata, title: `a <&> "b" 'c'\u0007` },
    };
    const json = toDataCiteJson(record);
    expect(json.data.attributes.publisher).toEqual({
      name: record.publisher.name,
      publisherIdentifier: 'https://ror.org/04t3en479',
      publisherIdentifierScheme: 'ROR',
      schemeUri: 'https://ror.org',
    });
    const reading = readDataCiteJson(JSON.stringify(json));
    expect(reading.publisher.ror).toBe('04t3en479');
    expect(reading.metadata.title).toBe(`a <&> "b" 'c'\u0007`);
  });
});
