import { Readable } from 'node:stream';
import { readTarMembers } from './tar-reader.js';

/**
 * Opens one member of a tar bag, by its path relative to the bag's top directory ('data/events.csv',
 * 'metadata/datacite.xml'). Reads the tar only up to that member and stops reading it once the member's
 * stream has ended or been destroyed. Resolves undefined when the tar has no such regular file.
 */
export async function extractFromTar(tar: Readable, memberPath: string): Promise<Readable | undefined> {
  const members = readTarMembers((tar as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]());
  for (let next = await members.next(); next.done !== true; next = await members.next()) {
    const member = next.value;
    if (member.type !== 'file' || member.path.split('/').slice(1).join('/') !== memberPath) continue;
    async function* content(): AsyncGenerator<Buffer> {
      try {
        yield* member.body;
      } finally {
        tar.destroy();
      }
    }
    return Readable.from(content(), { objectMode: false });
  }
  return undefined;
}
