/** Writes a bag as a deterministic pax tar stream or into a directory, reading each payload file once. */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { type BagDigestAlgorithm, MultiDigest } from './bag-digest.js';
import { DigestThread, SplitDigest } from './digest-thread.js';
import {
  type BagLayout,
  type BagMember,
  type BagPayloadFile,
  type BagPlan,
  type BagWriteResult,
  bagMemberSize,
  layOutBag,
  renderManifest,
  renderTagManifest,
} from './bag-plan.js';
import { BagDirectoryNotEmptyError, BagSourceMismatchError, BagSourceSizeError } from './errors.js';
import { TAR_BLOCK_SIZE, encodeTarHeader, paddingAfter } from './tar-header.js';

type Digests = Readonly<Record<BagDigestAlgorithm, string>>;

/**
 * Exact byte size of the tar serialization of a plan, known before packing (manifest lines have a fixed
 * length per algorithm). Throws BagPlanError, listing every fault, for a plan that cannot be written.
 */
export function tarBagSize(plan: BagPlan): number {
  return layOutBag(plan).tarSizeBytes;
}

/**
 * The bytes of one payload file, hashed on the way, checked against its declared size and its catalogue
 * digests. Pulling from it is what reads the source, so the consumer's pace is the source's pace.
 */
async function* payloadChunks(
  file: BagPayloadFile,
  algorithms: readonly BagDigestAlgorithm[],
  thread: DigestThread,
  onDigests: (digests: Digests) => void,
): AsyncGenerator<Buffer> {
  const expected = Object.entries(file.expectedDigests ?? {}) as Array<[BagDigestAlgorithm, string]>;
  const digest = SplitDigest.of(
    [...new Set([...algorithms, ...expected.map(([algorithm]) => algorithm)])],
    thread,
    file.sizeBytes,
  );
  const source = await file.open();
  for await (const value of source as AsyncIterable<Buffer | string>) {
    const chunk = typeof value === 'string' ? Buffer.from(value) : value;
    if (digest.size + chunk.length > file.sizeBytes) {
      throw new BagSourceSizeError(file.path, file.sizeBytes, digest.size + chunk.length);
    }
    const behind = digest.update(chunk);
    if (chunk.length > 0) yield chunk;
    if (behind !== undefined) await behind;
  }
  if (digest.size !== file.sizeBytes) throw new BagSourceSizeError(file.path, file.sizeBytes, digest.size);
  const digests = await digest.digests();
  for (const [algorithm, value] of expected) {
    if (value.toLowerCase() !== digests[algorithm]) {
      throw new BagSourceMismatchError(file.path, algorithm, value.toLowerCase(), digests[algorithm]);
    }
  }
  onDigests(digests);
}

/** Tracks the digests both writers need to finish the manifests and tag manifests. */
class BagDigestBook {
  readonly payload = new Map<string, Digests>();
  readonly tags: Array<readonly [string, Digests]> = [];

  constructor(private readonly layout: BagLayout) {}

  /** The content of every member but payload files, rendered from what is known once it is reached. */
  content(member: Exclude<BagMember, { kind: 'payload' | 'directory' }>): Buffer {
    const content =
      member.kind === 'text'
        ? member.content
        : member.kind === 'manifest'
          ? renderManifest(this.layout, member.algorithm, this.payload)
          : renderTagManifest(member.algorithm, this.tags);
    if (content.length !== bagMemberSize(member)) {
      throw new Error(
        `${member.path} has ${content.length} bytes where ${bagMemberSize(member)} were laid out`,
      );
    }
    if (member.kind !== 'tag-manifest') {
      const digest = new MultiDigest(this.layout.algorithms);
      digest.update(content);
      this.tags.push([member.path, digest.digests()]);
    }
    return content;
  }

  result(offsets: ReadonlyMap<string, number>, sizeBytes: number): BagWriteResult {
    return {
      payloadOxum: this.layout.payloadOxum,
      payloadDigests: this.payload,
      payloadOffsets: offsets,
      sizeBytes,
    };
  }
}

function* padding(size: number): Generator<Buffer> {
  const length = paddingAfter(size);
  if (length > 0) yield Buffer.alloc(length);
}

/**
 * Streams the bag as a POSIX (pax) tar: every member under `<name>/`, in the order bagit.txt,
 * bag-info.txt, data/… (plan order), manifests, fetch.txt, tag files, tag manifests. Memory stays constant
 * whatever the payload size, and a source is only read as fast as the stream is consumed. `result` settles
 * when the stream has ended; a source error, a size or digest mismatch destroy the stream and reject it.
 * Throws BagPlanError at once for a plan that cannot be written.
 */
export function packBagAsTar(plan: BagPlan): {
  readonly stream: Readable;
  readonly sizeBytes: number;
  readonly result: Promise<BagWriteResult>;
} {
  const layout = layOutBag(plan);
  const book = new BagDigestBook(layout);
  const offsets = new Map<string, number>();
  async function* tar(): AsyncGenerator<Buffer> {
    const thread = new DigestThread();
    try {
      yield* members(thread);
    } finally {
      await thread.close();
    }
  }
  async function* members(thread: DigestThread): AsyncGenerator<Buffer> {
    let offset = 0;
    for (const member of layout.members) {
      const size = bagMemberSize(member);
      const directory = member.kind === 'directory';
      const header = encodeTarHeader({
        path: `${layout.name}/${member.path}${directory ? '/' : ''}`,
        size,
        mtime: layout.mtime,
        type: directory ? 'directory' : 'file',
      });
      yield header;
      offset += header.length;
      if (member.kind === 'payload') {
        offsets.set(member.file.path, offset);
        yield* payloadChunks(member.file, layout.algorithms, thread, (digests) =>
          book.payload.set(member.file.path, digests),
        );
      } else if (member.kind !== 'directory') {
        const content = book.content(member);
        if (content.length > 0) yield content;
      }
      yield* padding(size);
      offset += size + paddingAfter(size);
    }
    yield Buffer.alloc(2 * TAR_BLOCK_SIZE);
    offset += 2 * TAR_BLOCK_SIZE;
    if (offset !== layout.tarSizeBytes)
      throw new Error(`tar has ${offset} bytes, ${layout.tarSizeBytes} laid out`);
  }
  const stream = Readable.from(tar(), { objectMode: false, highWaterMark: 1 << 16 });
  const result = finished(stream).then(() => book.result(offsets, layout.tarSizeBytes));
  // A caller that only watches the stream must not crash the process with an unhandled rejection.
  result.catch(() => undefined);
  return { stream, sizeBytes: layout.tarSizeBytes, result };
}

async function prepareEmptyDirectory(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  if ((await readdir(directory)).length > 0) throw new BagDirectoryNotEmptyError(directory);
}

/**
 * Writes the bag's files under `directory`, which must be empty or absent (BagDirectoryNotEmptyError
 * otherwise), with the same bytes as the tar's members. payloadOffsets is empty. No fsync.
 */
export async function writeBagToDirectory(plan: BagPlan, directory: string): Promise<BagWriteResult> {
  const layout = layOutBag(plan);
  await prepareEmptyDirectory(directory);
  const book = new BagDigestBook(layout);
  const thread = new DigestThread();
  let sizeBytes = 0;
  try {
    for (const member of layout.members) {
      const target = path.join(directory, ...member.path.split('/'));
      if (member.kind === 'directory') {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(path.dirname(target), { recursive: true });
      if (member.kind === 'payload') {
        await pipeline(
          payloadChunks(member.file, layout.algorithms, thread, (digests) =>
            book.payload.set(member.file.path, digests),
          ),
          createWriteStream(target, { flags: 'wx' }),
        );
      } else {
        await writeFile(target, book.content(member), { flag: 'wx' });
      }
      sizeBytes += bagMemberSize(member);
    }
  } finally {
    await thread.close();
  }
  return book.result(new Map(), sizeBytes);
}
