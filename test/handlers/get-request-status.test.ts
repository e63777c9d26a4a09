import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { requestKey } from '#adapters/dynamo/message-keys';
import { sendRecordItem } from '#adapters/dynamo/send-record-store';
import { messageRequest, type SendRecord } from '#contracts/records';
import { sendIdOf } from '#core/delivery/ids';
import type { LocalSqs } from '../../infra/local/sqs.ts';
import { useTables, type TestTables } from '../support/tables.ts';
import { DEMO_API_KEY, OTHER_KEY, httpEvent, intakeHandlerEnv, lambdaContext, readEnvelope } from '../support/fakes/intake-handler-env.ts';
import seedSms from '../contracts/examples/seed-sms.json' with { type: 'json' };

let tables: TestTables;
let sqs: LocalSqs;
let sendMessage: (typeof import('../../functions/http/send-message.ts'))['handler'];
let getStatus: (typeof import('../../functions/http/get-request-status.ts'))['handler'];

beforeAll(async () => {
  tables = await useTables();
  sqs = await intakeHandlerEnv(tables);
  vi.resetModules();
  ({ handler: sendMessage } = await import('../../functions/http/send-message.ts'));
  ({ handler: getStatus } = await import('../../functions/http/get-request-status.ts'));
});
afterAll(async () => {
  await sqs?.stop();
});

const status = async (requestNo: string, apiKey = DEMO_API_KEY) =>
  readEnvelope(
    await getStatus(
      httpEvent('GET', `/api/hcmsg/requests/${requestNo}`, { apiKey, routeKey: 'GET /api/hcmsg/requests/{requestNo}', pathParameters: { requestNo } }),
      lambdaContext('getRequestStatus'),
    ),
  );

/** A send record as the delivery side writes it (docs/ARCHITECTURE.md, messages table). */
const putSendRecord = async (record: SendRecord) => {
  await tables.doc.send(new PutCommand({ TableName: tables.name('messages'), Item: sendRecordItem(record) }));
};

/** The id the split gives the request's record of one dispatch method. */
const idOf = async (requestNo: string, methodId: string) => {
  const { Item } = await tables.doc.send(new GetCommand({ TableName: tables.name('messages'), Key: requestKey('OUTPLATFORM', requestNo) }));
  return sendIdOf(messageRequest().parse(Item), methodId, 0);
};

const record = (sendId: string, channel: SendRecord['channel'], recipients: SendRecord['recipients'], at: string): SendRecord => ({
  sendId,
  institution: 'OUTPLATFORM',
  requestNo: 'STATUS-1',
  bizType: 'MARKET_ACTIVITY',
  channel,
  sendTypeId: `${channel}_OUTBOX`,
  dispatchConfigId: 'MARKET_DEFAULT',
  dispatchMethodId: 'MARKET_DEFAULT_SMS',
  greenLane: false,
  title: 'hello',
  content: '问候',
  status: 'SUCCESS',
  sendCount: 1,
  sendLimit: 3,
  recipients,
  createdAt: at,
  updatedAt: at,
});

describe('GET /api/hcmsg/requests/{requestNo}', () => {
  it('shows an accepted request as INIT with no deliveries yet', async () => {
    const body = JSON.stringify({ ...seedSms, requestNo: 'STATUS-1', userIds: [{ mobile: '13361249238' }, { mobile: '13900001111' }] });
    const accepted = readEnvelope(await sendMessage(httpEvent('POST', '/api/hcmsg/sendMessage', { body, apiKey: DEMO_API_KEY }), lambdaContext('sendMessage')));
    expect(accepted.retFlag).toBe('00000');
    const result = await status('STATUS-1');
    expect(result).toMatchObject({
      status: 200,
      retFlag: '00000',
      body: { requestNo: 'STATUS-1', institution: 'OUTPLATFORM', bizType: 'MARKET_ACTIVITY', status: 'INIT', recipientCount: 2, deliveries: [] },
    });
  });

  it('shows each send record with per-recipient state, mobiles masked', async () => {
    const [s1, s2] = [await idOf('STATUS-1', 'MARKET_DEFAULT_SMS'), await idOf('STATUS-1', 'MARKET_EMAIL')];
    await putSendRecord(
      record(s2, 'EMAIL', [{ index: 0, to: 'someone@example.com', email: 'someone@example.com', status: 'FAILED', error: 'mailbox full' }], '2024-05-01T08:00:02.000Z'),
    );
    await putSendRecord(
      record(
        s1,
        'SMS',
        [
          { index: 0, to: '13361249238', mobile: '13361249238', status: 'SUCCESS', sentAt: '2024-05-01T08:00:05.000Z' },
          { index: 1, to: '13900001111', mobile: '13900001111', status: 'INTERCEPTED', interceptReason: '黑名单' },
        ],
        '2024-05-01T08:00:01.000Z',
      ),
    );
    const result = await status('STATUS-1');
    expect(result.body.deliveries).toEqual([
      {
        sendId: s1,
        channel: 'SMS',
        status: 'SUCCESS',
        // Accepted (SUCCESS, as records before SENT said) and not yet reported: pending.
        outcome: 'PENDING',
        sendCount: 1,
        sendLimit: 3,
        recipients: [
          { index: 0, to: '133****9238', status: 'SUCCESS', sentAt: '2024-05-01T08:00:05.000Z' },
          { index: 1, to: '139****1111', status: 'INTERCEPTED', error: '黑名单' },
        ],
      },
      { sendId: s2, channel: 'EMAIL', status: 'SUCCESS', outcome: 'FAILED', sendCount: 1, sendLimit: 3, recipients: [{ index: 0, to: 's***@example.com', status: 'FAILED', error: 'mailbox full' }] },
    ]);
    expect(JSON.stringify(result.body)).not.toContain('13361249238');
    expect(result.body.outcome).toBe('PENDING');
  });

  it('answers an unknown requestNo, or another institution\'s, with 404 50001', async () => {
    expect(await status('NO-SUCH')).toMatchObject({ status: 404, retFlag: '50001' });
    expect(await status('STATUS-1', OTHER_KEY)).toMatchObject({ status: 404, retFlag: '50001' });
  });

  it('refuses a wrong API key with 401', async () => {
    expect(await status('STATUS-1', 'nope')).toMatchObject({ status: 401, retFlag: '20002' });
  });
});
