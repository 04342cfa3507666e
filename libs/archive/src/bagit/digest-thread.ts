/**
 * A second thread for hashing: a bag is read once through two or three digests, and on a machine with
 * two cores the second one costs nothing if it runs beside the first instead of after it.
 */
import { Worker } from 'node:worker_threads';
import { MultiDigest } from './bag-digest.js';

/** Below this, posting chunks to another thread costs more than hashing them here. */
export const OFF_THREAD_MIN_BYTES = 4 * 1024 * 1024;
/** Bytes posted but not yet hashed, beyond which the sender waits: memory stays bounded. */
const IN_FLIGHT_LIMIT = 8 * 1024 * 1024;

// Plain CommonJS, evaluated by the worker: no file to locate, whether running from dist/ or under jest.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const sessions = new Map();
parentPort.on('message', (message) => {
  if (message.algorithms !== undefined) {
    sessions.set(message.id, message.algorithms.map((algorithm) => [algorithm, createHash(algorithm)]));
  } else if (message.chunk !== undefined) {
    for (const [, hash] of sessions.get(message.id)) hash.update(message.chunk);
    parentPort.postMessage({ buffer: message.chunk.buffer }, [message.chunk.buffer]);
  } else {
    const digests = {};
    for (const [algorithm, hash] of sessions.get(message.id)) digests[algorithm] = hash.digest('hex');
    sessions.delete(message.id);
    parentPort.postMessage({ id: message.id, digests });
  }
});
`;

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

type Reply =
  { readonly buffer: ArrayBuffer } | { readonly id: number; readonly digests: Record<string, string> };

/** One worker thread, started on first use, shared by the digest sessions of one bag operation. */
export class DigestThread {
  private worker: Worker | undefined;
  private sessions = 0;
  private inFlight = 0;
  private awaited = 0;
  private failure: Error | undefined;
  private readonly drainWaiters: Waiter[] = [];
  /** Buffers the thread has finished with, sent back to carry later chunks instead of fresh ones. */
  private readonly spare: ArrayBuffer[] = [];
  private spareBytes = 0;
  private readonly replies = new Map<
    number,
    { resolve(digests: Record<string, string>): void; reject(error: Error): void }
  >();

  /** Hashes with the given algorithms on the thread; call update() per chunk, then digests() once. */
  session<A extends string>(algorithms: readonly A[]): DigestSession<A> {
    this.sessions += 1;
    const id = this.sessions;
    this.start().postMessage({ id, algorithms });
    return new DigestSession<A>(this, id);
  }

  /** @internal */
  post(id: number, chunk: Buffer): Promise<void> | undefined {
    if (this.failure !== undefined) throw this.failure;
    // Buffers come in powers of two, so a spare one fits a chunk of similar size without much waste.
    const size = 2 ** Math.ceil(Math.log2(Math.max(chunk.length, 1 << 12)));
    const index = this.spare.findIndex((buffer) => buffer.byteLength === size);
    const reused = index < 0 ? undefined : this.spare.splice(index, 1)[0];
    if (reused !== undefined) this.spareBytes -= size;
    const buffer = reused ?? new ArrayBuffer(size);
    const copy = new Uint8Array(buffer, 0, chunk.length);
    copy.set(chunk);
    // Counted (the whole buffer, which is what memory holds) before the transfer empties it on this side.
    this.inFlight += size;
    this.start().postMessage({ id, chunk: copy }, [buffer]);
    if (this.inFlight <= IN_FLIGHT_LIMIT) return undefined;
    return this.awaiting(new Promise<void>((resolve, reject) => this.drainWaiters.push({ resolve, reject })));
  }

  /** @internal */
  finish(id: number): Promise<Record<string, string>> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const reply = new Promise<Record<string, string>>((resolve, reject) =>
      this.replies.set(id, { resolve, reject }),
    );
    this.start().postMessage({ id });
    return this.awaiting(reply);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.fail(new Error('digest thread closed'));
    if (worker !== undefined) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    // The thread keeps the process alive only while someone waits for it (see awaiting()).
    worker.unref();
    worker.on('message', (reply: Reply) => this.receive(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(new Error(`digest thread exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private receive(reply: Reply): void {
    if ('buffer' in reply) {
      this.inFlight -= reply.buffer.byteLength;
      if (this.spareBytes + reply.buffer.byteLength <= IN_FLIGHT_LIMIT) {
        this.spare.push(reply.buffer);
        this.spareBytes += reply.buffer.byteLength;
      }
      if (this.inFlight <= IN_FLIGHT_LIMIT / 2) {
        for (const waiter of this.drainWaiters.splice(0)) waiter.resolve();
      }
      return;
    }
    this.replies.get(reply.id)?.resolve(reply.digests);
    this.replies.delete(reply.id);
  }

  private async awaiting<T>(promise: Promise<T>): Promise<T> {
    this.awaited += 1;
    this.worker?.ref();
    try {
      return await promise;
    } finally {
      this.awaited -= 1;
      if (this.awaited === 0) this.worker?.unref();
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.drainWaiters.splice(0)) waiter.reject(error);
    for (const reply of this.replies.values()) reply.reject(error);
    this.replies.clear();
  }
}

export class DigestSession<A extends string> {
  constructor(
    private readonly thread: DigestThread,
    private readonly id: number,
  ) {}

  /** Resolves a promise to wait for when too much is in flight, so the caller slows to the thread's pace. */
  update(chunk: Buffer): Promise<void> | undefined {
    return chunk.length === 0 ? undefined : this.thread.post(this.id, chunk);
  }

  async digests(): Promise<Record<A, string>> {
    return await this.thread.finish(this.id);
  }
}

/**
 * Digests of one byte stream: `local` algorithms on this thread, `remote` ones on the digest thread once
 * the stream is known (from `expectedBytes`) or turns out to be large. Small streams stay on this thread.
 */
export class SplitDigest<A extends string> {
  private readonly local: MultiDigest<A>;
  private remote: DigestSession<A> | undefined;
  /** Bytes of a stream of unknown size, held (at most OFF_THREAD_MIN_BYTES) until it proves large. */
  private held: Buffer[] | undefined;
  private heldBytes = 0;
  private octets = 0;

  constructor(
    localAlgorithms: readonly A[],
    private readonly remoteAlgorithms: readonly A[],
    private readonly thread: DigestThread | undefined,
    expectedBytes: number | undefined,
  ) {
    const split = thread !== undefined && remoteAlgorithms.length > 0;
    this.local = new MultiDigest(split ? localAlgorithms : [...localAlgorithms, ...remoteAlgorithms]);
    if (!split) return;
    if (expectedBytes === undefined) this.held = [];
    else if (expectedBytes >= OFF_THREAD_MIN_BYTES) this.remote = thread.session(remoteAlgorithms);
    else this.local = new MultiDigest([...localAlgorithms, ...remoteAlgorithms]);
  }

  /** The first algorithm here, the others on the thread: how both writers and validators hash. */
  static of<A extends string>(
    algorithms: readonly A[],
    thread: DigestThread | undefined,
    expectedBytes: number | undefined,
  ): SplitDigest<A> {
    return new SplitDigest(algorithms.slice(0, 1), algorithms.slice(1), thread, expectedBytes);
  }

  get size(): number {
    return this.octets;
  }

  /** Returns a promise to wait for when the thread is behind. */
  update(chunk: Buffer): Promise<void> | undefined {
    this.octets += chunk.length;
    this.local.update(chunk);
    if (this.remote !== undefined) return this.remote.update(chunk);
    if (this.held === undefined || this.thread === undefined) return undefined;
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes < OFF_THREAD_MIN_BYTES) return undefined;
    const remote = this.thread.session(this.remoteAlgorithms);
    this.remote = remote;
    let wait: Promise<void> | undefined;
    for (const part of this.held.splice(0)) wait = remote.update(part) ?? wait;
    this.held = undefined;
    return wait;
  }

  async digests(): Promise<Record<A, string>> {
    const local = this.local.digests();
    if (this.remote !== undefined) return { ...local, ...(await this.remote.digests()) };
    if (this.held === undefined) return local;
    const rest = new MultiDigest(this.remoteAlgorithms);
    for (const part of this.held) rest.update(part);
    return { ...local, ...rest.digests() };
  }
}
