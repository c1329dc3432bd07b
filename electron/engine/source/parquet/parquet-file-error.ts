import { reasonText } from '../../../../shared/report/reject-reasons';
import { readerMessage } from '../reader-message';

/**
 * A file that is not Parquet, cut short, or damaged: what is wrong, in words naming the
 * file. `reason` is the same words with the file's name and what was read from it marked
 * as data values (see reject-reasons.ts), the reject reason that groups alike files
 * together; `message` is those words without marks.
 */
export class ParquetFileError extends Error {
  constructor(readonly reason: string) {
    super(reasonText(reason));
    this.name = 'ParquetFileError';
  }
}

/** An error met while reading a Parquet file, as a reject reason: a ParquetFileError's marked words, any other error's message marked as one Capstan did not write. */
export function parquetProblem(error: unknown, fileName: string): string {
  if (error instanceof ParquetFileError) return error.reason;
  return readerMessage(error instanceof Error ? error.message : String(error), fileName);
}
