/**
 * POSIX tar headers (ustar, with pax extended headers), written deterministically and read leniently:
 * ustar, pax ('x' and 'g'), GNU long names ('L', 'K'), GNU base-256 numbers and old v7 headers.
 */
import { TarFormatError } from './errors.js';

export const TAR_BLOCK_SIZE = 512;
/** Sizes from 8 GiB up do not fit the 11 octal digits of a ustar size field. */
export const USTAR_MAX_SIZE = 8 ** 11 - 1;

export type TarWritableType = 'file' | 'directory';

export interface TarHeaderInput {
  /** Full member path; a directory's ends with '/'. */
  readonly path: string;
  readonly size: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
  readonly type: TarWritableType;
}

export function paddingAfter(size: number): number {
  return (TAR_BLOCK_SIZE - (size % TAR_BLOCK_SIZE)) % TAR_BLOCK_SIZE;
}

function needsPax(path: string, size: number): boolean {
  return Buffer.byteLength(path) > 100 || /[^\x20-\x7e]/.test(path) || size > USTAR_MAX_SIZE;
}

function paxRecord(key: string, value: string): string {
  const base = Buffer.byteLength(key) + Buffer.byteLength(value) + 3;
  let length = base + 1;
  while (String(length).length + base !== length) length = String(length).length + base;
  return `${length} ${key}=${value}\n`;
}

function paxRecords(path: string, size: number): Buffer {
  return Buffer.from(
    paxRecord('path', path) + (size > USTAR_MAX_SIZE ? paxRecord('size', String(size)) : ''),
  );
}

/** What a reader that ignores pax sees: printable ASCII, at most 100 bytes. */
function asciiFallback(path: string): string {
  return path.replace(/[^\x20-\x7e]/g, '_').slice(0, 100);
}

/** Bytes of the header blocks (pax header and its records included) that precede a member's content. */
export function tarHeaderSize(path: string, size: number): number {
  if (!needsPax(path, size)) return TAR_BLOCK_SIZE;
  const records = paxRecords(path, size).length;
  return 2 * TAR_BLOCK_SIZE + records + paddingAfter(records);
}

/** The header blocks of one member: a pax 'x' header when the path or size needs it, then the ustar header. */
export function encodeTarHeader(input: TarHeaderInput): Buffer {
  const typeflag = input.type === 'directory' ? '5' : '0';
  const mode = input.type === 'directory' ? 0o755 : 0o644;
  if (!needsPax(input.path, input.size)) {
    return ustarBlock(input.path, mode, input.size, input.mtime, typeflag);
  }
  const records = paxRecords(input.path, input.size);
  const baseName = input.path.replace(/\/$/, '').split('/').at(-1) ?? '';
  return Buffer.concat([
    ustarBlock(asciiFallback(`PaxHeaders/${baseName}`), 0o644, records.length, input.mtime, 'x'),
    records,
    Buffer.alloc(paddingAfter(records.length)),
    ustarBlock(asciiFallback(input.path), mode, input.size, input.mtime, typeflag),
  ]);
}

function ustarBlock(name: string, mode: number, size: number, mtime: number, typeflag: string): Buffer {
  const block = Buffer.alloc(TAR_BLOCK_SIZE);
  block.write(name, 0, 100, 'ascii');
  writeOctal(block, 100, 8, mode);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  if (size > USTAR_MAX_SIZE) writeBase256(block, 124, 12, size);
  else writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, mtime);
  block.write(typeflag, 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'ascii');
  writeOctal(block, 329, 8, 0);
  writeOctal(block, 337, 8, 0);
  block.fill(0x20, 148, 156);
  let checksum = 0;
  for (const byte of block) checksum += byte;
  block.write(`${checksum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}

/** GNU base-256: the first byte's high bit set, then the value big-endian. */
function writeBase256(block: Buffer, offset: number, length: number, value: number): void {
  let rest = BigInt(value);
  for (let index = offset + length - 1; index > offset; index -= 1) {
    block[index] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  block[offset] = 0x80;
}

export interface ParsedTarHeader {
  readonly name: string;
  readonly mode: number;
  readonly size: number;
  readonly mtime: number;
  /** One character; '\0' is normalised to '0'. */
  readonly typeflag: string;
  readonly linkname: string;
}

function readString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8');
}

function readNumber(block: Buffer, offset: number, length: number, at: number): number {
  const first = block[offset] ?? 0;
  if ((first & 0x80) !== 0) {
    if ((first & 0x40) !== 0) throw new TarFormatError('negative base-256 number in a tar header', at);
    let value = BigInt(first & 0x3f);
    for (let index = offset + 1; index < offset + length; index += 1) {
      value = (value << 8n) | BigInt(block[index] ?? 0);
    }
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new TarFormatError('number too large', at);
    return Number(value);
  }
  const text = block
    .subarray(offset, offset + length)
    .toString('ascii')
    .replace(/[\0 ]+$/, '')
    .replace(/^[\0 ]+/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`bad octal number ${JSON.stringify(text)}`, at);
  return parseInt(text, 8);
}

/** The end-of-archive marker is a block of zeros. */
export function isZeroBlock(block: Buffer): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

/** Parses one 512-byte header block; `at` is its offset in the archive, for error messages. */
export function parseTarHeader(block: Buffer, at: number): ParsedTarHeader {
  let unsigned = 0;
  let signed = 0;
  for (let index = 0; index < TAR_BLOCK_SIZE; index += 1) {
    const byte = index >= 148 && index < 156 ? 0x20 : (block[index] ?? 0);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  const recorded = readNumber(block, 148, 8, at);
  if (recorded !== unsigned && recorded !== signed) {
    throw new TarFormatError('tar header checksum mismatch (not a tar archive, or corrupted)', at);
  }
  const magic = block.subarray(257, 263).toString('latin1');
  const name = readString(block, 0, 100);
  const prefix = magic === 'ustar\u0000' ? readString(block, 345, 155) : '';
  const typeflag = String.fromCharCode(block[156] ?? 0);
  return {
    name: prefix === '' ? name : `${prefix}/${name}`,
    mode: readNumber(block, 100, 8, at),
    size: readNumber(block, 124, 12, at),
    mtime: readNumber(block, 136, 12, at),
    typeflag: typeflag === '\0' ? '0' : typeflag,
    linkname: readString(block, 157, 100),
  };
}

/** pax records "<length> <key>=<value>\n"; lengths count bytes, so the parse works on the raw buffer. */
export function parsePaxRecords(records: Buffer, at: number): Map<string, string> {
  const result = new Map<string, string>();
  let offset = 0;
  while (offset < records.length) {
    if (records[offset] === 0) break;
    const space = records.indexOf(0x20, offset);
    const length = space < 0 ? NaN : Number(records.subarray(offset, space).toString('ascii'));
    if (!Number.isSafeInteger(length) || length <= 0 || offset + length > records.length) {
      throw new TarFormatError('malformed pax extended header', at);
    }
    const record = records.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals < 0 || records[offset + length - 1] !== 0x0a) {
      throw new TarFormatError('malformed pax record', at);
    }
    result.set(record.slice(0, equals), record.slice(equals + 1));
    offset += length;
  }
  return result;
}
