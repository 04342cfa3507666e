import { describe, expect, it } from '@jest/globals';
import { OaiError } from './errors.js';
import { type ResumptionState, ResumptionTokenCodec } from './resumption-token.js';

const now = new Date('2026-01-01T00:00:00Z');
const state: ResumptionState = {
  verb: 'ListRecords',
  metadataPrefix: 'oai_dc',
  from: new Date('2024-01-01T00:00:00Z'),
  until: now,
  set: 'messenger:cosmic-rays',
  after: { datestamp: new Date('2024-03-01T10:15:00Z'), localId: '01a20fc0-0328-799d-800e-1ed1d0e9f450' },
  cursor: 100,
  completeListSize: 250,
  expiresAt: ResumptionTokenCodec.expiry(now),
};

function badToken(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof OaiError) return error.oaiCode;
    throw error;
  }
  return 'accepted';
}

describe(ResumptionTokenCodec.name, () => {
  const sut = new ResumptionTokenCodec('a secret of at least sixteen bytes');

  it('round-trips the state in a URL-safe token', () => {
    const token = sut.encode(state);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sut.decode(token, 'ListRecords', now)).toEqual(state);
    expect(sut.decode(sut.encode({ ...state, from: undefined, set: undefined }), 'ListRecords', now)).toEqual(
      {
        ...state,
        from: undefined,
        set: undefined,
      },
    );
  });

  it('expires after 7 days by default, never before 24 hours', () => {
    expect(ResumptionTokenCodec.expiry(now).toISOString()).toBe('2026-01-08T00:00:00.000Z');
    expect(ResumptionTokenCodec.expiry(now, 60).toISOString()).toBe('2026-01-02T00:00:00.000Z');
    const token = sut.encode(state);
    expect(badToken(() => sut.decode(token, 'ListRecords', new Date('2026-01-07T23:59:59Z')))).toBe(
      'accepted',
    );
    expect(badToken(() => sut.decode(token, 'ListRecords', new Date('2026-01-08T00:00:00Z')))).toBe(
      'badResumptionToken',
    );
  });

  it('refuses tampered, foreign, garbage and cross-verb tokens', () => {
    const token = sut.encode(state);
    const [body = '', signature = ''] = token.split('.');
    const forged = Buffer.from(
      Buffer.from(body, 'base64url').toString('utf8').replace('"c":100', '"c":0'),
      'utf8',
    ).toString('base64url');
    for (const bad of [
      `${forged}.${signature}`,
      `${body}.${signature.slice(0, -2)}`,
      new ResumptionTokenCodec('another secret, sixteen bytes+').encode(state),
      'garbage',
      '',
      `${body}.${signature}.x`,
      'a.b',
    ])
      expect(badToken(() => sut.decode(bad, 'ListRecords', now))).toBe('badResumptionToken');
    expect(badToken(() => sut.decode(token, 'ListIdentifiers', now))).toBe('badResumptionToken');
  });
});
