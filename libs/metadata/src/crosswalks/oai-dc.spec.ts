import { describe, expect, it } from '@jest/globals';
import { KASCADE_LIKE_RECORD, MINIMAL_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import { expectValidXml } from '../../../../test/support/xml-validation.js';
import type { ReleaseRecord } from '../release-record.js';
import { OAI_DC_NAMESPACE, toOaiDc } from './oai-dc.js';
import { readOaiDc } from './oai-dc-reader.js';

describe(toOaiDc.name, () => {
  it('writes schema-valid oai_dc for a full and a minimal release', async () => {
    await expectValidXml('oai_dc.xsd', toOaiDc(KASCADE_LIKE_RECORD));
    await expectValidXml('oai_dc.xsd', toOaiDc(MINIMAL_RECORD));
  });

  it('is a bare <oai_dc:dc> element to embed in OAI-PMH records', () => {
    const xml = toOaiDc(KASCADE_LIKE_RECORD);
    expect(OAI_DC_NAMESPACE).toBe('http://www.openarchives.org/OAI/2.0/oai_dc/');
    expect(xml.startsWith('<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"')).toBe(
      true,
    );
    expect(xml).not.toContain('<?xml');
    expect(xml).toContain('xmlns:dc="http://purl.org/dc/elements/1.1/"');
    expect(xml).toContain(
      'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd"',
    );
  });

  it('round-trips the full release through the DataCite→Dublin Core mapping', () => {
    const record = KASCADE_LIKE_RECORD;
    const m = record.metadata;
    expect(readOaiDc(toOaiDc(record))).toEqual({
      title: [m.title],
      creator: ['Carberry, Josiah', 'KASCADE Collaboration'],
      subject: [...m.keywords, ...m.messengers, ...m.facilities],
      description: [
        m.description,
        expect.stringContaining('lgE [log(GeV)] (phys.energy): Reconstructed primary energy'),
        'Produced with apdc-kascade-like-generator (version 1.0.0).',
      ],
      publisher: [record.publisher.name],
      contributor: [],
      date: [m.datePublished, m.dateModified],
      type: ['Dataset'],
      format: ['text/csv', 'text/plain', '736171 bytes', '2 files'],
      identifier: [`https://doi.org/${record.doi ?? ''}`, record.landingPage],
      source: [],
      language: ['en'],
      relation: [
        'https://doi.org/10.1016/s0168-9002(03)00466-5',
        'https://kcdc.iap.kit.edu/',
        'https://arxiv.org/abs/1806.05493',
        `https://doi.org/${record.conceptDoi ?? ''}`,
        `https://doi.org/${record.previousVersion?.doi ?? ''}`,
      ],
      coverage: ['1998-01-01/1999-02-20', m.spatialCoverage],
      rights: ['Creative Commons Attribution 4.0 International', 'https://spdx.org/licenses/CC-BY-4.0'],
    });
  });

  it('round-trips the minimal release: no DOI identifier, the year as date', () => {
    const dc = readOaiDc(toOaiDc(MINIMAL_RECORD));
    expect(dc.identifier).toEqual([MINIMAL_RECORD.landingPage]);
    expect(dc.date).toEqual(['2023']);
    expect(dc.creator).toEqual(['IceCube Collaboration']);
    expect(dc.rights).toEqual(['Creative Commons Zero v1.0 Universal', 'https://spdx.org/licenses/CC0-1.0']);
    expect(dc.relation).toEqual([]);
    expect(dc.coverage).toEqual([]);
    expect(dc.format).toEqual([]);
  });

  it('escapes markup and quotes, drops characters XML cannot carry, and stays valid', async () => {
    const record: ReleaseRecord = {
      ...KASCADE_LIKE_RECORD,
      metadata: {
        ...KASCADE_LIKE_RECORD.metadata,
        title: `Flux <&> "q" 'a'\u0007\u001B end`,
        keywords: ['a & b'],
        spatialCoverage: '|b| < 5°',
      },
    };
    const xml = toOaiDc(record);
    expect(xml).toContain(
      '<dc:title xml:lang="en">Flux &lt;&amp;&gt; &quot;q&quot; &apos;a&apos; end</dc:title>',
    );
    await expectValidXml('oai_dc.xsd', xml);
    const dc = readOaiDc(xml);
    expect(dc.title).toEqual([`Flux <&> "q" 'a' end`]);
    expect(dc.subject[0]).toBe('a & b');
    expect(dc.coverage).toContain('|b| < 5°');
  });

  it('refuses to read something that is not oai_dc', () => {
    expect(() => readOaiDc('<dc xmlns="urn:other"/>')).toThrow(/Not an oai_dc record/);
  });
});
