import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { explainS3Error } from './s3-client';
import type { S3ObjectInfo } from './list-s3-objects';

/** How often a range read that broke off is continued from its last byte before it fails. */
const MAX_RESUMES = 4;

/**
 * Bytes `[startByte, endByte)` of an object as one stream, read with ranged GETs pinned to
 * the ETag the listing saw (`If-Match`), so an object replaced mid-read fails in words
 * instead of mixing two versions. A connection that breaks off mid-body is continued
 * from the last byte received with a new ranged GET, up to a few times. Backpressure is
 * the HTTP body's own: nothing is read ahead beyond the socket's buffers.
 */
export function openS3Range(client: S3Client, object: S3ObjectInfo, startByte: number, endByte: number, highWaterMarkBytes: number, onBytes?: (bytes: number) => void): Readable {
  let aborted: AbortController | undefined;
  async function* read(): AsyncGenerator<Buffer> {
    let position = startByte;
    let resumes = 0;
    while (position < endByte) {
      aborted = new AbortController();
      let body: AsyncIterable<Uint8Array> | undefined;
      try {
        const answer = await client.send(
          new GetObjectCommand({ Bucket: object.bucket, Key: object.key, Range: `bytes=${position}-${endByte - 1}`, ...(object.etag ? { IfMatch: object.etag } : {}) }),
          { abortSignal: aborted.signal },
        );
        body = answer.Body as AsyncIterable<Uint8Array> | undefined;
        if (!body) throw new Error('the answer has no body');
        for await (const chunk of body) {
          position += chunk.length;
          onBytes?.(chunk.length);
          yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
        }
        if (position < endByte) throw Object.assign(new Error(`the body ended at byte ${position} of ${endByte}`), { name: 'ShortBody' });
      } catch (error) {
        const name = (error as Error).name;
        const retryable = name === 'ShortBody' || /ECONNRESET|EPIPE|socket hang up|aborted|premature close|timeout/i.test(`${name} ${(error as Error).message}`);
        if (!retryable || resumes >= MAX_RESUMES || aborted.signal.aborted) throw new Error(explainS3Error(error, `Reading ${object.url}`), { cause: error });
        resumes++;
      } finally {
        (body as { destroy?: () => void } | undefined)?.destroy?.();
      }
    }
  }
  const stream = Readable.from(read(), { objectMode: false, highWaterMark: highWaterMarkBytes });
  stream.once('close', () => aborted?.abort());
  return stream;
}

/** The first `length` bytes from `startByte` of an object (format sniffing, gzip trailers); fewer near its end. */
export async function readS3Bytes(client: S3Client, object: S3ObjectInfo, startByte: number, length: number): Promise<Buffer> {
  const endByte = Math.min(object.sizeBytes, startByte + length);
  if (endByte <= startByte) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of openS3Range(client, object, startByte, endByte, 64 * 1024)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
