// Bundled in place of `node:stream/web` (see ./options.ts). Its one importer is @middy/core, which
// checks `body instanceof ReadableStream` only in streamifyResponse mode, which no function turns on;
// loading Node's web streams for that import cost every cold start some 6 ms, about a tenth of the
// bare DynamoDB client's whole init (docs/ARCHITECTURE.md → Cold starts). This ReadableStream is Node's
// own, reached when first used: `instanceof` and `new` both go to the global, loaded only then. An
// importer asking for another name fails the build rather than getting a stand-in.

export class ReadableStream {
  constructor(...args: ConstructorParameters<typeof globalThis.ReadableStream>) {
    return new globalThis.ReadableStream(...args);
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof globalThis.ReadableStream;
  }
}
