/** A single-pass tar reader over any byte stream, in constant memory apart from pax and long-name headers. */
import { TarFormatError } from './errors.js';
import { TAR_BLOCK_SIZE, isZeroBlock, paddingAfter, parsePaxRecords, parseTarHeader } from './tar-header.js';

export type TarMemberType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarMember {
  /** As stored, with a leading './' and a directory's trailing '/' removed. */
  readonly path: string;
  readonly type: TarMemberType;
  readonly typeflag: string;
  readonly size: number;
  readonly linkTarget: string;
  readonly headerOffset: number;
  /** Where the member's content starts in the archive. */
  readonly dataOffset: number;
  /**
   * The content, to be read (or abandoned) before asking for the next member: the reader skips whatever
   * is left unread.
   */
  readonly body: AsyncIterable<Buffer>;
}

export interface TarEnd {
  /** False when the archive stopped without its end-of-archive zero block (a truncated upload, often). */
  readonly endMarker: boolean;
  /** Bytes the reader consumed, the end-of-archive blocks included. */
  readonly offset: number;
}

/** Metadata headers larger than this are refused: they are read whole into memory. */
const MAX_METADATA_HEADER = 1 << 20;
const NO_CONTENT_TYPES = new Set(['1', '2', '3', '4', '5', '6']);

function memberType(typeflag: string): TarMemberType {
  switch (typeflag) {
    case '0':
    case '7':
      return 'file';
    case '5':
      return 'directory';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    default:
      return 'other';
  }
}

function normalisedPath(path: string): string {
  let result = path;
  while (result.startsWith('./')) result = result.slice(2);
  return result.endsWith('/') ? result.slice(0, -1) : result;
}

/** Reads exact byte counts from a stream of chunks, slicing instead of copying where it can. */
class ChunkQueue {
  private readonly chunks: Buffer[] = [];
  private available = 0;
  private ended = false;
  /** Bytes consumed so far. */
  position = 0;

  constructor(private readonly source: AsyncIterator<Buffer | string>) {}

  async ensure(count: number): Promise<boolean> {
    while (this.available < count && !this.ended) {
      const next = await this.source.next();
      if (next.done === true) {
        this.ended = true;
        break;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      if (chunk.length > 0) {
        this.chunks.push(chunk);
        this.available += chunk.length;
      }
    }
    return this.available >= count;
  }

  /** Exactly `count` bytes; call after ensure(count) succeeded. */
  take(count: number): Buffer {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= count) return this.takeUpTo(count);
    const parts: Buffer[] = [];
    let missing = count;
    while (missing > 0) {
      const part = this.takeUpTo(missing);
      parts.push(part);
      missing -= part.length;
    }
    return Buffer.concat(parts, count);
  }

  /** At most `count` bytes from the first buffered chunk; call when something is buffered. */
  takeUpTo(count: number): Buffer {
    const first = this.chunks[0];
    if (first === undefined) throw new Error('ChunkQueue.takeUpTo on an empty queue');
    if (first.length <= count) {
      this.chunks.shift();
      this.consumed(first.length);
      return first;
    }
    this.chunks[0] = first.subarray(count);
    this.consumed(count);
    return first.subarray(0, count);
  }

  async skip(count: number): Promise<boolean> {
    let missing = count;
    while (missing > 0) {
      if (!(await this.ensure(1))) return false;
      missing -= this.takeUpTo(missing).length;
    }
    return true;
  }

  private consumed(count: number): void {
    this.available -= count;
    this.position += count;
  }
}

/**
 * Yields the members of a tar archive in order. It stops at the end-of-archive block and leaves the rest
 * of the source unread, so a caller hashing the whole stream can drain it. Throws TarFormatError on a
 * malformed or truncated archive.
 */
export async function* readTarMembers(
  source: AsyncIterator<Buffer | string>,
): AsyncGenerator<TarMember, TarEnd, undefined> {
  const queue = new ChunkQueue(source);
  let pax = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;
  const readMetadata = async (size: number, at: number): Promise<Buffer> => {
    if (size > MAX_METADATA_HEADER) throw new TarFormatError('extended header too large', at);
    if (!(await queue.ensure(size + paddingAfter(size)))) {
      throw new TarFormatError('archive ends inside an extended header', at);
    }
    const content = queue.take(size);
    queue.take(paddingAfter(size));
    return content;
  };
  for (;;) {
    const headerOffset = queue.position;
    if (!(await queue.ensure(TAR_BLOCK_SIZE))) {
      if (await queue.ensure(1)) throw new TarFormatError('archive ends inside a header', headerOffset);
      return { endMarker: false, offset: headerOffset };
    }
    const block = queue.take(TAR_BLOCK_SIZE);
    if (isZeroBlock(block)) {
      // Readers stop at the first zero block, as GNU tar does; the second is consumed when present.
      if (await queue.ensure(TAR_BLOCK_SIZE)) queue.take(TAR_BLOCK_SIZE);
      return { endMarker: true, offset: queue.position };
    }
    const header = parseTarHeader(block, headerOffset);
    switch (header.typeflag) {
      case 'x':
        pax = parsePaxRecords(await readMetadata(header.size, headerOffset), headerOffset);
        continue;
      case 'g':
        // Global records (git archive's commit comment, say) describe the archive, not a member.
        parsePaxRecords(await readMetadata(header.size, headerOffset), headerOffset);
        continue;
      case 'L':
        longName = (await readMetadata(header.size, headerOffset)).toString('utf8').replace(/\0+$/, '');
        continue;
      case 'K':
        longLink = (await readMetadata(header.size, headerOffset)).toString('utf8').replace(/\0+$/, '');
        continue;
      default:
        break;
    }
    const paxSize = pax.get('size');
    const size = paxSize === undefined ? header.size : Number(paxSize);
    if (!Number.isSafeInteger(size) || size < 0) throw new TarFormatError('bad pax size', headerOffset);
    let remaining = NO_CONTENT_TYPES.has(header.typeflag) ? 0 : size;
    const contentSize = remaining;
    const body = async function* (): AsyncGenerator<Buffer> {
      while (remaining > 0) {
        if (!(await queue.ensure(1))) {
          throw new TarFormatError('archive ends inside a member', queue.position);
        }
        const chunk = queue.takeUpTo(remaining);
        remaining -= chunk.length;
        yield chunk;
      }
    };
    yield {
      path: normalisedPath(pax.get('path') ?? longName ?? header.name),
      type: memberType(header.typeflag),
      typeflag: header.typeflag,
      size: contentSize,
      linkTarget: pax.get('linkpath') ?? longLink ?? header.linkname,
      headerOffset,
      dataOffset: queue.position,
      body: body(),
    };
    if (!(await queue.skip(remaining + paddingAfter(contentSize)))) {
      throw new TarFormatError('archive ends inside a member', queue.position);
    }
    remaining = 0;
    pax = new Map();
    longName = undefined;
    longLink = undefined;
  }
}
