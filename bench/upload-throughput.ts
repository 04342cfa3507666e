/**
 * Headline figure: streamed upload of a multi-GiB file through the API (SHA-256 + SHA-512 on the way,
 * fsync, rename) against a same-run baseline, a plain stream copy of the same bytes to the same disk.
 * Also prints the API process's peak resident memory, which must not grow with the file size.
 *
 *   npm run bench:upload -- [GiB]     (default 2; needs the build, which the npm script runs)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { findFreeLoopbackPort } from '@apdc/platform';

const CHUNK = Buffer.alloc(1024 * 1024, 0x5a);

function zeros(bytes: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) {
        this.push(null);
        return;
      }
      const size = Math.min(CHUNK.length, bytes - sent);
      sent += size;
      this.push(size === CHUNK.length ? CHUNK : CHUNK.subarray(0, size));
    },
  });
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 'NaN');
  return kib / 1024;
}

async function main(): Promise<void> {
  const gib = Number(process.argv[2] ?? '2');
  const bytes = Math.round(gib * 1024 ** 3);
  const home = mkdtempSync(path.join(os.tmpdir(), 'apdc-bench-'));
  const token = `apdc_bench_${Date.now()}_token_value`;
  const port = await findFreeLoopbackPort();
  const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/api/src/main.js');
  const api = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      APDC_HOME: home,
      APDC_PORT: String(port),
      APDC_EMBEDDED_PG_PORT: String(await findFreeLoopbackPort()),
      APDC_ADMIN_TOKEN: token,
      APDC_DEMO: 'false',
      APDC_LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        if (attempt > 300) throw new Error('the API did not start');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    await fetch(`${base}/api/v1/groups`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ slug: 'bench', name: 'Bench' }),
    });
    const created = await fetch(`${base}/api/v1/datasets`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ group: 'bench' }),
    });
    const { id } = (await created.json()) as { id: string };
    const rssBefore = peakRssMiB(api.pid ?? 0);

    const baselineFile = path.join(home, 'baseline.bin');
    const baselineStart = process.hrtime.bigint();
    await pipeline(zeros(bytes), createWriteStream(baselineFile));
    const baselineSeconds = Number(process.hrtime.bigint() - baselineStart) / 1e9;
    rmSync(baselineFile);

    const uploadStart = process.hrtime.bigint();
    const response = await fetch(`${base}/api/v1/datasets/${id}/versions/1/files/big.bin`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(bytes),
      },
      body: Readable.toWeb(zeros(bytes)),
      duplex: 'half',
    });
    const uploadSeconds = Number(process.hrtime.bigint() - uploadStart) / 1e9;
    const stored = (await response.json()) as { sizeBytes?: number };
    if (response.status !== 201 || stored.sizeBytes !== bytes) {
      throw new Error(`upload failed: ${response.status} ${JSON.stringify(stored)}`);
    }
    const rssAfter = peakRssMiB(api.pid ?? 0);
    const mib = bytes / 1024 ** 2;
    console.log(`upload of ${gib} GiB: ${(mib / uploadSeconds).toFixed(0)} MiB/s through the API`);
    console.log(`baseline (plain stream copy to the same disk): ${(mib / baselineSeconds).toFixed(0)} MiB/s`);
    console.log(`ratio upload/baseline: ${(baselineSeconds / uploadSeconds).toFixed(2)}`);
    console.log(
      `API peak RSS: ${rssBefore.toFixed(0)} MiB before, ${rssAfter.toFixed(0)} MiB after (file ${mib.toFixed(0)} MiB)`,
    );
  } finally {
    api.kill('SIGTERM');
    await once(api, 'exit');
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
