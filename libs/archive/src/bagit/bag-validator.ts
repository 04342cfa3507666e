/** Reads a bag from a directory or a tar stream into what assessBag judges. */
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  BAG_DIGEST_ALGORITHMS,
  BAG_READABLE_ALGORITHMS,
  type BagReadableAlgorithm,
  MultiDigest,
  isReadableAlgorithm,
} from './bag-digest.js';
import {
  BAG_DECLARATION_FILE,
  type BagValidationOptions,
  type BagValidationReport,
  type ObservedFile,
  PAYLOAD_MANIFEST,
  TAG_MANIFEST,
  assessBag,
} from './bag-assessment.js';
import { parseManifest } from './bag-manifest.js';
import type { BagProblem } from './bag-problem.js';
import { relativePathFault } from './bag-path.js';
import { DigestThread, SplitDigest } from './digest-thread.js';
import { TarFormatError } from './errors.js';
import { readTarMembers } from './tar-reader.js';

/** Declaration files are read whole; a tar member claiming more than this is refused rather than buffered. */
const MAX_DECLARATION_FILE = 1 << 30;

function algorithmsOf(names: Iterable<string>, pattern: RegExp): BagReadableAlgorithm[] {
  const result: BagReadableAlgorithm[] = [];
  for (const name of names) {
    const algorithm = pattern.exec(name)?.[1];
    if (algorithm !== undefined && isReadableAlgorithm(algorithm)) result.push(algorithm);
  }
  return result;
}

function digestOf(content: Buffer, algorithms: readonly BagReadableAlgorithm[]): ObservedFile {
  const digest = new MultiDigest(algorithms);
  digest.update(content);
  return { size: content.length, digests: digest.digests() };
}

async function digestFile(
  file: string,
  size: number,
  algorithms: readonly BagReadableAlgorithm[],
  thread: DigestThread,
): Promise<ObservedFile> {
  const digest = SplitDigest.of(algorithms, thread, size);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const behind = digest.update(chunk);
    if (behind !== undefined) await behind;
  }
  return { size: digest.size, digests: await digest.digests() };
}

const ENTRY_KIND = (stats: { isSymbolicLink(): boolean; isFIFO(): boolean; isSocket(): boolean }): string =>
  stats.isSymbolicLink()
    ? 'a symbolic link'
    : stats.isFIFO()
      ? 'a FIFO'
      : stats.isSocket()
        ? 'a socket'
        : 'a device';

/**
 * Validates a bag stored as a directory: reads the declaration files first, then hashes each file once
 * with the algorithms of the manifests that list files of its kind.
 */
export async function validateBagDirectory(
  directory: string,
  options: BagValidationOptions = {},
): Promise<BagValidationReport> {
  const sizes = new Map<string, number>();
  const problems: BagProblem[] = [];
  let hasDataDirectory = false;
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await readdir(path.join(directory, relative), { withFileTypes: true })) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (child === 'data') hasDataDirectory = true;
        await walk(child);
      } else if (entry.isFile()) {
        sizes.set(child, (await lstat(path.join(directory, child))).size);
      } else {
        problems.push({
          code: 'not-a-regular-file',
          path: child,
          message: `${JSON.stringify(child)} is ${ENTRY_KIND(entry)}`,
        });
      }
    }
  };
  await walk('');

  const texts = new Map<string, Buffer>();
  for (const name of sizes.keys()) {
    if (BAG_DECLARATION_FILE.test(name)) texts.set(name, await readFile(path.join(directory, name)));
  }
  const payloadAlgorithms = algorithmsOf(texts.keys(), PAYLOAD_MANIFEST);
  const tagAlgorithms = algorithmsOf(texts.keys(), TAG_MANIFEST);
  // Tag manifests should not list payload files, but when one does its digest must still be checkable.
  const listedAsTags = new Set<string>();
  for (const [name, text] of texts) {
    if (TAG_MANIFEST.test(name))
      for (const entry of parseManifest(text.toString('utf8')).entries) listedAsTags.add(entry.path);
  }
  const hashing = !(options.completenessOnly ?? false);
  const files = new Map<string, ObservedFile>();
  const thread = new DigestThread();
  try {
    for (const [name, size] of sizes) {
      const algorithms = !name.startsWith('data/')
        ? tagAlgorithms
        : listedAsTags.has(name)
          ? [...new Set([...payloadAlgorithms, ...tagAlgorithms])]
          : payloadAlgorithms;
      const text = texts.get(name);
      files.set(
        name,
        !hashing
          ? { size, digests: {} }
          : text === undefined
            ? await digestFile(path.join(directory, ...name.split('/')), size, algorithms, thread)
            : digestOf(text, algorithms),
      );
    }
  } finally {
    await thread.close();
  }
  return assessBag(
    { files, texts, hasDataDirectory, problems, serialization: 'directory', digestsComputed: hashing },
    options,
  );
}

/**
 * Validates a tar serialization in one pass. Members may come in any order: payload files met before
 * their manifest are hashed with `assumedPayloadAlgorithms` (default sha512 and sha256) plus the
 * algorithms of manifests already seen; tag files with every readable algorithm. Also returns the
 * SHA-256 and size of the whole stream, for fixity of stored copies, and the bag's top directory.
 */
export async function validateBagTar(
  tar: Readable,
  options: BagValidationOptions = {},
): Promise<
  BagValidationReport & {
    readonly tarSha256: string;
    readonly tarSizeBytes: number;
    readonly bagName: string | null;
  }
> {
  const thread = new DigestThread();
  try {
    return await readBagTar(tar, options, thread);
  } finally {
    await thread.close();
  }
}

async function readBagTar(
  tar: Readable,
  options: BagValidationOptions,
  thread: DigestThread,
): Promise<
  BagValidationReport & {
    readonly tarSha256: string;
    readonly tarSizeBytes: number;
    readonly bagName: string | null;
  }
> {
  // The whole stream's digest goes to the other thread, where it balances this thread's sha512.
  const whole = new SplitDigest([], ['sha256'], thread, undefined);
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const value of tar as AsyncIterable<Buffer | string>) {
      const chunk = typeof value === 'string' ? Buffer.from(value) : value;
      const behind = whole.update(chunk);
      yield chunk;
      if (behind !== undefined) await behind;
    }
  }
  const source = counted();
  const hashing = !(options.completenessOnly ?? false);
  const payloadAlgorithms = new Set<BagReadableAlgorithm>(
    options.assumedPayloadAlgorithms ?? BAG_DIGEST_ALGORITHMS,
  );
  const files = new Map<string, ObservedFile>();
  const texts = new Map<string, Buffer>();
  const problems: BagProblem[] = [];
  const badTar = (message: string, at?: string): void => {
    problems.push({ code: 'bad-serialization', ...(at === undefined ? {} : { path: at }), message });
  };
  let bagName: string | null = null;
  let hasDataDirectory = false;
  try {
    const members = readTarMembers(source);
    for (let next = await members.next(); ; next = await members.next()) {
      if (next.done === true) {
        if (!next.value.endMarker) badTar('the tar ends without its end-of-archive blocks (truncated?)');
        break;
      }
      const member = next.value;
      const [top = '', ...rest] = member.path.split('/');
      const fault = relativePathFault(member.path);
      if (fault === undefined) bagName ??= top;
      if (fault !== undefined || top !== bagName) {
        badTar(
          `tar member ${JSON.stringify(member.path)} ${fault ?? `is outside the bag's top directory ${bagName}/`}`,
        );
        continue;
      }
      const name = rest.join('/');
      if (member.type === 'directory') {
        if (name === 'data') hasDataDirectory = true;
        continue;
      }
      if (name === '') {
        badTar(`the bag's top directory ${bagName} is a tar member of another type`, bagName);
        continue;
      }
      if (member.type !== 'file') {
        const what =
          member.type === 'other'
            ? `of tar type '${member.typeflag}'`
            : `a ${member.type} to ${JSON.stringify(member.linkTarget)}`;
        problems.push({
          code: 'not-a-regular-file',
          path: name,
          message: `${JSON.stringify(name)} is ${what}`,
        });
        continue;
      }
      if (files.has(name)) {
        badTar(`${JSON.stringify(name)} appears twice in the tar`, name);
        continue;
      }
      if (name.startsWith('data/')) hasDataDirectory = true;
      if (BAG_DECLARATION_FILE.test(name)) {
        if (member.size > MAX_DECLARATION_FILE) {
          badTar(`${name} is too large to read (${member.size} bytes)`, name);
          continue;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of member.body) chunks.push(chunk);
        const content = Buffer.concat(chunks);
        texts.set(name, content);
        const algorithm = PAYLOAD_MANIFEST.exec(name)?.[1];
        if (algorithm !== undefined && isReadableAlgorithm(algorithm)) payloadAlgorithms.add(algorithm);
        files.set(
          name,
          hashing ? digestOf(content, BAG_READABLE_ALGORITHMS) : { size: content.length, digests: {} },
        );
        continue;
      }
      if (!hashing) {
        files.set(name, { size: member.size, digests: {} });
        continue;
      }
      const digest = SplitDigest.of(
        name.startsWith('data/') ? [...payloadAlgorithms] : BAG_READABLE_ALGORITHMS,
        thread,
        member.size,
      );
      for await (const chunk of member.body) {
        const behind = digest.update(chunk);
        if (behind !== undefined) await behind;
      }
      files.set(name, { size: digest.size, digests: await digest.digests() });
    }
  } catch (error) {
    if (!(error instanceof TarFormatError)) throw error;
    badTar(`the tar cannot be read further: ${error.message}`);
  }
  // Whatever follows the archive still counts for the fixity of the stored object.
  for (let next = await source.next(); next.done !== true; next = await source.next());
  const report = assessBag(
    {
      files,
      texts,
      hasDataDirectory,
      problems,
      serialization: 'application/x-tar',
      digestsComputed: hashing,
    },
    options,
  );
  return { ...report, tarSha256: (await whole.digests()).sha256, tarSizeBytes: whole.size, bagName };
}
