/** Test data for the bag specs: plans from bytes, bags as file maps, and hand-built tars. */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { BagPayloadFile, BagPlan } from './bag-plan.js';
import { manifestLine } from './bag-manifest.js';
import { packBagAsTar } from './bag-writer.js';
import { TAR_BLOCK_SIZE, encodeTarHeader, paddingAfter } from './tar-header.js';
import { readTarMembers } from './tar-reader.js';

export const TEST_MODIFIED_AT = new Date('2026-01-02T03:04:05Z');

export function bytesPayload(
  filePath: string,
  content: string | Buffer,
  expectedDigests?: BagPayloadFile['expectedDigests'],
): BagPayloadFile {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return {
    path: filePath,
    sizeBytes: bytes.length,
    open: () => Promise.resolve(Readable.from([bytes])),
    ...(expectedDigests === undefined ? {} : { expectedDigests }),
  };
}

export function hexDigest(algorithm: string, content: string | Buffer): string {
  return createHash(algorithm).update(content).digest('hex');
}

export async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** A small, valid bag: three payload files (one in a folder), bag-info, a metadata tag file. */
export function samplePlan(overrides: Partial<BagPlan> = {}): BagPlan {
  return {
    name: 'sample-bag',
    bagInfo: [
      ['Source-Organization', 'Astroparticle Physics Data Centre (APDC)'],
      ['External-Identifier', 'doi:10.5072/apdc-test'],
      ['Bagging-Date', '2026-01-02'],
    ],
    payload: [
      bytesPayload('events.csv', 'run,energy\n1,1.5e15\n2,3.1e16\n'),
      bytesPayload('docs/README.md', '# Sample\n'),
      bytesPayload('empty.dat', ''),
    ],
    tagFiles: [{ path: 'metadata/datacite.xml', content: '<resource/>\n' }],
    modifiedAt: TEST_MODIFIED_AT,
    ...overrides,
  };
}

/** Every regular file of a packed bag, by path relative to the bag root, in tar order. */
export async function filesOfBag(plan: BagPlan): Promise<Map<string, Buffer>> {
  return filesOfTar(await readAll(packBagAsTar(plan).stream));
}

export async function filesOfTar(tar: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for await (const member of readTarMembers(Readable.from([tar])[Symbol.asyncIterator]())) {
    if (member.type === 'file')
      files.set(member.path.split('/').slice(1).join('/'), await readAll(member.body));
  }
  return files;
}

/** Rewrites the tag manifests over the current tag files, so that an edit shows only its own problem. */
export function resealTagManifests(files: Map<string, Buffer>): void {
  for (const name of [...files.keys()]) {
    const algorithm = /^tagmanifest-(.+)\.txt$/.exec(name)?.[1];
    if (algorithm === undefined) continue;
    const lines = [...files]
      .filter(([file]) => !file.startsWith('data/') && !file.startsWith('tagmanifest-'))
      .map(([file, content]) => manifestLine(hexDigest(algorithm, content), file));
    files.set(name, Buffer.from(lines.join('')));
  }
}

export type TarEntrySpec =
  | { readonly path: string; readonly content: string | Buffer }
  | { readonly path: string; readonly typeflag: string; readonly linkTarget?: string };

/** A tar built member by member with our header encoder; other type flags are patched in. */
export function tarOf(entries: readonly TarEntrySpec[], options: { endMarker?: boolean } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    if ('content' in entry) {
      const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
      blocks.push(
        encodeTarHeader({ path: entry.path, size: content.length, mtime: 0, type: 'file' }),
        content,
        Buffer.alloc(paddingAfter(content.length)),
      );
    } else {
      const header = encodeTarHeader({ path: entry.path, size: 0, mtime: 0, type: 'file' });
      const block = header.subarray(header.length - TAR_BLOCK_SIZE);
      block.write(entry.typeflag, 156, 1, 'latin1');
      block.write(entry.linkTarget ?? '', 157, 100, 'utf8');
      block.fill(0x20, 148, 156);
      let checksum = 0;
      for (const byte of block) checksum += byte;
      block.write(`${checksum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
      blocks.push(header);
    }
  }
  if (options.endMarker ?? true) blocks.push(Buffer.alloc(2 * TAR_BLOCK_SIZE));
  return Buffer.concat(blocks);
}

export function tarOfBag(name: string, files: ReadonlyMap<string, Buffer>): Buffer {
  return tarOf([...files].map(([file, content]) => ({ path: `${name}/${file}`, content })));
}

export async function writeFiles(directory: string, files: ReadonlyMap<string, Buffer>): Promise<void> {
  await mkdir(path.join(directory, 'data'), { recursive: true });
  for (const [file, content] of files) {
    const target = path.join(directory, ...file.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}
