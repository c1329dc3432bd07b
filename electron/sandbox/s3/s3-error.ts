/**
 * S3's errors as values: a code, an HTTP status and a message in S3's own words, plus the
 * resource it names. The front renders them as S3's XML error document, so the AWS CLI and
 * the SDK raise their usual named exceptions (NoSuchBucket, NoSuchKey, ...).
 */
export class S3Error extends Error {
  /** Headers S3 adds to this answer (Content-Range on InvalidRange). */
  readonly headers: Record<string, string> = {};
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly resource: { bucket?: string; key?: string } = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** The errors the S3 face answers with, named as S3 names them. */
export const s3Errors = {
  noSuchBucket: (bucket: string) => new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist', { bucket }),
  noSuchKey: (bucket: string, key: string) => new S3Error('NoSuchKey', 404, 'The specified key does not exist.', { bucket, key }),
  noSuchUpload: (bucket: string, key: string) =>
    new S3Error('NoSuchUpload', 404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', { bucket, key }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    new S3Error('BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.', { bucket }),
  bucketNotEmpty: (bucket: string) => new S3Error('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', { bucket }),
  invalidBucketName: (bucket: string) => new S3Error('InvalidBucketName', 400, 'The specified bucket is not valid.', { bucket }),
  keyTooLong: () => new S3Error('KeyTooLongError', 400, 'Your key is too long'),
  invalidRange: () => new S3Error('InvalidRange', 416, 'The requested range is not satisfiable'),
  invalidArgument: (message: string) => new S3Error('InvalidArgument', 400, message),
  invalidRequest: (message: string) => new S3Error('InvalidRequest', 400, message),
  malformedXml: () => new S3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema'),
  badDigest: () => new S3Error('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.'),
  invalidDigest: () => new S3Error('InvalidDigest', 400, 'The Content-MD5 you specified is not valid.'),
  incompleteBody: () => new S3Error('IncompleteBody', 400, 'You did not provide the number of bytes specified by the Content-Length HTTP header'),
  entityTooLarge: () => new S3Error('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed object size.'),
  entityTooSmall: () => new S3Error('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed object size.'),
  invalidPart: () => new S3Error('InvalidPart', 400, 'One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.'),
  invalidPartOrder: () => new S3Error('InvalidPartOrder', 400, 'The list of parts was not in ascending order. Parts must be ordered by part number.'),
  preconditionFailed: () => new S3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold'),
  notModified: () => new S3Error('NotModified', 304, 'Not Modified'),
  methodNotAllowed: () => new S3Error('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.'),
  notImplemented: (what: string) => new S3Error('NotImplemented', 501, `The sandbox's S3 does not implement ${what}.`),
  invalidUri: () => new S3Error('InvalidURI', 400, "Couldn't parse the specified URI."),
};
