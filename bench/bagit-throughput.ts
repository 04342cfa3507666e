/**
 * Headline figure: bag creation throughput, packing a payload on disk into a BagIt tar (SHA-512 and
 * SHA-256 manifests, written to a file on the same disk), against a same-run baseline: coreutils
 * `sha512sum` over the same files. Also prints the throughput of validating that tar back.
 *
 *   npm run bench:bagit -- [GiB] [files]     (defaults 1 and 8; builds first)
 */
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { type BagPlan, packBagAsTar, validateBagTar } from '@apdc/archive';

const run = promisify(execFile);
const MiB = 1024 * 1024;

/** Incompressible, deterministic bytes: slices of a 16 MiB xorshift pool, each stamped with its index. */
const POOL = (() => {
  const pool = Buffer.allocUnsafe(16 * MiB);
  let state = 0x2545f491;
  for (let offset = 0; offset < pool.length; offset += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    pool.writeUInt32LE(state >>> 0, offset);
  }
  return pool;
})();

function generated(bytes: number, seed: number): Readable {
  let sent = 0;
  return new Readable({
    highWaterMark: MiB,
    read() {
      if (sent >= bytes) {
        this.push(null);
        return;
      }
      const size = Math.min(MiB, bytes - sent);
      const start = (Math.imul(sent / MiB + 1, 2654435761) ^ seed) >>> 0;
      const from = start % (POOL.length - size);
      const chunk = Buffer.from(POOL.subarray(from, from + size));
      chunk.writeUInt32LE(seed, 0);
      sent += size;
      this.push(chunk);
    },
  });
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function main(): Promise<void> {
  const gib = Number(process.argv[2] ?? '1');
  const fileCount = Number(process.argv[3] ?? '8');
  const fileSize = Math.floor((gib * 1024 ** 3) / fileCount);
  const total = fileSize * fileCount;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'apdc-bench-bagit-'));
  try {
    const files = Array.from({ length: fileCount }, (_, index) => path.join(dir, `payload-${index}.bin`));
    for (const [index, file] of files.entries())
      await pipeline(generated(fileSize, index), createWriteStream(file));
    // Both runs read the files from the page cache, so neither pays for the first read from disk.
    await run('sh', ['-c', 'cat "$@" > /dev/null', 'sh', ...files]);
    console.log(`payload: ${(total / 1024 ** 3).toFixed(2)} GiB in ${fileCount} files`);

    const baseline = await seconds(() => run('sha512sum', files));
    console.log(`baseline sha512sum: ${baseline.toFixed(2)} s, ${(total / MiB / baseline).toFixed(0)} MiB/s`);

    const plan: BagPlan = {
      name: 'bench-bag',
      bagInfo: [['Source-Organization', 'Astroparticle Physics Data Centre (APDC)']],
      payload: files.map((file) => ({
        path: path.basename(file),
        sizeBytes: statSync(file).size,
        open: () => Promise.resolve(createReadStream(file, { highWaterMark: MiB })),
      })),
      tagFiles: [],
      modifiedAt: new Date('2026-01-01T00:00:00Z'),
    };
    const tarFile = path.join(dir, 'bench-bag.tar');
    const pack = await seconds(async () => {
      const packed = packBagAsTar(plan);
      await pipeline(packed.stream, createWriteStream(tarFile, { highWaterMark: 4 * MiB }));
      await packed.result;
    });
    console.log(
      `bag tar (sha512 + sha256, written to disk): ${pack.toFixed(2)} s, ${(total / MiB / pack).toFixed(0)} MiB/s, ` +
        `ratio to baseline ${(baseline / pack).toFixed(2)} (near 1 is best)`,
    );

    // The same packing into /dev/null: what hashing and tar framing cost without the disk writes.
    const framing = await seconds(async () => {
      const packed = packBagAsTar(plan);
      await pipeline(packed.stream, createWriteStream('/dev/null', { highWaterMark: 4 * MiB }));
      await packed.result;
    });
    console.log(
      `bag tar to /dev/null (hashing and framing only): ${framing.toFixed(2)} s, ` +
        `${(total / MiB / framing).toFixed(0)} MiB/s, ratio to baseline ${(baseline / framing).toFixed(2)}`,
    );

    let valid = false;
    const validate = await seconds(async () => {
      valid = (await validateBagTar(createReadStream(tarFile, { highWaterMark: MiB }))).valid;
    });
    console.log(
      `validate tar (sha256 of the tar, sha512 + sha256 per file): ${validate.toFixed(2)} s, ` +
        `${(total / MiB / validate).toFixed(0)} MiB/s, ratio to baseline ${(baseline / validate).toFixed(2)}, valid ${valid}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
