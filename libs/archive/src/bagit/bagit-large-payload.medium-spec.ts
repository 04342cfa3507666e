/**
 * A 2 GiB bag packed to a temporary file and validated back, in constant memory: resident memory and
 * heap are sampled every 100 ms during both, and the figures printed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import type { BagPayloadFile, BagPlan } from './bag-plan.js';
import { validateBagTar } from './bag-validator.js';
import { packBagAsTar } from './bag-writer.js';

const run = promisify(execFile);
const MiB = 1024 * 1024;
const FILE_COUNT = 4;
const FILE_SIZE = 512 * MiB;
const CHUNK = MiB;

/** 16 MiB of xorshift32 output: chunks are slices of it at pseudo-random offsets, stamped with their index. */
const POOL = (() => {
  const pool = Buffer.allocUnsafe(16 * MiB);
  let state = 0x9e3779b9;
  for (let offset = 0; offset < pool.length; offset += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    pool.writeUInt32LE(state >>> 0, offset);
  }
  return pool;
})();

function generatedChunk(fileIndex: number, chunkIndex: number, length: number): Buffer {
  const chunk = Buffer.allocUnsafe(length);
  const start = (Math.imul(chunkIndex + 1, 2654435761) ^ Math.imul(fileIndex + 1, 40503)) >>> 0;
  POOL.copy(chunk, 0, start % (POOL.length - length), (start % (POOL.length - length)) + length);
  chunk.writeUInt32LE(fileIndex, 0);
  chunk.writeUInt32LE(chunkIndex, 4);
  return chunk;
}

/** Bytes made on demand, never stored: open() returns a stream that generates as it is read. */
function generatedFile(fileIndex: number): BagPayloadFile {
  return {
    path: `generated/run-${fileIndex}.bin`,
    sizeBytes: FILE_SIZE,
    open: () => {
      let chunkIndex = 0;
      return Promise.resolve(
        new Readable({
          highWaterMark: CHUNK,
          read() {
            const offset = chunkIndex * CHUNK;
            if (offset >= FILE_SIZE) {
              this.push(null);
              return;
            }
            this.push(generatedChunk(fileIndex, chunkIndex, Math.min(CHUNK, FILE_SIZE - offset)));
            chunkIndex += 1;
          },
        }),
      );
    },
  };
}

/** Peak growth of resident memory and heap over a baseline taken when sampling starts. */
async function sampled<T>(
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number; rss: number; heap: number }> {
  const baseline = process.memoryUsage();
  let rss = 0;
  let heap = 0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss - baseline.rss);
    heap = Math.max(heap, usage.heapUsed - baseline.heapUsed);
  };
  const timer = setInterval(sample, 100);
  const start = process.hrtime.bigint();
  try {
    const value = await work();
    sample();
    return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9, rss, heap };
  } finally {
    clearInterval(timer);
  }
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'apdc-bagit-large-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a 2 GiB bag', () => {
  it('packs to a tar file and validates back in constant memory', async () => {
    const plan: BagPlan = {
      name: 'apdc-large',
      bagInfo: [['Source-Organization', 'Astroparticle Physics Data Centre (APDC)']],
      payload: Array.from({ length: FILE_COUNT }, (_, index) => generatedFile(index)),
      tagFiles: [],
      modifiedAt: new Date('2026-01-02T00:00:00Z'),
    };
    const tarFile = path.join(work, 'large.tar');
    const packed = packBagAsTar(plan);
    const pack = await sampled(async () => {
      await pipeline(packed.stream, createWriteStream(tarFile));
      return packed.result;
    });
    expect((await stat(tarFile)).size).toBe(packed.sizeBytes);

    const validation = await sampled(() =>
      validateBagTar(createReadStream(tarFile, { highWaterMark: CHUNK })),
    );
    expect(validation.value.problems).toEqual([]);
    expect(validation.value).toMatchObject({
      valid: true,
      payloadFileCount: FILE_COUNT,
      payloadOxum: { octets: FILE_COUNT * FILE_SIZE, streamCount: FILE_COUNT },
      tarSizeBytes: packed.sizeBytes,
    });

    const { stdout } = await run('tar', ['-tvf', tarFile]);
    const sizes = stdout
      .trim()
      .split('\n')
      .filter((line) => line.includes('/data/'))
      .map((line) => Number(line.split(/\s+/)[2]));
    expect(sizes).toEqual(Array.from({ length: FILE_COUNT }, () => FILE_SIZE));

    // A ranged read at the offset the writer reported gives the file's first and last bytes.
    const handle = await open(tarFile);
    try {
      for (let index = 0; index < FILE_COUNT; index += 1) {
        const offset = pack.value.payloadOffsets.get(`generated/run-${index}.bin`) ?? -1;
        const first = Buffer.alloc(CHUNK);
        await handle.read(first, 0, CHUNK, offset);
        expect(first.equals(generatedChunk(index, 0, CHUNK))).toBe(true);
        const last = Buffer.alloc(CHUNK);
        await handle.read(last, 0, CHUNK, offset + FILE_SIZE - CHUNK);
        expect(last.equals(generatedChunk(index, FILE_SIZE / CHUNK - 1, CHUNK))).toBe(true);
      }
    } finally {
      await handle.close();
    }

    const total = FILE_COUNT * FILE_SIZE;
    const peakRss = Math.max(pack.rss, validation.rss);
    const peakHeap = Math.max(pack.heap, validation.heap);
    console.log(
      `bagit 2 GiB: pack ${pack.seconds.toFixed(1)} s (${(total / MiB / pack.seconds).toFixed(0)} MiB/s), ` +
        `validate ${validation.seconds.toFixed(1)} s (${(total / MiB / validation.seconds).toFixed(0)} MiB/s), ` +
        `peak RSS +${(peakRss / MiB).toFixed(0)} MiB, heap +${(peakHeap / MiB).toFixed(0)} MiB`,
    );
    expect(peakRss).toBeLessThan(200 * MiB);
    expect(peakHeap).toBeLessThan(100 * MiB);
  }, 600_000);
});
