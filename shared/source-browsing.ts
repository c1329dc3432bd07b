/**
 * What the load wizard's source pickers show: the buckets of a connection, one level of
 * an S3 prefix with the objects a source address would load, and one folder of the host
 * (web mode's file chooser, confined to the folders the server allows).
 */

/** The buckets a connection can list. */
export interface S3BucketList {
  buckets: string[];
}

/** One object of an S3 listing. */
export interface S3ListedObject {
  key: string;
  /** `s3://bucket/key` */
  url: string;
  sizeBytes: number;
}

/**
 * One level of an S3 prefix: its sub-prefixes (as folders), a page of the objects the
 * address would load, and their count and total size over every page.
 */
export interface S3Listing {
  /** The address listed (`s3://bucket/prefix/` or `s3://bucket/prefix/*.csv.gz`). */
  url: string;
  bucket: string;
  /** The folder level shown: the key part before the last `/` of the address's literal start. */
  folderPrefix: string;
  /** `s3://bucket/prefix/sub/` of each sub-prefix at this level. */
  folders: string[];
  /** A page of the objects a load of `url` reads, in key order. */
  objects: S3ListedObject[];
  /** Token for the next page of `objects`, or null on the last page. */
  nextPageToken: string | null;
  /** Objects a load of `url` reads, and their bytes (counted over every page, up to a bound). */
  objectCount: number;
  totalBytes: number;
  /** False when counting stopped at its bound: the real count is higher. */
  countComplete: boolean;
}

/** One entry of a host folder. */
export interface HostFolderEntry {
  name: string;
  /** Absolute real path, to pass back as a source or to list further. */
  path: string;
  kind: 'folder' | 'file';
  sizeBytes: number;
}

/** A host folder's entries as the web file chooser shows them, or the allowed roots when no folder is named. */
export interface HostFolderListing {
  /** The folder listed, or null for the list of roots. */
  path: string | null;
  /** The folder above, when it is still allowed; null at a root. */
  parent: string | null;
  entries: HostFolderEntry[];
  /** More entries than are shown. */
  truncated: boolean;
}
