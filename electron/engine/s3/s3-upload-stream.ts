import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Writable } from 'node:stream';
import { explainS3Error } from './s3-client';
import { parseS3Url } from './s3-url';

/** Options of an upload stream. */
export interface S3UploadOptions {
  /** Size of each part but the last (S3 needs at least 5 MiB; default 8 MiB). */
  partBytes?: number;
  /** Parts uploading at once (default 4); memory held is about (this + 1) x partBytes. */
  partsInFlight?: number;
  contentType?: string;
}

/**
 * A Writable that stores what is written to it as one S3 object: output smaller than a
 * part goes up with one PutObject; larger output as a multipart upload, parts sent while
 * writing continues (a few in flight, so memory stays bounded however large the output).
 * Ending the stream completes the upload; an error or a destroy aborts it, so no
 * half-written object and no orphaned parts are left behind.
 */
export function createS3UploadStream(client: S3Client, url: string, options: S3UploadOptions = {}): Writable {
  const address = parseS3Url(url);
  if (address.pattern || address.isPrefix) throw new Error(`"${url}" must name one object (s3://bucket/key), not a prefix or a pattern`);
  const { bucket, prefix: key } = address;
  const partBytes = Math.max(5 * 1024 * 1024, options.partBytes ?? 8 * 1024 * 1024);
  const partsInFlight = Math.max(1, options.partsInFlight ?? 4);
  const contentType = options.contentType ?? 'application/octet-stream';
  let buffered: Buffer[] = [];
  let bufferedBytes = 0;
  let uploadId: string | undefined;
  let nextPartNumber = 1;
  const parts: { PartNumber: number; ETag: string }[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: Error | undefined;

  const fail = (error: unknown, what: string): Error => {
    failure ??= new Error(explainS3Error(error, `${what} ${url}`), { cause: error });
    return failure;
  };

  async function sendPart(body: Buffer): Promise<void> {
    if (uploadId === undefined) {
      const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType })).catch((error: unknown) => {
        throw fail(error, 'Starting the upload of');
      });
      uploadId = created.UploadId;
    }
    const partNumber = nextPartNumber++;
    const sending = client
      .send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body }))
      .then((answer) => {
        parts.push({ PartNumber: partNumber, ETag: answer.ETag ?? '' });
      })
      .catch((error: unknown) => {
        fail(error, 'Uploading a part of');
      });
    const tracked = sending.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    while (inFlight.size >= partsInFlight) await Promise.race(inFlight);
    if (failure) throw failure;
  }

  function takePart(): Buffer {
    const all = Buffer.concat(buffered);
    const part = all.subarray(0, partBytes);
    const rest = all.subarray(partBytes);
    buffered = rest.length > 0 ? [rest] : [];
    bufferedBytes = rest.length;
    return part;
  }

  return new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      buffered.push(chunk);
      bufferedBytes += chunk.length;
      if (bufferedBytes < partBytes) {
        callback();
        return;
      }
      (async () => {
        while (bufferedBytes >= partBytes) await sendPart(takePart());
      })().then(() => callback(), (error: unknown) => callback(error instanceof Error ? error : fail(error, 'Uploading')));
    },
    final(callback) {
      (async () => {
        if (uploadId === undefined && inFlight.size === 0) {
          const body = Buffer.concat(buffered);
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType })).catch((error: unknown) => {
            throw fail(error, 'Writing');
          });
          return;
        }
        if (bufferedBytes > 0 || nextPartNumber === 1) await sendPart(takePart());
        await Promise.all(inFlight);
        if (failure) throw failure;
        parts.sort((a, b) => a.PartNumber - b.PartNumber);
        await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } })).catch((error: unknown) => {
          throw fail(error, 'Completing the upload of');
        });
      })().then(() => callback(), (error: unknown) => callback(error as Error));
    },
    destroy(error, callback) {
      const abort = uploadId !== undefined && error ? client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined) : Promise.resolve();
      void abort.then(() => callback(error));
    },
  });
}
