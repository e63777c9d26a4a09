import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#contracts/openapi';
import { errorTable } from '#runtime/error-table';

type Op = { security?: unknown[]; parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { required?: string[] }; example?: unknown }> }; responses: Record<string, { description: string }> };
const document = buildOpenApiDocument(errorTable) as unknown as { paths: Record<string, Record<string, Op>> };

describe('the OpenAPI document: device registration', () => {
  it('describes POST /api/hcmsg/devices from the contract, behind the API key, with its example and errors', () => {
    const register = document.paths['/api/hcmsg/devices']!.post!;
    const body = register.requestBody!.content['application/json']!;
    expect(body.schema.required).toEqual(expect.arrayContaining(['userId', 'deviceNo', 'deviceType']));
    expect(body.example).toMatchObject({ userId: 'U-DEMO', deviceType: 'ANDROID' });
    expect(register.security).toEqual([{ apiKey: [] }]);
    expect(register.responses['400']!.description).toContain('10001');
    expect(register.responses['401']!.description).toContain('20001');
  });

  it('describes DELETE /api/hcmsg/devices/{deviceNo} with its path parameter and 404', () => {
    const unregister = document.paths['/api/hcmsg/devices/{deviceNo}']!.delete!;
    expect(unregister.parameters).toEqual([expect.objectContaining({ name: 'deviceNo', in: 'path' })]);
    expect(unregister.responses['404']!.description).toContain('50001');
  });
});
