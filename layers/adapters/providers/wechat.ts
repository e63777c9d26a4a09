import { type ChannelProviders } from './index.ts';
import { outboxProvider } from './outbox-provider.ts';

/** WeChat template messages: the OUTBOX only (trial). */
export const wechatProviders: ChannelProviders = (deps) => ({ OUTBOX: outboxProvider(deps.doc, deps.messagesTable) });
