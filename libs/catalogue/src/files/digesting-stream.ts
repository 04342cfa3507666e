import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export class SizeLimitExceededError extends Error {
  constructor(readonly limitBytes: number) {
    super(`more than ${limitBytes} bytes`);
  }
}

/** Passes bytes through while computing SHA-256, SHA-512 and the size; fails past `limitBytes`. */
export class DigestingStream extends Transform {
  private readonly sha256Hash: Hash = createHash('sha256');
  private readonly sha512Hash: Hash = createHash('sha512');
  private bytes = 0;
  private digests: { sha256: string; sha512: string; sizeBytes: number } | undefined;

  constructor(private readonly limitBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limitBytes) {
      callback(new SizeLimitExceededError(this.limitBytes));
      return;
    }
    this.sha256Hash.update(chunk);
    this.sha512Hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.digests = {
      sha256: this.sha256Hash.digest('hex'),
      sha512: this.sha512Hash.digest('hex'),
      sizeBytes: this.bytes,
    };
    callback();
  }

  /** Available once the stream has ended. */
  result(): { sha256: string; sha512: string; sizeBytes: number } {
    if (this.digests === undefined) throw new Error('the stream has not ended');
    return this.digests;
  }
}
