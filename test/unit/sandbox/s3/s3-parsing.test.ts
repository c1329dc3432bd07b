import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder } from '../../../../electron/sandbox/s3/aws-chunked-decoder';
import { parseByteRange } from '../../../../electron/sandbox/s3/byte-range';
import { compareKeys, listPage } from '../../../../electron/sandbox/s3/object-listing';
import { decodeXmlText, xmlDocument, xmlElements, xmlText } from '../../../../electron/sandbox/s3/s3-xml';

async function decode(pieces: string[]): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of Readable.from(pieces.map((p) => Buffer.from(p, 'latin1'))).pipe(new AwsChunkedDecoder())) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('latin1');
}

describe('aws-chunked bodies', () => {
  it('keeps only the payload, however the framing is split across reads', async () => {
    const framed = '5;chunk-signature=abc\r\nhello\r\n3\r\n, w\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n';
    expect(await decode([framed])).toBe('hello, w');
    expect(await decode(framed.split(''))).toBe('hello, w');
  });
  it('fails on bad framing or a body cut before its last chunk', async () => {
    await expect(decode(['zz\r\nhello\r\n'])).rejects.toThrow(/number of bytes/);
    await expect(decode(['5\r\nhel'])).rejects.toThrow(/number of bytes/);
    await expect(decode(['5\r\nhelloXX0\r\n\r\n'])).rejects.toThrow(/number of bytes/);
  });
});

describe('Range headers', () => {
  it('reads one range as S3 does', () => {
    expect(parseByteRange('bytes=0-9', 100)).toEqual({ startByte: 0, endByteInclusive: 9 });
    expect(parseByteRange('bytes=90-', 100)).toEqual({ startByte: 90, endByteInclusive: 99 });
    expect(parseByteRange('bytes=90-500', 100)).toEqual({ startByte: 90, endByteInclusive: 99 });
    expect(parseByteRange('bytes=-10', 100)).toEqual({ startByte: 90, endByteInclusive: 99 });
    expect(parseByteRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=0-1,4-5', 100)).toBeUndefined();
    expect(parseByteRange('items=0-1', 100)).toBeUndefined();
    expect(parseByteRange('bytes=9-2', 100)).toBeUndefined();
  });
});

describe('listing pages', () => {
  const keys = ['a/1', 'a/2', 'a/b/1', 'a/b/2', 'a/c/1', 'b/1'].sort(compareKeys);
  it('folds keys under a delimiter into common prefixes and resumes after them', () => {
    const first = listPage(keys, { prefix: 'a/', delimiter: '/', startAfter: '', maxKeys: 3 });
    expect(first).toEqual({ keys: ['a/1', 'a/2'], commonPrefixes: ['a/b/'], isTruncated: true, nextStartAfter: 'a/b/' });
    const second = listPage(keys, { prefix: 'a/', delimiter: '/', startAfter: 'a/b/', maxKeys: 3 });
    expect(second).toEqual({ keys: [], commonPrefixes: ['a/c/'], isTruncated: false, nextStartAfter: undefined });
  });
  it('sorts keys in UTF-8 byte order, as S3 does', () => {
    // U+FF21 (3 UTF-8 bytes) sorts before U+1F600 (4 bytes), though UTF-16 says otherwise.
    expect(['\u{1F600}', '\uFF21', 'z'].sort(compareKeys)).toEqual(['z', '\uFF21', '\u{1F600}']);
  });
});

describe('S3 XML', () => {
  it('escapes what it writes and decodes what it reads', () => {
    expect(xmlDocument('R', { Key: 'a<&>"b', Part: [{ N: 1 }, { N: 2 }], Skip: undefined })).toContain('<Key>a&lt;&amp;&gt;&quot;b</Key><Part><N>1</N></Part><Part><N>2</N></Part></R>');
    const body = '<Delete><Object><Key>x&amp;y</Key></Object><Object ><Key>&#x41;</Key></Object><ObjectLock/></Delete>';
    expect(xmlElements(body, 'Object').map((o) => xmlText(o, 'Key'))).toEqual(['x&y', 'A']);
    expect(decodeXmlText('&#99999999;')).toBe('&#99999999;');
  });
});
