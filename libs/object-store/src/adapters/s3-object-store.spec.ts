import { describe, expect, it } from '@jest/globals';
import { isTransientS3Error, partSizeFor, partsOf, restoreOf, serverChecksumOf } from './s3-object-store.js';

const MIB = 1024 * 1024;

describe(serverChecksumOf.name, () => {
  it('prefers the SHA-256 the server keeps, whole-object or composite', () => {
    expect(
      serverChecksumOf({ ChecksumSHA256: 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=', ETag: '"5eb6"' }),
    ).toBe('sha256:uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=');
    expect(serverChecksumOf({ ChecksumSHA256: 'q1w2e3=-3', ETag: '"d41d-3"' })).toBe('sha256:q1w2e3=-3');
  });

  it('falls back to the ETag without quotes, so put and head answers compare equal', () => {
    expect(serverChecksumOf({ ETag: '"5eb63bbbe01eeed093cb22bb8f5acdc3"' })).toBe(
      'etag:5eb63bbbe01eeed093cb22bb8f5acdc3',
    );
    expect(serverChecksumOf({ ETag: '5eb63bbbe01eeed093cb22bb8f5acdc3' })).toBe(
      serverChecksumOf({ ETag: '"5eb63bbbe01eeed093cb22bb8f5acdc3"' }),
    );
    expect(serverChecksumOf({ ChecksumSHA256: '', ETag: '"abc-2"' })).toBe('etag:abc-2');
  });

  it('is null when the server names neither', () => {
    expect(serverChecksumOf({})).toBeNull();
  });
});

describe(restoreOf.name, () => {
  const now = new Date('2030-01-01T00:00:00Z');

  it('reads the three states of x-amz-restore', () => {
    expect(restoreOf(undefined, now)).toEqual({ state: 'not-requested', expiresAt: null });
    expect(restoreOf('ongoing-request="true"', now)).toEqual({ state: 'in-progress', expiresAt: null });
    expect(restoreOf('ongoing-request="false", expiry-date="Fri, 21 Dec 2040 00:00:00 GMT"', now)).toEqual({
      state: 'available',
      expiresAt: new Date('2040-12-21T00:00:00Z'),
    });
  });

  it('takes a restored copy whose expiry has passed as gone', () => {
    expect(restoreOf('ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"', now)).toEqual({
      state: 'not-requested',
      expiresAt: null,
    });
  });

  it('tolerates spacing and case, and a finished restore without a readable expiry', () => {
    expect(restoreOf('ongoing-request = "TRUE"', now).state).toBe('in-progress');
    expect(restoreOf('ongoing-request="false"', now)).toEqual({ state: 'available', expiresAt: null });
    expect(restoreOf('something else', now).state).toBe('not-requested');
  });
});

describe(partSizeFor.name, () => {
  it('keeps the configured size while 10,000 parts hold the body', () => {
    expect(partSizeFor(16 * MIB, undefined)).toBe(16 * MIB);
    expect(partSizeFor(16 * MIB, 0)).toBe(16 * MIB);
    expect(partSizeFor(16 * MIB, 10_000 * 16 * MIB)).toBe(16 * MIB);
  });

  it('raises it to whole MiB so that a known size fits in 10,000 parts', () => {
    expect(partSizeFor(16 * MIB, 10_000 * 16 * MIB + 1)).toBe(17 * MIB);
    const oneTiB = 1024 ** 4;
    const size = partSizeFor(16 * MIB, oneTiB);
    expect(size % MIB).toBe(0);
    expect(size * 10_000).toBeGreaterThanOrEqual(oneTiB);
    expect((size - MIB) * 10_000).toBeLessThan(oneTiB);
  });

  it('refuses bodies beyond 10,000 parts of 5 GiB', () => {
    expect(() => partSizeFor(16 * MIB, 10_000 * 5 * 1024 * MIB + 1)).toThrow(RangeError);
  });
});

describe(partsOf.name, () => {
  async function collect(chunks: readonly (Buffer | string)[], partSize: number) {
    const seen: number[] = [];
    const parts: { text: string; isLast: boolean }[] = [];
    for await (const part of partsOf(chunks, partSize, (chunk) => seen.push(chunk.length))) {
      parts.push({ text: part.data.toString(), isLast: part.isLast });
    }
    return { parts, seenBytes: seen.reduce((sum, length) => sum + length, 0) };
  }

  it('cuts a body into full parts and a shorter last one, whatever the chunking', async () => {
    expect(await collect(['abcd', 'efghij', 'k'], 4)).toEqual({
      parts: [
        { text: 'abcd', isLast: false },
        { text: 'efgh', isLast: false },
        { text: 'ijk', isLast: true },
      ],
      seenBytes: 11,
    });
  });

  it('marks a full part as the last one when nothing follows it', async () => {
    expect((await collect(['ab', 'cd', 'efgh'], 4)).parts).toEqual([
      { text: 'abcd', isLast: false },
      { text: 'efgh', isLast: true },
    ]);
  });

  it('yields one empty last part for an empty body', async () => {
    expect((await collect([], 4)).parts).toEqual([{ text: '', isLast: true }]);
  });

  it('leaves a part intact until the part after it has been taken and more is asked for', async () => {
    const parts = partsOf([Buffer.from('aaaabbbbcccc')], 4, () => undefined);
    const first = (await parts.next()).value!;
    const second = (await parts.next()).value!;
    expect([first.data.toString(), second.data.toString()]).toEqual(['aaaa', 'bbbb']);
    const third = (await parts.next()).value!;
    expect([second.data.toString(), third.data.toString(), third.isLast]).toEqual(['bbbb', 'cccc', true]);
  });
});

describe(isTransientS3Error.name, () => {
  function s3Error(name: string, status: number): Error {
    return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  }

  it('retries server errors, throttling, damaged transfers and network failures', () => {
    expect(isTransientS3Error(s3Error('InternalError', 500))).toBe(true);
    expect(isTransientS3Error(s3Error('SlowDown', 503))).toBe(true);
    expect(isTransientS3Error(s3Error('TooManyRequests', 429))).toBe(true);
    expect(isTransientS3Error(s3Error('BadDigest', 400))).toBe(true);
    expect(isTransientS3Error(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
  });

  it('does not retry what sending again cannot fix', () => {
    expect(isTransientS3Error(s3Error('NoSuchUpload', 404))).toBe(false);
    expect(isTransientS3Error(s3Error('AccessDenied', 403))).toBe(false);
    expect(isTransientS3Error(s3Error('EntityTooSmall', 400))).toBe(false);
    expect(isTransientS3Error(new Error('client went away'))).toBe(false);
    expect(isTransientS3Error('not an error')).toBe(false);
  });
});
