import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { describe, expect, it } from '@jest/globals';
import { ObjectNotFoundError } from './errors.js';
import type { ObjectStore } from './ports/object-store.port.js';

const MIB = 1024 * 1024;

/**
 * The behaviour every {@link ObjectStore} adapter must show; each adapter's medium spec runs it.
 * `makeStore` is called inside each test, so it may hand out a store set up in `beforeAll`.
 */
export function describeObjectStoreContract(name: string, makeStore: () => ObjectStore): void {
  describe(`${name} (ObjectStore contract)`, () => {
    it('stores, reads, ranges, heads and deletes an object', async () => {
      const sut = makeStore();
      const stored = await sut.put('files/a/b.txt', Readable.from(['hello ', 'world']));
      expect(stored).toEqual({
        key: 'files/a/b.txt',
        sizeBytes: 11,
        sha256: sha256Hex(Buffer.from('hello world')),
        serverChecksum: stored.serverChecksum,
        storageClass: 'STANDARD',
      });
      expect(await text(await sut.get('files/a/b.txt'))).toBe('hello world');
      expect(await text(await sut.get('files/a/b.txt', { start: 6, end: 10 }))).toBe('world');
      expect(await sut.head('files/a/b.txt')).toEqual({
        key: 'files/a/b.txt',
        sizeBytes: 11,
        storageClass: 'STANDARD',
        archived: false,
        restore: { state: 'available', expiresAt: null },
        serverChecksum: stored.serverChecksum,
      });
      await sut.delete('files/a/b.txt');
      expect(await sut.head('files/a/b.txt')).toBeUndefined();
      await expect(sut.get('files/a/b.txt')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await sut.delete('files/a/b.txt');
    });

    it('reports the same server checksum from head as from put, and a new one for new bytes', async () => {
      const sut = makeStore();
      const first = await sut.put('files/checksummed', Readable.from([Buffer.from('first bytes')]));
      expect((await sut.head('files/checksummed'))?.serverChecksum).toBe(first.serverChecksum);
      const second = await sut.put('files/checksummed', Readable.from([Buffer.from('other bytes')]));
      expect((await sut.head('files/checksummed'))?.serverChecksum).toBe(second.serverChecksum);
      if (first.serverChecksum !== null) expect(second.serverChecksum).not.toBe(first.serverChecksum);
      expect(second.sha256).toBe(sha256Hex(Buffer.from('other bytes')));
    });

    it('keeps the storage class it was given, and overwriting without one makes the object STANDARD', async () => {
      const sut = makeStore();
      const stored = await sut.put('files/infrequent', Readable.from(['cold']), {
        storageClass: 'STANDARD_IA',
      });
      expect(stored.storageClass).toBe('STANDARD_IA');
      expect(await sut.head('files/infrequent')).toMatchObject({
        storageClass: 'STANDARD_IA',
        archived: false,
      });
      expect(await text(await sut.get('files/infrequent'))).toBe('cold');
      await sut.put('files/infrequent', Readable.from(['warm']));
      expect(await sut.head('files/infrequent')).toMatchObject({ storageClass: 'STANDARD', sizeBytes: 4 });
    });

    it('answers a restore request for an object that is not archived with available', async () => {
      const sut = makeStore();
      await sut.put('files/online', Readable.from(['here']));
      expect(await sut.requestRestore('files/online', 1)).toBe('available');
      await expect(sut.requestRestore('files/nothing-here', 1)).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    it('round-trips an object of several 5 MiB parts and a tail, with ranges across part boundaries', async () => {
      const sut = makeStore();
      const bytes = patternedBytes(3 * 5 * MIB + 12_345);
      const stored = await sut.put('files/large', inOddChunks(bytes), { sizeBytes: bytes.length });
      expect(stored).toMatchObject({ sizeBytes: bytes.length, sha256: sha256Hex(bytes) });
      expect((await sut.head('files/large'))?.serverChecksum).toBe(stored.serverChecksum);
      expect(sha256Hex(await buffer(await sut.get('files/large')))).toBe(sha256Hex(bytes));
      for (const range of [
        { start: 5 * MIB - 3, end: 5 * MIB + 2 },
        { start: 2 * 5 * MIB - 1, end: 2 * 5 * MIB },
        { start: 4 * MIB, end: 11 * MIB },
        { start: bytes.length - 10, end: bytes.length - 1 },
      ]) {
        const read = await buffer(await sut.get('files/large', range));
        expect(read.equals(bytes.subarray(range.start, range.end + 1))).toBe(true);
      }
      await sut.delete('files/large');
    });

    it('leaves nothing under the key when the body fails midway', async () => {
      const sut = makeStore();
      const failing = new Readable({
        read() {
          this.push('partial bytes');
          this.destroy(new Error('client went away'));
        },
      });
      await expect(sut.put('files/broken', failing)).rejects.toThrow('client went away');
      expect(await sut.head('files/broken')).toBeUndefined();
    });

    it('refuses keys that could escape the store', async () => {
      const sut = makeStore();
      for (const key of ['../x', '/abs', 'a/../../b', 'a//b', '', '.staging/x', 'a#meta.json']) {
        await expect(sut.put(key, Readable.from(['x']))).rejects.toThrow(/Invalid object key/);
      }
    });
  });
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Bytes that differ from part to part and within parts, so a misplaced part or range shows. */
export function patternedBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  // Whole words through a typed array: Buffer.writeUInt32LE per word is slow in jest's VM context.
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, Math.floor(length / 4));
  let state = 0x9e3779b9;
  for (let index = 0; index < words.length; index += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    words[index] = state;
  }
  bytes.fill(0xa5, words.length * 4);
  return bytes;
}

/** Chunks of sizes that never line up with part boundaries. */
function inOddChunks(bytes: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (
    let offset = 0, size = 1;
    offset < bytes.length;
    offset += size, size = ((size * 7 + 4093) % 300_007) + 1
  ) {
    chunks.push(bytes.subarray(offset, offset + size));
  }
  return Readable.from(chunks);
}
