import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { httpEvent, lambdaContext } from '../support/fakes/intake-handler-env.ts';

let handler: (typeof import('../../functions/http/openapi.ts'))['handler'];

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  vi.resetModules();
  ({ handler } = await import('../../functions/http/openapi.ts'));
});

const get = (path: string, headers: Record<string, string> = {}) => {
  const event = httpEvent('GET', path);
  return handler({ ...event, headers: { ...event.headers, ...headers } }, lambdaContext('openapi'));
};

describe('GET /api/openapi.json and /api/docs', () => {
  it('serves the OpenAPI document as JSON', async () => {
    const response = await get('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/^application\/json/);
    const document = JSON.parse(String(response.body)) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/hcmsg/sendMessage', '/api/hcmsg/requests/{requestNo}', '/api/health']));
  });

  it('serves Swagger UI over the document, every file from this API (no CDN)', async () => {
    const response = await get('/api/docs');
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/^text\/html/);
    const html = String(response.body);
    expect(html).toContain('<script src="/api/docs/swagger-ui-bundle.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/api/docs/swagger-ui.css">');
    // Nothing loaded from elsewhere: the page must work offline.
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    const init = await get('/api/docs/docs-init.js');
    expect(init.headers?.['content-type']).toMatch(/^text\/javascript/);
    expect(String(init.body)).toContain("url: '/api/openapi.json'");
    // Swagger UI sends the document to validator.swagger.io unless told not to.
    expect(String(init.body)).toContain('validatorUrl: null');
  });

  it('serves Swagger UI\'s own files, gzipped when the browser accepts it, cached for a day', async () => {
    const plain = await get('/api/docs/swagger-ui-bundle.js');
    expect([plain.statusCode, plain.headers?.['content-type'], plain.isBase64Encoded]).toEqual([200, 'text/javascript; charset=utf-8', undefined]);
    expect(String(plain.body)).toContain('SwaggerUIBundle');
    const zipped = await get('/api/docs/swagger-ui-bundle.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: { 'content-encoding': 'gzip', vary: 'accept-encoding', 'cache-control': 'public, max-age=86400' } });
    expect(gunzipSync(Buffer.from(String(zipped.body), 'base64')).toString('utf8')).toBe(plain.body);
    expect(Buffer.from(String(zipped.body), 'base64').length).toBeLessThan(String(plain.body).length / 2);
    const css = await get('/api/docs/swagger-ui.css');
    expect([css.statusCode, css.headers?.['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
  });

  it('answers a file it does not have with the 404 envelope', async () => {
    const missing = await get('/api/docs/nothing.js');
    expect(missing.statusCode).toBe(404);
    expect(JSON.parse(String(missing.body))).toMatchObject({ head: { retFlag: '90001' } });
  });
});
