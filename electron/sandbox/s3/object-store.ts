import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DiskBlobStore, MemoryBlobStore, type BlobStore } from './blob-store';
import type { ByteRange } from './byte-range';
import { compareKeys, listPage, type ListingPage, type ListingQuery } from './object-listing';
import { s3Errors } from './s3-error';

/** What the store keeps about one object (its bytes are the blob `blobId`). */
export interface StoredObject {
  key: string;
  blobId: string;
  sizeBytes: number;
  /** Quoted, as S3 sends it: the MD5 of the bytes, or of the parts' MD5s plus `-N` for a multipart upload. */
  etag: string;
  lastModifiedMs: number;
  contentType: string;
  contentEncoding?: string;
  userMetadata: Record<string, string>;
}

/** The headers-borne facts of an object a client chooses when it writes one. */
export type ObjectHeaders = Pick<StoredObject, 'contentType' | 'contentEncoding' | 'userMetadata'>;

interface Bucket {
  name: string;
  createdMs: number;
  objects: Map<string, StoredObject>;
  sortedKeys: string[] | undefined;
}

/** A part of a multipart upload. */
export interface UploadedPart {
  partNumber: number;
  blobId: string;
  sizeBytes: number;
  etag: string;
  lastModifiedMs: number;
}

interface Upload {
  uploadId: string;
  bucket: string;
  key: string;
  headers: ObjectHeaders;
  parts: Map<number, UploadedPart>;
}

/** S3's smallest part size, except for the last part (5 MiB). */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The sandbox's buckets and objects: metadata in memory (written through to JSON files
 * when the sandbox has a data folder, one file per object named by the key's SHA-256),
 * bytes in a blob store. Multipart uploads in progress live in memory only.
 */
export class ObjectStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly uploads = new Map<string, Upload>();
  // Metadata files are written one at a time, so the file always ends as the map says.
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    readonly blobs: BlobStore,
    private readonly folder: string | undefined,
  ) {}

  /** Opens the store in `folder` (loading what an earlier run kept), or in memory. */
  static async open(folder?: string): Promise<ObjectStore> {
    if (!folder) return new ObjectStore(new MemoryBlobStore(), undefined);
    const store = new ObjectStore(await DiskBlobStore.open(join(folder, 'blobs')), folder);
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    const folder = this.folder as string;
    const bucketsFolder = join(folder, 'buckets');
    await mkdir(bucketsFolder, { recursive: true });
    const referenced = new Set<string>();
    for (const name of await readdir(bucketsFolder)) {
      const facts = JSON.parse(await readFile(join(bucketsFolder, name, 'bucket.json'), 'utf8').catch(() => '{}')) as { createdMs?: number };
      const bucket: Bucket = { name, createdMs: facts.createdMs ?? Date.now(), objects: new Map(), sortedKeys: undefined };
      const objectsFolder = join(bucketsFolder, name, 'objects');
      for (const file of await readdir(objectsFolder).catch(() => [] as string[])) {
        if (!file.endsWith('.json')) continue;
        const object = JSON.parse(await readFile(join(objectsFolder, file), 'utf8')) as StoredObject;
        bucket.objects.set(object.key, object);
        referenced.add(object.blobId);
      }
      this.buckets.set(name, bucket);
    }
    // Blobs of uploads cut short or of objects replaced just before a crash.
    for (const blobId of await this.blobs.list()) if (!referenced.has(blobId)) await this.blobs.remove(blobId);
  }

  private persist(work: () => Promise<void>): Promise<void> {
    if (!this.folder) return Promise.resolve();
    const next = this.writes.then(work);
    this.writes = next.catch(() => undefined);
    return next;
  }

  private bucketFolder(name: string): string {
    return join(this.folder as string, 'buckets', name);
  }

  private objectFile(bucket: string, key: string): string {
    return join(this.bucketFolder(bucket), 'objects', `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  /** Every bucket, by name. */
  listBuckets(): { name: string; createdMs: number }[] {
    return [...this.buckets.values()].map(({ name, createdMs }) => ({ name, createdMs })).sort((a, b) => compareKeys(a.name, b.name));
  }

  /** Creates a bucket with a name S3 would accept. */
  async createBucket(name: string): Promise<void> {
    if (!BUCKET_NAME.test(name) || name.includes('..')) throw s3Errors.invalidBucketName(name);
    if (this.buckets.has(name)) throw s3Errors.bucketAlreadyOwnedByYou(name);
    const bucket: Bucket = { name, createdMs: Date.now(), objects: new Map(), sortedKeys: undefined };
    this.buckets.set(name, bucket);
    await this.persist(async () => {
      await mkdir(join(this.bucketFolder(name), 'objects'), { recursive: true });
      await writeFile(join(this.bucketFolder(name), 'bucket.json'), JSON.stringify({ createdMs: bucket.createdMs }));
    });
  }

  /** Throws NoSuchBucket unless the bucket exists. */
  requireBucket(name: string): void {
    this.bucket(name);
  }

  private bucket(name: string): Bucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw s3Errors.noSuchBucket(name);
    return bucket;
  }

  /** Deletes an empty bucket. */
  async deleteBucket(name: string): Promise<void> {
    const bucket = this.bucket(name);
    if (bucket.objects.size > 0) throw s3Errors.bucketNotEmpty(name);
    this.buckets.delete(name);
    await this.persist(() => rm(this.bucketFolder(name), { recursive: true, force: true }));
  }

  /** One listing page with the objects its keys name. */
  list(bucketName: string, query: ListingQuery): ListingPage & { objects: StoredObject[] } {
    const bucket = this.bucket(bucketName);
    bucket.sortedKeys ??= [...bucket.objects.keys()].sort(compareKeys);
    const page = listPage(bucket.sortedKeys, query);
    return { ...page, objects: page.keys.map((key) => bucket.objects.get(key) as StoredObject) };
  }

  /** The object's facts; NoSuchKey when absent. */
  head(bucketName: string, key: string): StoredObject {
    const object = this.bucket(bucketName).objects.get(key);
    if (!object) throw s3Errors.noSuchKey(bucketName, key);
    return object;
  }

  /** Reads an object's bytes (or a range of them) as a stream. */
  read(object: StoredObject, range?: ByteRange): Promise<Readable> {
    return this.blobs.open(object.blobId, range);
  }

  /** Makes a written blob the object at `key`, replacing (and freeing) what was there. */
  async commit(bucketName: string, object: StoredObject): Promise<void> {
    const bucket = this.bucket(bucketName);
    const previous = bucket.objects.get(object.key);
    if (!previous) bucket.sortedKeys = undefined;
    bucket.objects.set(object.key, object);
    await this.persist(async () => {
      const file = this.objectFile(bucketName, object.key);
      const temporary = `${file}.${randomUUID()}.tmp`;
      await writeFile(temporary, JSON.stringify(object));
      await rename(temporary, file);
    });
    if (previous && previous.blobId !== object.blobId) await this.blobs.remove(previous.blobId);
  }

  /** Deletes an object; deleting a missing key succeeds, as in S3. */
  async delete(bucketName: string, key: string): Promise<void> {
    const bucket = this.bucket(bucketName);
    const previous = bucket.objects.get(key);
    if (!previous) return;
    bucket.objects.delete(key);
    bucket.sortedKeys = undefined;
    await this.persist(() => rm(this.objectFile(bucketName, key), { force: true }));
    await this.blobs.remove(previous.blobId);
  }

  /** Starts a multipart upload and returns its id. */
  createUpload(bucketName: string, key: string, headers: ObjectHeaders): string {
    this.bucket(bucketName);
    const uploadId = randomUUID().replaceAll('-', '');
    this.uploads.set(uploadId, { uploadId, bucket: bucketName, key, headers, parts: new Map() });
    return uploadId;
  }

  /** The upload, checked against the bucket and key the request names. */
  upload(bucketName: string, key: string, uploadId: string): Upload {
    this.bucket(bucketName);
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.bucket !== bucketName || upload.key !== key) throw s3Errors.noSuchUpload(bucketName, key);
    return upload;
  }

  /** Records a part (a part sent again under the same number replaces the first). */
  async addPart(upload: Upload, part: UploadedPart): Promise<void> {
    const previous = upload.parts.get(part.partNumber);
    upload.parts.set(part.partNumber, part);
    if (previous) await this.blobs.remove(previous.blobId);
  }

  /** Joins the listed parts into the object, checking order, ETags and part sizes as S3 does. */
  async completeUpload(upload: Upload, listed: { partNumber: number; etag: string }[]): Promise<StoredObject> {
    if (listed.length === 0) throw s3Errors.malformedXml();
    const chosen: UploadedPart[] = [];
    for (const [index, { partNumber, etag }] of listed.entries()) {
      if (index > 0 && partNumber <= (listed[index - 1] as { partNumber: number }).partNumber) throw s3Errors.invalidPartOrder();
      const part = upload.parts.get(partNumber);
      if (!part || unquote(part.etag) !== unquote(etag)) throw s3Errors.invalidPart();
      if (index < listed.length - 1 && part.sizeBytes < MIN_PART_BYTES) throw s3Errors.entityTooSmall();
      chosen.push(part);
    }
    const md5s = Buffer.concat(chosen.map((part) => Buffer.from(unquote(part.etag), 'hex')));
    const blobId = await this.blobs.concat(chosen.map((part) => part.blobId));
    const object: StoredObject = {
      key: upload.key,
      blobId,
      sizeBytes: chosen.reduce((sum, part) => sum + part.sizeBytes, 0),
      etag: `"${createHash('md5').update(md5s).digest('hex')}-${chosen.length}"`,
      lastModifiedMs: Date.now(),
      ...upload.headers,
    };
    this.uploads.delete(upload.uploadId);
    await this.commit(upload.bucket, object);
    for (const part of upload.parts.values()) await this.blobs.remove(part.blobId);
    return object;
  }

  /** The uploads in progress in a bucket, by key. */
  listUploads(bucketName: string): { key: string; uploadId: string }[] {
    this.bucket(bucketName);
    return [...this.uploads.values()].filter((u) => u.bucket === bucketName).map((u) => ({ key: u.key, uploadId: u.uploadId })).sort((a, b) => compareKeys(a.key, b.key));
  }

  /** Drops an upload and its parts. */
  async abortUpload(upload: Upload): Promise<void> {
    this.uploads.delete(upload.uploadId);
    for (const part of upload.parts.values()) await this.blobs.remove(part.blobId);
  }
}

function unquote(etag: string): string {
  return etag.trim().replace(/^"|"$/g, '');
}
