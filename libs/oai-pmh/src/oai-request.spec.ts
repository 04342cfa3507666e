import { describe, expect, it } from '@jest/globals';
import { OaiError, type OaiErrorCode } from './errors.js';
import { parseOaiDate, parseOaiRequest } from './oai-request.js';

const context = { repositoryId: 'apdc.example.org', isKnownMetadataPrefix: (p: string) => p === 'oai_dc' };
const ID = 'oai:apdc.example.org:01a20fc0-0328-799d-800e-1ed1d0e9f450';

function errorOf(args: Array<[string, string]>): OaiErrorCode | undefined {
  try {
    parseOaiRequest(args, context);
    return undefined;
  } catch (error) {
    if (error instanceof OaiError) return error.oaiCode;
    throw error;
  }
}

describe(parseOaiRequest.name, () => {
  it.each<[string, Array<[string, string]>, OaiErrorCode]>([
    ['no verb', [], 'badVerb'],
    ['unknown verb', [['verb', 'Frobnicate']], 'badVerb'],
    [
      'repeated verb',
      [
        ['verb', 'Identify'],
        ['verb', 'Identify'],
      ],
      'badVerb',
    ],
    [
      'illegal argument',
      [
        ['verb', 'Identify'],
        ['metadataPrefix', 'oai_dc'],
      ],
      'badArgument',
    ],
    [
      'repeated argument',
      [
        ['verb', 'ListRecords'],
        ['metadataPrefix', 'oai_dc'],
        ['metadataPrefix', 'oai_dc'],
      ],
      'badArgument',
    ],
    ['missing metadataPrefix', [['verb', 'ListIdentifiers']], 'badArgument'],
    [
      'missing identifier',
      [
        ['verb', 'GetRecord'],
        ['metadataPrefix', 'oai_dc'],
      ],
      'badArgument',
    ],
    [
      'empty value',
      [
        ['verb', 'ListRecords'],
        ['metadataPrefix', ''],
      ],
      'badArgument',
    ],
    [
      'bad date',
      [
        ['verb', 'ListRecords'],
        ['metadataPrefix', 'oai_dc'],
        ['from', '2024-02-30'],
      ],
      'badArgument',
    ],
    [
      'minutes granularity',
      [
        ['verb', 'ListRecords'],
        ['metadataPrefix', 'oai_dc'],
        ['from', '2024-02-01T10:00Z'],
      ],
      'badArgument',
    ],
    [
      'mixed granularity',
      [
        ['verb', 'ListRecords'],
        ['metadataPrefix', 'oai_dc'],
        ['from', '2024-01-01'],
        ['until', '2024-02-01T00:00:00Z'],
      ],
      'badArgument',
    ],
    [
      'from after until',
      [
        ['verb', 'ListRecords'],
        ['metadataPrefix', 'oai_dc'],
        ['from', '2024-02-02'],
        ['until', '2024-02-01'],
      ],
      'badArgument',
    ],
    [
      'token with other args',
      [
        ['verb', 'ListRecords'],
        ['resumptionToken', 'x'],
        ['metadataPrefix', 'oai_dc'],
      ],
      'badArgument',
    ],
    [
      'token on GetRecord',
      [
        ['verb', 'GetRecord'],
        ['resumptionToken', 'x'],
      ],
      'badArgument',
    ],
    [
      'bad set spec',
      [
        ['verb', 'ListRecords'],
        ['metadataPrefix', 'oai_dc'],
        ['set', 'a b'],
      ],
      'badArgument',
    ],
    [
      'unknown format',
      [
        ['verb', 'ListRecords'],
        ['metadataPrefix', 'marc21'],
      ],
      'cannotDisseminateFormat',
    ],
    [
      'unknown format on GetRecord',
      [
        ['verb', 'GetRecord'],
        ['identifier', ID],
        ['metadataPrefix', 'marc21'],
      ],
      'cannotDisseminateFormat',
    ],
    [
      'foreign identifier',
      [
        ['verb', 'GetRecord'],
        ['identifier', 'oai:other.org:1'],
        ['metadataPrefix', 'oai_dc'],
      ],
      'idDoesNotExist',
    ],
    [
      'not an identifier',
      [
        ['verb', 'ListMetadataFormats'],
        ['identifier', 'doi:10.5072/x'],
      ],
      'idDoesNotExist',
    ],
  ])('refuses %s', (_name, args, code) => {
    expect(errorOf(args)).toBe(code);
  });

  it('accepts every verb with its arguments', () => {
    expect(parseOaiRequest([['verb', 'Identify']], context)).toEqual({ verb: 'Identify' });
    expect(
      parseOaiRequest(
        [
          ['verb', 'GetRecord'],
          ['identifier', ID],
          ['metadataPrefix', 'oai_dc'],
        ],
        context,
      ),
    ).toEqual({
      verb: 'GetRecord',
      localId: '01a20fc0-0328-799d-800e-1ed1d0e9f450',
      metadataPrefix: 'oai_dc',
    });
    expect(parseOaiRequest([['verb', 'ListMetadataFormats']], context)).toEqual({
      verb: 'ListMetadataFormats',
      localId: undefined,
    });
    expect(parseOaiRequest([['verb', 'ListSets']], context)).toEqual({
      verb: 'ListSets',
      resumptionToken: undefined,
    });
    expect(
      parseOaiRequest(
        [
          ['verb', 'ListRecords'],
          ['resumptionToken', 'abc'],
        ],
        context,
      ),
    ).toEqual({
      verb: 'ListRecords',
      resumptionToken: 'abc',
    });
    const list = parseOaiRequest(
      [
        ['metadataPrefix', 'oai_dc'],
        ['verb', 'ListIdentifiers'],
        ['from', '2024-01-01'],
        ['until', '2024-01-01'],
        ['set', 'a:b'],
      ],
      context,
    );
    expect(list).toEqual({
      verb: 'ListIdentifiers',
      resumptionToken: undefined,
      metadataPrefix: 'oai_dc',
      from: { instant: new Date('2024-01-01T00:00:00Z'), granularity: 'day' },
      until: { instant: new Date('2024-01-01T23:59:59Z'), granularity: 'day' },
      set: 'a:b',
    });
  });
});

describe(parseOaiDate.name, () => {
  it('reads both granularities and rejects impossible dates', () => {
    expect(parseOaiDate('2024-03-01T10:15:00Z', 'from')).toEqual({
      instant: new Date('2024-03-01T10:15:00Z'),
      granularity: 'second',
    });
    expect(parseOaiDate('2024-03-01', 'until')?.instant).toEqual(new Date('2024-03-01T23:59:59Z'));
    expect(parseOaiDate('2024-13-01', 'from')).toBeUndefined();
    expect(parseOaiDate('2024-03-01T24:00:00Z', 'from')).toBeUndefined();
    expect(parseOaiDate('2024-03-01T10:15:00.000Z', 'from')).toBeUndefined();
    expect(parseOaiDate('2024-03-01T10:15:00+01:00', 'from')).toBeUndefined();
  });
});
