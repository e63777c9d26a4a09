import { gzipSync } from 'node:zlib';
import { DomainError } from '#core/errors';
import { rawResponse, type RawResponse } from './http-handler.ts';

// A few text files served by a function (the API docs' Swagger UI): gzipped once per container when
// the client accepts it (HTTP API does not compress; Swagger UI's bundle is 1.4 MB, 0.4 MB gzipped),
// cached by browsers for a day (they change only with a deployment). The contents are read (and their
// module loaded) on the first request for a file, not at cold start: most invocations never serve one.

const CACHE = 'public, max-age=86400';

export const staticFiles = <N extends string>(types: Record<N, string>, read: () => Promise<Record<N, string>>) => {
  const zipped = new Map<N, string>();
  const names = Object.keys(types) as N[];
  let contents: Promise<Record<N, string>> | undefined;
  return {
    async serve(name: string, acceptEncoding: string | undefined): Promise<RawResponse> {
      const file = names.find((n) => n === name);
      if (!file) throw new DomainError('ROUTE_NOT_FOUND', `接口不存在: GET /api/docs/${name} (no such file)`);
      contents ??= read().catch((error: unknown) => {
        contents = undefined;
        throw error;
      });
      const text = (await contents)[file];
      const gzip = /\bgzip\b/.test(acceptEncoding ?? '');
      if (!gzip) return rawResponse(200, types[file], text, { headers: { 'cache-control': CACHE, vary: 'accept-encoding' } });
      if (!zipped.has(file)) zipped.set(file, gzipSync(text).toString('base64'));
      return rawResponse(200, types[file], zipped.get(file)!, { base64: true, headers: { 'cache-control': CACHE, vary: 'accept-encoding', 'content-encoding': 'gzip' } });
    },
  };
};
