import { dataValue, foreignMessage } from '../../../shared/report/reject-reasons';

/**
 * A message a source reader did not write (zlib's, S3's, the file system's, hyparquet's)
 * as part of a reject reason: marked as `foreignMessage` marks it, and every mention of
 * the file's name marked whole, so that the same failure in a thousand objects makes one
 * reject group (the reject line names its file anyway).
 */
export function readerMessage(message: string, fileName: string): string {
  if (!fileName) return foreignMessage(message);
  return message.split(fileName).map(foreignMessage).join(dataValue(fileName));
}
