import { Transform, type TransformCallback } from 'node:stream';
import { s3Errors } from './s3-error';

const MAX_LINE_BYTES = 8192;

/**
 * Strips the `aws-chunked` framing that SDKs put around streamed uploads
 * (`x-amz-content-sha256: STREAMING-...`): `<hex size>[;chunk-signature=...]\r\n<bytes>\r\n`
 * chunks, a zero-size chunk, then optional trailer lines (checksums) and an empty line.
 * Signatures and trailing checksums are not checked (the sandbox trusts its callers);
 * framing that does not parse fails the stream with S3's IncompleteBody.
 */
export class AwsChunkedDecoder extends Transform {
  private state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  private line = '';
  private remainingBytes = 0;
  private endBytesSeen = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.state === 'done' || (this.state === 'trailer' && this.line === '') ? undefined : s3Errors.incompleteBody());
  }

  private consume(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.state === 'data') {
        const take = Math.min(this.remainingBytes, chunk.length - at);
        this.push(chunk.subarray(at, at + take));
        at += take;
        this.remainingBytes -= take;
        if (this.remainingBytes === 0) this.state = 'data-end';
      } else if (this.state === 'data-end') {
        const expected = this.endBytesSeen === 0 ? 0x0d : 0x0a;
        if (chunk[at] !== expected) throw s3Errors.incompleteBody();
        at++;
        this.endBytesSeen++;
        if (this.endBytesSeen === 2) {
          this.endBytesSeen = 0;
          this.state = 'size';
        }
      } else if (this.state === 'done') {
        return; // bytes after the final empty line are ignored
      } else {
        const newline = chunk.indexOf(0x0a, at);
        const end = newline < 0 ? chunk.length : newline;
        this.line += chunk.toString('latin1', at, end);
        if (this.line.length > MAX_LINE_BYTES) throw s3Errors.incompleteBody();
        at = end;
        if (newline < 0) return;
        at++;
        const text = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
        this.line = '';
        this.endLine(text);
      }
    }
  }

  private endLine(text: string): void {
    if (this.state === 'trailer') {
      if (text === '') this.state = 'done';
      return;
    }
    const sizeText = text.split(';', 1)[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]{1,12}$/.test(sizeText)) throw s3Errors.incompleteBody();
    this.remainingBytes = Number.parseInt(sizeText, 16);
    this.state = this.remainingBytes === 0 ? 'trailer' : 'data';
  }
}
