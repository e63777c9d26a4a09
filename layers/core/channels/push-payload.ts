import type { OutboundMessage } from '#core/providers';

/** The deep link the app opens (seed actionType/actionValue): travels in the push's data. */
export const deepLinkOf = (message: Pick<OutboundMessage, 'actionType' | 'actionValue'>): Record<string, string> => ({
  ...(message.actionType ? { actionType: message.actionType } : {}),
  ...(message.actionValue ? { actionValue: message.actionValue } : {}),
});

/**
 * The GCM (FCM) and APNS payloads SNS forwards per platform; pushMsgType 2 is a pass-through (data
 * only). The deep link and custom travel as data on both platforms.
 */
export const pushPayload = (message: OutboundMessage): string => {
  const data = { ...(message.custom ? { custom: message.custom } : {}), ...deepLinkOf(message) };
  const passThrough = message.pushMsgType === '2';
  const gcm = passThrough
    ? { data: { title: message.title, body: message.content, messageId: message.id, ...data } }
    : { notification: { title: message.title, body: message.content }, data: { messageId: message.id, ...data } };
  const apns = { aps: { alert: { title: message.title, body: message.content }, sound: 'default' }, messageId: message.id, ...data };
  return JSON.stringify({ default: message.content, GCM: JSON.stringify(gcm), APNS: JSON.stringify(apns), APNS_SANDBOX: JSON.stringify(apns) });
};
