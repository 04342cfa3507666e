import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from '@jest/globals';
import { ObjectNotFoundError } from './errors.js';
import type { ObjectStore } from './ports/object-store.port.js';

/** The behaviour every {@link ObjectStore} adapter must show; each adapter's medium spec runs it. */
export function describeObjectStoreContract(name: string, makeStore: () => ObjectStore): void {
  describe(`${name} (ObjectStore contract)`, () => {
    it('stores, reads, ranges, heads and deletes an object', async () => {
      const sut = makeStore();
      const stored = await sut.put('files/a/b.txt', Readable.from(['hello ', 'world']));
      expect(stored).toEqual({ key: 'files/a/b.txt', sizeBytes: 11 });
      expect(await text(await sut.get('files/a/b.txt'))).toBe('hello world');
      expect(await text(await sut.get('files/a/b.txt', { start: 6, end: 10 }))).toBe('world');
      expect(await sut.head('files/a/b.txt')).toEqual({ key: 'files/a/b.txt', sizeBytes: 11 });
      await sut.delete('files/a/b.txt');
      expect(await sut.head('files/a/b.txt')).toBeUndefined();
      await expect(sut.get('files/a/b.txt')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await sut.delete('files/a/b.txt');
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
      for (const key of ['../x', '/abs', 'a/../../b', 'a//b', '']) {
        await expect(sut.put(key, Readable.from(['x']))).rejects.toThrow(/Invalid object key/);
      }
    });
  });
}
