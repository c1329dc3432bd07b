import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppendFile } from '../checkpoint/append-file';
import type { ClientTarget } from '../dynamo/client-target';
import { createS3Client } from '../s3/s3-client';
import { createS3UploadStream } from '../s3/s3-upload-stream';
import { isS3Url, parseS3Url } from '../s3/s3-url';

/** Where an output may be staged and how it reaches S3 when it names `s3://`. */
export interface OutputFileOptions {
  /** The job's folder: an `s3://` output is staged there (as `output.jsonl`) until it is uploaded. */
  stagingDirectory: string;
  /** The job's connection, whose credentials, region and endpoint the upload uses. */
  target: ClientTarget;
}

/**
 * A file a job appends lines to (the items `find` matched), kept in step with the
 * checkpoint: the checkpoint saves its length and a resumed job cuts it back to that
 * length, so the lines of a page read again after a crash are not written twice. A full
 * disk loses no line (see `AppendFile`).
 *
 * An `s3://bucket/key` output is the same file staged in the job's folder (so a resume
 * continues it exactly: an S3 upload cannot be cut back to a length) and, when the job
 * closes, streamed to the object through the multipart upload stream query-export uses.
 * Each close uploads the whole staged file again, so after a resume the object holds
 * every match, once.
 */
export class OutputFile {
  private constructor(private readonly file: AppendFile, private readonly upload: { url: string; target: ClientTarget } | null) {}

  /** Where the lines end up: the local path or the `s3://` URL. */
  get path(): string {
    return this.upload?.url ?? this.file.path;
  }

  /** Opens (or creates) the file, cut to `keepBytes`; an `s3://` path is staged under `options.stagingDirectory`. */
  static async open(path: string, keepBytes = 0, options?: OutputFileOptions): Promise<OutputFile> {
    if (!isS3Url(path)) return new OutputFile(await AppendFile.open(path, keepBytes), null);
    if (!options) throw new Error(`"${path}" is an S3 output, which needs the job's folder and connection`);
    const address = parseS3Url(path);
    if (address.pattern || address.isPrefix) throw new Error(`"${path}" must name one object (s3://bucket/key), not a prefix or a pattern`);
    return new OutputFile(await AppendFile.open(join(options.stagingDirectory, 'output.jsonl'), keepBytes), { url: path, target: options.target });
  }

  /** Adds one line (buffered until the next flush). */
  addLine(text: string): void {
    this.file.add(`${text}\n`);
  }

  /** Writes the lines buffered now and makes them durable; resolves to the file's durable length. */
  flush(): Promise<number> {
    return this.file.flush();
  }

  /** Flushes and closes; an S3 output is then uploaded whole (errors in words naming the object). */
  async close(): Promise<void> {
    await this.file.close();
    if (!this.upload) return;
    const s3 = createS3Client(this.upload.target, { maxSockets: 8 });
    try {
      await pipeline(createReadStream(this.file.path), createS3UploadStream(s3, this.upload.url, { contentType: 'application/x-ndjson' }));
    } finally {
      s3.destroy();
    }
  }
}
