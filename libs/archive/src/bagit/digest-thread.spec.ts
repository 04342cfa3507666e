import { afterEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { hexDigest } from './bag-test.factory.js';
import { DigestThread, OFF_THREAD_MIN_BYTES, SplitDigest } from './digest-thread.js';

const ALGORITHMS = ['sha512', 'sha256', 'sha1'] as const;

async function digestInChunks(
  data: Buffer,
  chunk: number,
  make: () => SplitDigest<string>,
): Promise<Record<string, string>> {
  const digest = make();
  for (let offset = 0; offset < data.length; offset += chunk) {
    const behind = digest.update(data.subarray(offset, offset + chunk));
    if (behind !== undefined) await behind;
  }
  expect(digest.size).toBe(data.length);
  return digest.digests();
}

describe(SplitDigest.name, () => {
  let thread: DigestThread;
  afterEach(async () => {
    await thread.close();
  });

  it.each([
    ['empty', 0, true],
    ['small, size known', 1000, true],
    ['small, size unknown', 1000, false],
    ['just below the threshold, size unknown', OFF_THREAD_MIN_BYTES - 1, false],
    ['large, size known', OFF_THREAD_MIN_BYTES + 17, true],
    ['large, size unknown', OFF_THREAD_MIN_BYTES + 17, false],
  ])('gives the digests of one thread for a stream %s', async (_, size, known) => {
    thread = new DigestThread();
    const data = randomBytes(size);
    const expected = Object.fromEntries(
      ALGORITHMS.map((algorithm) => [algorithm, hexDigest(algorithm, data)]),
    );
    // A slice of a larger buffer too: only the slice's bytes may reach the other thread.
    const framed = Buffer.concat([Buffer.from('xx'), data, Buffer.from('yy')]).subarray(2, 2 + size);
    for (const chunk of [65_536, 1_000_003]) {
      expect(
        await digestInChunks(framed, chunk, () =>
          SplitDigest.of(ALGORITHMS, thread, known ? size : undefined),
        ),
      ).toEqual(expected);
    }
    expect(
      await digestInChunks(data, 4096, () => new SplitDigest([], ['sha256'], thread, undefined)),
    ).toEqual({
      sha256: expected['sha256'],
    });
  });

  it('runs several sessions at once on one thread', async () => {
    thread = new DigestThread();
    const [a, b] = [randomBytes(OFF_THREAD_MIN_BYTES + 1), randomBytes(OFF_THREAD_MIN_BYTES + 5)];
    const [left, right] = [
      SplitDigest.of(['md5', 'sha256'], thread, a.length),
      SplitDigest.of(['md5', 'sha1'], thread, b.length),
    ];
    for (let offset = 0; offset < b.length; offset += 1 << 20) {
      await left.update(a.subarray(offset, offset + (1 << 20)));
      await right.update(b.subarray(offset, offset + (1 << 20)));
    }
    expect(await left.digests()).toEqual({ md5: hexDigest('md5', a), sha256: hexDigest('sha256', a) });
    expect(await right.digests()).toEqual({ md5: hexDigest('md5', b), sha1: hexDigest('sha1', b) });
  });

  it('makes the sender wait when the thread falls behind', async () => {
    thread = new DigestThread();
    const digest = SplitDigest.of(['sha1', 'sha512'], thread, 24 << 20);
    const chunk = randomBytes(1 << 20);
    let waits = 0;
    for (let index = 0; index < 24; index += 1) {
      const behind = digest.update(chunk);
      if (behind !== undefined) {
        waits += 1;
        await behind;
      }
    }
    expect(waits).toBeGreaterThan(0);
    await digest.digests();
  });

  it('rejects a pending digest when the thread is closed', async () => {
    thread = new DigestThread();
    const digest = SplitDigest.of(['md5', 'sha512'], thread, OFF_THREAD_MIN_BYTES);
    await digest.update(randomBytes(OFF_THREAD_MIN_BYTES));
    const rejected = expect(digest.digests()).rejects.toThrow('digest thread closed');
    await thread.close();
    await rejected;
  });
});
