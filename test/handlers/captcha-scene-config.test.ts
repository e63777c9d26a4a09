import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTables, type TestTables } from '#test/tables';
import { captchaApi, type CaptchaApi } from '#test/fakes/captcha-handler-env';
import { callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { importFunction } from '../support/function-env.ts';

// The code length floor (6) through the real adminConfig handler and the real send handler, against
// DynamoDB Local: the admin refuses a shorter scene, and a scene stored before the floor existed
// still loads but never issues a short code.

let tables: TestTables;
let api: CaptchaApi;
let admin: AdminHandler;

const SCENES = '/api/admin/config/captchaScene';
const scene = (bizCode: string, codeLength: number) => ({ bizCode, description: '登录', templateId: 'CAPTCHA_TMPL', sendTypeId: 'SMS_OUTBOX', codeLength });

beforeAll(async () => {
  tables = await useTables();
  api = await captchaApi(tables);
  admin = await importFunction<AdminHandler>('adminConfig', api.env.resolved);
  // A scene saved when 4 was still allowed: no product path writes one any more, so it is put as the
  // config store stored it then.
  const stamp = '2024-01-01T00:00:00.000Z';
  await tables.doc.send(
    new PutCommand({
      TableName: tables.name('config'),
      Item: {
        pk: 'CFG#captchaScene',
        sk: 'LEGACY4',
        entity: 'captchaScene',
        ...scene('LEGACY4', 4),
        enabled: true,
        dailyLimit: 10,
        validitySeconds: 300,
        caseSensitive: false,
        codeFormat: 'DIGITS',
        delivery: 'DIRECT',
        cooldownSeconds: 0,
        returnCode: true,
        version: 1,
        createdAt: stamp,
        updatedAt: stamp,
        updatedBy: 'admin',
      },
    }),
  );
});
afterAll(async () => {
  await api?.stop();
});

describe('captcha scene code length', () => {
  it('the admin refuses a scene with codeLength 5, naming the field, and stores nothing', async () => {
    const refused = await callAdmin(admin, 'POST', SCENES, { body: scene('SHORT5', 5) });
    expect([refused.status, refused.retFlag]).toEqual([400, '10001']);
    expect(refused.retMsg).toMatch(/^codeLength: /);
    expect((await callAdmin(admin, 'GET', `${SCENES}/SHORT5`)).status).toBe(404);
  });

  it('the admin refuses shortening an existing scene below 6, and accepts 6', async () => {
    const created = await callAdmin(admin, 'POST', SCENES, { body: scene('LEN6', 6) });
    expect(created.retFlag).toBe('00000');
    const shortened = await callAdmin(admin, 'PUT', `${SCENES}/LEN6`, { body: { ...created.body, codeLength: 5, version: 1 } });
    expect([shortened.status, shortened.retFlag]).toEqual([400, '10001']);
    expect(shortened.retMsg).toMatch(/^codeLength: /);
  });

  it('a scene stored with codeLength 4 still shows in the admin, and sends 6-character codes', async () => {
    const listed = await callAdmin(admin, 'GET', SCENES, { role: 'viewer' });
    expect(listed.retFlag).toBe('00000');
    expect(listed.body.items!.find((item) => item.bizCode === 'LEGACY4')).toMatchObject({ codeLength: 4 });
    const sent = await api.send({ phoneNm: '13500000101', bizCode: 'LEGACY4' });
    expect(sent.head.retFlag).toBe('00000');
    expect(sent.body.checkCode).toMatch(/^\d{6}$/);
  });
});
