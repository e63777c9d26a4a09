import { beforeAll, describe, expect, it, vi } from 'vitest';
import { httpEvent, lambdaContext } from '../support/fakes/intake-handler-env.ts';

let handler: (typeof import('../../functions/http/openapi.ts'))['handler'];

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  vi.resetModules();
  ({ handler } = await import('../../functions/http/openapi.ts'));
});

describe('GET /api/openapi.json and /api/docs', () => {
  it('serves the OpenAPI document as JSON', async () => {
    const response = await handler(httpEvent('GET', '/api/openapi.json'), lambdaContext('openapi'));
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/^application\/json/);
    const document = JSON.parse(String(response.body)) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/hcmsg/sendMessage', '/api/hcmsg/requests/{requestNo}', '/api/health']));
  });

  it('serves a self-contained HTML page that renders the document', async () => {
    const response = await handler(httpEvent('GET', '/api/docs'), lambdaContext('openapi'));
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/^text\/html/);
    const html = String(response.body);
    expect(html).toContain("fetch('/api/openapi.json')");
    expect(html).toContain('retFlag');
    // Nothing loaded from elsewhere: the page must work offline.
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
  });
});
