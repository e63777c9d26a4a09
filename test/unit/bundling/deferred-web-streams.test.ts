import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ReadableStream } from '../../../infra/bundling/deferred-web-streams.ts';

// What middy's streamed-response check gets in a bundle instead of node:stream/web: it must still
// tell a web stream from anything else, and a stream made from it must be Node's own.
describe('the deferred ReadableStream', () => {
  it('recognises Node web streams and nothing else', () => {
    expect(new globalThis.ReadableStream() instanceof ReadableStream).toBe(true);
    expect(Readable.toWeb(Readable.from(['a'])) instanceof ReadableStream).toBe(true);
    expect(Readable.from(['a']) instanceof ReadableStream).toBe(false);
    expect(('text' as unknown) instanceof ReadableStream).toBe(false);
    expect((undefined as unknown) instanceof ReadableStream).toBe(false);
  });

  it('constructs a real web stream that can be read', async () => {
    const stream = new ReadableStream({ start: (controller) => { controller.enqueue('chunk'); controller.close(); } });
    expect(stream).toBeInstanceOf(globalThis.ReadableStream);
    const chunks: unknown[] = [];
    for await (const chunk of stream as unknown as AsyncIterable<unknown>) chunks.push(chunk);
    expect(chunks).toEqual(['chunk']);
  });
});
