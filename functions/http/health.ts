import { httpHandler } from '#runtime/http-handler';

export const handler = httpHandler({}, async () => ({ status: 'ok' }));
