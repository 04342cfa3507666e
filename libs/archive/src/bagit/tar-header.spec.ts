import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { TarFormatError } from './errors.js';
import { readAll, tarOf } from './bag-test.factory.js';
import {
  TAR_BLOCK_SIZE,
  USTAR_MAX_SIZE,
  encodeTarHeader,
  paddingAfter,
  parsePaxRecords,
  parseTarHeader,
  tarHeaderSize,
} from './tar-header.js';
import { type TarMember, readTarMembers } from './tar-reader.js';

async function membersOf(
  tar: Buffer,
  chunkSize = 1000,
): Promise<Array<Omit<TarMember, 'body'> & { content: string }>> {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < tar.length; offset += chunkSize)
    chunks.push(tar.subarray(offset, offset + chunkSize));
  const result = [];
  for await (const { body, ...member } of readTarMembers(Readable.from(chunks)[Symbol.asyncIterator]())) {
    result.push({ ...member, content: (await readAll(body)).toString('utf8') });
  }
  return result;
}

/** A GNU-format header block (magic "ustar  "), as GNU tar writes for long names with --format=gnu. */
function gnuBlock(name: string, size: number, typeflag: string): Buffer {
  const block = Buffer.alloc(TAR_BLOCK_SIZE);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 8, 'ascii');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 12, 'ascii');
  block.write('00000000000\0', 136, 12, 'ascii');
  block.write(typeflag, 156, 1, 'ascii');
  block.write('ustar  \0', 257, 8, 'ascii');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return block;
}

function padded(content: Buffer): Buffer {
  return Buffer.concat([content, Buffer.alloc(paddingAfter(content.length))]);
}

describe('tar headers', () => {
  it('use a plain ustar block for short ASCII names and a pax header otherwise', () => {
    expect(encodeTarHeader({ path: 'bag/data/a.csv', size: 5, mtime: 1, type: 'file' })).toHaveLength(512);
    for (const path of [`bag/data/${'x'.repeat(100)}`, 'bag/data/Ångström.csv', 'bag/data/a\nb']) {
      const header = encodeTarHeader({ path, size: 5, mtime: 1, type: 'file' });
      expect(header.length).toBeGreaterThanOrEqual(3 * 512);
      expect(header.length).toBe(tarHeaderSize(path, 5));
      expect(parseTarHeader(header.subarray(0, 512), 0).typeflag).toBe('x');
    }
  });

  it('round-trip any name through the reader, whatever its length or characters', async () => {
    const name = fc
      .string({
        unit: fc.oneof(
          fc.constantFrom('\r', '\n', '%', ' ', 'ν', '𝛎', '/'),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        ),
        minLength: 1,
        maxLength: 300,
      })
      .filter((path) => !path.endsWith('/') && !path.includes('\0'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(name, fc.string({ maxLength: 700 })), { minLength: 1, maxLength: 5 }),
        async (files) => {
          const entries = files.map(([path, content], index) => ({ path: `bag/${index}/${path}`, content }));
          const members = await membersOf(tarOf(entries), 211);
          expect(members.map((member) => [member.path, member.content])).toEqual(
            entries.map((entry) => [entry.path, entry.content]),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('carry sizes from 8 GiB up in pax and in GNU base-256', () => {
    const size = USTAR_MAX_SIZE + 12_345;
    const header = encodeTarHeader({ path: 'bag/data/huge.bin', size, mtime: 1_700_000_000, type: 'file' });
    const pax = parseTarHeader(header.subarray(0, 512), 0);
    expect(pax.typeflag).toBe('x');
    expect(parsePaxRecords(header.subarray(512, 512 + pax.size), 512).get('size')).toBe(String(size));
    const ustar = parseTarHeader(header.subarray(header.length - 512), 0);
    expect(ustar).toMatchObject({ size, mtime: 1_700_000_000, typeflag: '0', mode: 0o644 });
  });

  it('are deterministic: mode 0644, uid/gid 0, empty owner names, the given mtime', () => {
    const block = encodeTarHeader({ path: 'bag/bagit.txt', size: 55, mtime: 1_767_323_045, type: 'file' });
    expect(block.subarray(100, 108).toString('latin1')).toBe('0000644\0');
    expect(block.subarray(108, 124).toString('latin1')).toBe('0000000\u00000000000\0');
    expect(block.subarray(136, 148).toString('latin1')).toBe(`${(1_767_323_045).toString(8)}\0`);
    expect(block.subarray(265, 329).every((byte) => byte === 0)).toBe(true);
    expect(block.subarray(257, 265).toString('latin1')).toBe('ustar\u000000');
  });

  it('reject a block whose checksum does not add up', () => {
    const block = encodeTarHeader({ path: 'bag/a', size: 1, mtime: 0, type: 'file' });
    block[0] = 0x41;
    expect(() => parseTarHeader(block, 1024)).toThrow(TarFormatError);
  });
});

describe(readTarMembers.name, () => {
  it('reads GNU long names (L, K), pax global headers, v7 headers and base-256 sizes', async () => {
    const longName = `bag/data/${'long-name/'.repeat(15)}Ångström.csv`;
    const longLink = `bag/${'t'.repeat(150)}`;
    const v7 = gnuBlock('bag/data/v7.txt', 3, '0');
    v7.fill(0, 257, 265); // no magic at all: a v7 header
    v7.fill(0x20, 148, 156);
    let sum = 0;
    for (const byte of v7) sum += byte;
    v7.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
    const global = Buffer.from('52 comment=5b6a1c0e4b5e1f6d4e2a3b4c5d6e7f8091a2b3c4\n');
    const base256 = gnuBlock('bag/data/b256.txt', 0, '0');
    base256.fill(0, 124, 136);
    base256[124] = 0x80;
    base256[135] = 4;
    base256.fill(0x20, 148, 156);
    sum = 0;
    for (const byte of base256) sum += byte;
    base256.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
    const tar = Buffer.concat([
      gnuBlock('pax_global_header', global.length, 'g'),
      padded(global),
      gnuBlock('././@LongLink', Buffer.byteLength(longName) + 1, 'L'),
      padded(Buffer.from(`${longName}\0`)),
      gnuBlock('bag/data/long-name/long-na', 2, '0'),
      padded(Buffer.from('hi')),
      gnuBlock('././@LongLink', longLink.length + 1, 'K'),
      padded(Buffer.from(`${longLink}\0`)),
      gnuBlock('bag/link', 0, '2'),
      v7,
      padded(Buffer.from('v7!')),
      base256,
      padded(Buffer.from('four')),
      gnuBlock('./bag/data/dir/', 0, '5'),
      Buffer.alloc(1024),
    ]);
    const members = await membersOf(tar, 333);
    expect(
      members.map(({ path, type, content, linkTarget }) => ({ path, type, content, linkTarget })),
    ).toEqual([
      { path: longName, type: 'file', content: 'hi', linkTarget: '' },
      { path: 'bag/link', type: 'symlink', content: '', linkTarget: longLink },
      { path: 'bag/data/v7.txt', type: 'file', content: 'v7!', linkTarget: '' },
      { path: 'bag/data/b256.txt', type: 'file', content: 'four', linkTarget: '' },
      { path: 'bag/data/dir', type: 'directory', content: '', linkTarget: '' },
    ]);
  });

  it('gives each member the offset of its content, whether or not its body is read', async () => {
    const tar = tarOf([
      { path: 'bag/a', content: 'A'.repeat(600) },
      { path: `bag/${'b'.repeat(120)}`, content: 'B' },
    ]);
    const seen: Array<[string, number, number]> = [];
    for await (const member of readTarMembers(Readable.from([tar])[Symbol.asyncIterator]())) {
      seen.push([member.path.slice(0, 5), member.dataOffset, member.size]);
    }
    for (const [, offset, size] of seen)
      expect(tar.subarray(offset, offset + size).toString()).toMatch(/^(A+|B)$/);
    expect(seen.map(([path]) => path)).toEqual(['bag/a', 'bag/b']);
  });

  it('throws TarFormatError on a truncated archive and on a corrupted header', async () => {
    const tar = tarOf([{ path: 'bag/a', content: 'x'.repeat(2000) }]);
    await expect(membersOf(tar.subarray(0, 1500))).rejects.toThrow(/ends inside a member/);
    await expect(membersOf(tar.subarray(0, 300))).rejects.toThrow(/ends inside a header/);
    const corrupt = Buffer.from(tar);
    corrupt[10] = 0x7a;
    await expect(membersOf(corrupt)).rejects.toBeInstanceOf(TarFormatError);
  });
});
