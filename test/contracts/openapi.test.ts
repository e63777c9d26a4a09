import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#contracts/openapi';
import { errorTable } from '#runtime/error-table';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; maxLength?: number; maxItems?: number; minItems?: number; items?: Schema; enum?: unknown[]; anyOf?: Schema[]; $ref?: string };

const document = buildOpenApiDocument(errorTable) as unknown as {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, { description: string }>; security?: unknown[]; parameters?: { name: string; in: string }[] }>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { type: string; name: string; in: string }> };
  'x-retFlags': { retFlag: string; code: string; status: number }[];
};

describe('the OpenAPI document', () => {
  const send = document.paths['/api/hcmsg/sendMessage']!.post!;

  it('describes sendMessage with the zod body schema: required fields and character limits', () => {
    const body = send.requestBody!.content['application/json']!.schema;
    expect(body.required).toEqual(expect.arrayContaining(['requestNo', 'institution', 'bizType', 'bizId', 'pushType', 'bizContent', 'useTmpl', 'requestTime', 'requestIp', 'userIds']));
    expect(body.required).not.toContain('msgTitle');
    expect(body.properties!.requestNo!.maxLength).toBe(32);
    expect(body.properties!.pushType!.enum).toEqual(['SINGLE_ACCOUNT', 'MULTI_ACCOUNT', 'ALL']);
    expect(body.properties!.userIds).toMatchObject({ type: 'array', minItems: 1, maxItems: 10_000 });
    expect(Object.keys(body.properties!.userIds!.items!.properties!)).toEqual(expect.arrayContaining(['mobile', 'email', 'deviceNo', 'custType']));
  });

  it('requires the API key and lists the retFlags each route can answer', () => {
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    expect(send.security).toEqual([{ apiKey: [] }]);
    expect(send.responses['200']!.description).toContain('00000');
    expect(send.responses['409']!.description).toContain('30005');
    expect(send.responses['401']!.description).toContain('20001');
    expect(send.responses['400']!.description).toContain('10004');
    const status = document.paths['/api/hcmsg/requests/{requestNo}']!.get!;
    expect(status.parameters).toEqual([expect.objectContaining({ name: 'requestNo', in: 'path' })]);
    expect(status.responses['404']!.description).toContain('50001');
  });

  it('documents the operators\' outbox view with its filters, behind the admin sign-in', () => {
    const outbox = document.paths['/api/admin/outbox']!.get!;
    expect(outbox.parameters!.map((p) => ('name' in p ? p.name : '')).sort()).toEqual(['channel', 'cursor', 'limit', 'requestNo', 'to']);
    expect(outbox.security).toEqual([{ bearer: [] }]);
  });

  it('documents every retFlag of the error table', () => {
    expect(document['x-retFlags']).toHaveLength(Object.keys(errorTable).length);
    expect(document['x-retFlags']).toContainEqual({ retFlag: '90002', code: 'THROTTLED', status: 503, description: expect.stringMatching(/^[^(]+ \(.+\)$/) });
    expect(new Set(document['x-retFlags'].map((f) => f.retFlag)).size).toBe(document['x-retFlags'].length);
  });

  it('shows the retFlag table with descriptions, Chinese then English, where Swagger UI shows the API', () => {
    const description = (document as unknown as { info: { description: string } }).info.description;
    for (const [code, { retFlag, status, description: meaning }] of Object.entries(errorTable)) {
      expect(meaning, code).toMatch(/^[^(]*[\u4e00-\u9fff][^(]* \([^)]*[a-zA-Z][^)]*\)$/);
      expect(description).toContain(`| ${retFlag} | ${status} | ${code} | ${meaning} |`);
    }
  });

  it('gives every operation a complete example request and response, and an example per error it can answer', () => {
    type Media = { example?: unknown; examples?: Record<string, { value: { head: { retFlag: string } } }> };
    type Op = { requestBody?: { content: Record<string, Media> }; responses: Record<string, { content?: Record<string, Media> }> };
    const operations = Object.entries(document.paths as unknown as Record<string, Record<string, Op>>).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ what: `${method} ${path}`, op })));
    expect(operations.length).toBeGreaterThan(20);
    for (const { what, op } of operations) {
      if (op.requestBody) expect(op.requestBody.content['application/json']!.example, what).toBeDefined();
      expect(op.responses['200']!.content!['application/json']!.example, what).toMatchObject({ head: { retFlag: '00000', retMsg: '处理成功' }, body: expect.anything() });
      for (const [status, response] of Object.entries(op.responses).filter(([s]) => s !== '200')) {
        const flags = Object.keys(response.content!['application/json']!.examples!);
        expect(flags.length, `${what} ${status}`).toBeGreaterThan(0);
        for (const flag of flags) expect(errorTable[document['x-retFlags'].find((f) => f.retFlag === flag)!.code as keyof typeof errorTable].status).toBe(Number(status));
      }
    }
    const example = send.requestBody!.content['application/json'] as unknown as Media;
    expect(example.example).toMatchObject({ requestNo: '20180309011111', useTmpl: 'N', userIds: [{ mobile: '13361249238' }] });
  });
});
