import type { S3Client } from '@aws-sdk/client-s3';
import type { ByteSource } from '../source/byte-source';
import type { S3ObjectInfo } from './list-s3-objects';
import { openS3Range, readS3Bytes } from './s3-range-stream';

/** An S3 object as a byte source: ranged GETs pinned to the listed ETag. */
export function s3ByteSource(client: S3Client, object: S3ObjectInfo): ByteSource {
  return {
    name: object.url,
    sizeBytes: object.sizeBytes,
    version: object.etag || null,
    openRange: (startByte, endByte, chunkBytes) => {
      let read = 0;
      const stream = openS3Range(client, object, startByte, Math.min(endByte, object.sizeBytes), chunkBytes, (bytes) => (read += bytes));
      return { stream, bytesRead: () => read };
    },
    readBytes: (startByte, length) => readS3Bytes(client, object, startByte, length),
  };
}
