import type { ApiClient, ReleaseFile } from './api-client.js';
import { CliError, type TextSink } from './cli-errors.js';
import { formatBytes, shellQuote } from './cli-format.js';
import { digestFile } from './content-digest.js';
import { guessMediaType } from './media-type.js';
import type { LocalFile } from './release-files.js';

export interface UploadTarget {
  readonly datasetId: string;
  readonly version: number;
}

/** The arguments of `apdc release upload` that pick up where a failed upload stopped. */
export interface ResumeFrom {
  readonly filesDir: string;
  /** Carries the files' `restricted` flags into the resumed upload. */
  readonly manifestPath: string | undefined;
  /** The paths the interrupted run was given explicitly, if any. */
  readonly paths: readonly string[];
  readonly restricted: boolean;
}

/**
 * Uploads the files one after the other, reporting progress on `stderr`. Stops at the first failure with
 * a {@link CliError} that says how to resume with `apdc release upload`.
 */
export async function uploadFiles(
  client: ApiClient,
  target: UploadTarget,
  files: readonly LocalFile[],
  stderr: TextSink,
  resume: ResumeFrom,
): Promise<ReleaseFile[]> {
  const progress = new UploadProgress(stderr, files);
  const uploaded: ReleaseFile[] = [];
  for (const [index, file] of files.entries()) {
    progress.start(index, file);
    try {
      const digest = await digestFile(file.absolutePath);
      uploaded.push(
        await client.uploadFile(target.datasetId, target.version, {
          path: file.path,
          localPath: file.absolutePath,
          sizeBytes: digest.sizeBytes,
          sha256Base64: digest.sha256Base64,
          mediaType: guessMediaType(file.path),
          restricted: file.restricted,
          onProgress: (sent) => progress.update(sent),
        }),
      );
      progress.done(digest.sizeBytes);
    } catch (error) {
      progress.failed();
      throw new CliError(`upload of ${file.path} (file ${index + 1}/${files.length}) failed`, {
        cause: error,
        hints: resumeHints(target, resume, file.path, index, files.length),
      });
    }
  }
  return uploaded;
}

function resumeHints(
  target: UploadTarget,
  resume: ResumeFrom,
  failedPath: string,
  index: number,
  count: number,
): string[] {
  const command = [
    'apdc release upload',
    shellQuote(target.datasetId),
    String(target.version),
    shellQuote(resume.filesDir),
    ...resume.paths.map(shellQuote),
    ...(resume.manifestPath === undefined ? [] : ['--manifest', shellQuote(resume.manifestPath)]),
    ...(resume.restricted ? ['--restricted'] : []),
    ...(index === 0 ? [] : ['--from', shellQuote(failedPath)]),
  ].join(' ');
  return [
    `Dataset ${target.datasetId} version ${target.version} stays a draft; ${index} of the ${count} files of this run were uploaded.`,
    'Once the cause is fixed, upload the rest (not "register" again, which would make another version):',
    `  ${command}`,
  ];
}

/** One line per file; on a terminal, the line is redrawn as bytes go out. */
class UploadProgress {
  private readonly totalBytes: number;
  private index = 0;
  private file: LocalFile | undefined;
  private lastDraw = 0;
  private bytesBefore = 0;

  constructor(
    private readonly stderr: TextSink,
    private readonly files: readonly LocalFile[],
  ) {
    this.totalBytes = files.reduce((sum, file) => sum + file.sizeBytes, 0);
  }

  start(index: number, file: LocalFile): void {
    this.index = index;
    this.file = file;
    this.lastDraw = 0;
    if (this.stderr.isTTY === true) this.draw(0, 'hashing');
  }

  update(sentBytes: number): void {
    const now = Date.now();
    // Redrawing on every 64 KiB chunk would cost more than the upload on a fast link.
    if (this.stderr.isTTY !== true || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.draw(sentBytes, '');
  }

  done(sizeBytes: number): void {
    this.bytesBefore += sizeBytes;
    if (this.stderr.isTTY === true) this.stderr.write('\r\x1b[K');
    this.stderr.write(`${this.prefix()} ${sizeBytes} bytes uploaded (${this.overall()})\n`);
  }

  failed(): void {
    if (this.stderr.isTTY === true) this.stderr.write('\n');
  }

  private draw(sentBytes: number, note: string): void {
    const size = this.file?.sizeBytes ?? 0;
    const percent = size === 0 ? 100 : Math.floor((sentBytes / size) * 100);
    const state = note === '' ? `${formatBytes(sentBytes)} / ${formatBytes(size)} (${percent}%)` : note;
    this.stderr.write(`\r\x1b[K${this.prefix()} ${state}`);
  }

  private prefix(): string {
    return `[${this.index + 1}/${this.files.length}] ${this.file?.path ?? ''}`;
  }

  private overall(): string {
    return `${formatBytes(this.bytesBefore)} of ${formatBytes(this.totalBytes)} in total`;
  }
}
