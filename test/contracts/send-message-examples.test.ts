import { describe, expect, it } from 'vitest';
import { sendMessageBody } from '#contracts/send-message';
import seedSms from './examples/seed-sms.json' with { type: 'json' };
import seedEmail from './examples/seed-email.json' with { type: 'json' };

// The seed's two sendMessage examples (系统主要流程 1), comments removed and its two typos fixed;
// callers built against the seed send exactly these shapes.
describe('seed sendMessage examples', () => {
  it.each([
    ['SMS', seedSms],
    ['e-mail', seedEmail],
  ])('the %s example is a valid body', (_name, example) => {
    expect(sendMessageBody().safeParse(example).success).toBe(true);
  });

  it('keep the seed values, including custType null and empty strings', () => {
    expect(seedSms.userIds[0]).toMatchObject({ userId: '133', mobile: '13361249238', custType: null, custTag: '' });
    expect(seedEmail).toMatchObject({ sendType: 'EMAIL', enclosureInfo: '200198267' });
  });
});

describe('the API docs\' sendMessage example', () => {
  it('is the seed SMS example verbatim', async () => {
    const { SEED_SMS_EXAMPLE } = await import('#contracts/send-message-example');
    expect(SEED_SMS_EXAMPLE).toEqual(seedSms);
  });
});
