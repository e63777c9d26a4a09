import type { DispatchConfig, DispatchMethod, SendType, Template } from '#contracts/config-platform';
import type { MessageRequest, Recipient, SendRecipient, SendRecord } from '#contracts/records';
import { addressName, addressOf, channelSpec, type CarriedField } from '#core/channels/registry';
import { isDomainError } from '#core/errors';
import { RECIPIENT_VARIABLES, missingVariables, renderTemplate, templateVariables } from '#core/templates';
import { sendIdOf } from './ids.ts';

/** A send record holds at most this many recipients: one provider call each, well inside a Lambda run. */
export const RECORD_MAX_RECIPIENTS = 100;

const RECIPIENT_FIELDS = RECIPIENT_VARIABLES;

export interface ResolvedMethod {
  method: DispatchMethod;
  sendType: SendType;
  template?: Template | undefined;
}

export interface IndexedRecipient extends Recipient {
  /** Position in the request: the recipient's identity for idempotent ids. */
  index: number;
  /** App push: the device's own type (core/devices/push-recipients.ts). */
  deviceType?: string | undefined;
  /** Where it goes when it is no field of a person (a broadcast topic's device type). */
  address?: string | undefined;
  /** Why it cannot be sent to, found before the records are built (a userId without devices). */
  problem?: string | undefined;
}

/** bizContent is a JSON object string (intake checked it); anything else renders nothing. */
export const bizVariables = (bizContent: string): Record<string, unknown> => {
  try {
    const parsed = JSON.parse(bizContent) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

const chunk = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const recipientVariables = (r: Recipient): Record<string, unknown> =>
  Object.fromEntries(Object.entries(r).filter(([k, v]) => RECIPIENT_FIELDS.has(k) && v !== undefined && v !== null));

/**
 * Seed flow 1 steps 7–8: one dispatch method's send records for a request. Text comes from the
 * request (useTmpl=N) or the method's template over bizContent (useTmpl=Y); when the template names
 * recipient fields each recipient gets its own rendered text. Only the method's customer types are
 * kept; a recipient without this channel's address cannot be sent to, and says so.
 */
export const buildSendRecords = (
  request: MessageRequest,
  recipients: IndexedRecipient[],
  resolved: ResolvedMethod,
  dispatch: Pick<DispatchConfig, 'sendLimit'>,
  at: string,
  /** pushType ALL: the recipients are broadcast topics (core/devices/push-recipients.ts). */
  broadcast = false,
): SendRecord[] => {
  const { method, sendType, template } = resolved;
  const channel = sendType.channel;
  const biz = bizVariables(request.bizContent);
  const useTemplate = request.useTmpl === 'Y' && template !== undefined;
  const titleSource = useTemplate ? template.title : (request.msgTitle ?? '');
  const contentSource = useTemplate ? template.content : (request.msgContent ?? '');
  const perRecipient = useTemplate && templateVariables(`${titleSource}\n${contentSource}`).some((v) => RECIPIENT_FIELDS.has(v) && !(v in biz));
  const title = useTemplate ? renderTemplate(titleSource, biz) : titleSource;
  const content = useTemplate ? renderTemplate(contentSource, biz) : contentSource;

  const spec = channelSpec(channel);
  const carried = Object.fromEntries(spec.carries.flatMap((f: CarriedField) => (request[f] ? [[f, request[f]]] : []))) as Partial<Record<CarriedField, string>>;
  // A template's text is only known now: over the channel's limit it cannot be sent, and says why.
  const tooLong = (t: string, c: string): string | undefined => {
    try {
      spec.lengthLimit?.({ msgTitle: t, msgContent: c, custom: request.custom });
      return undefined;
    } catch (error) {
      if (isDomainError(error)) return error.message;
      throw error;
    }
  };
  const recordTooLong = useTemplate && !perRecipient ? tooLong(title, content) : undefined;

  const kept = method.custTypes?.length && !broadcast ? recipients.filter((r) => r.custType && method.custTypes!.includes(r.custType)) : recipients;

  return chunk(kept, RECORD_MAX_RECIPIENTS).map((group, chunkIndex): SendRecord => {
    const sendId = sendIdOf(request, method.id, chunkIndex);
    const sendRecipients = group.map(({ address, problem: found, ...r }): SendRecipient => {
      const to = address ?? addressOf(channel, sendType.settings, r);
      const own = perRecipient ? { ...biz, ...recipientVariables(r) } : undefined;
      const ownText = own ? { title: renderTemplate(titleSource, own), content: renderTemplate(contentSource, own) } : {};
      const long = useTemplate ? (ownText.title !== undefined ? tooLong(ownText.title, ownText.content) : recordTooLong) : undefined;
      const name = addressName(channel);
      // Intake refuses these; a template edited since then must still never send a bare `${name}`.
      const missing = useTemplate ? missingVariables(`${titleSource}\n${contentSource}`, own ?? biz) : [];
      const problem = found
        ? found
        : !to
        ? `缺少${name} (no ${name} for ${channel})`
        : missing.length > 0
          ? `模板变量 ${missing.join(', ')} 没有值 (template variables without a value: ${missing.join(', ')})`
          : long;
      return {
        ...r,
        to: to ?? '',
        ...ownText,
        ...(problem ? { status: 'UNSENDABLE' as const, error: problem } : { status: 'UNSENT' as const }),
      };
    });
    return {
      sendId,
      institution: request.institution,
      requestNo: request.requestNo,
      bizType: request.bizType,
      channel,
      sendTypeId: sendType.id,
      dispatchConfigId: request.dispatchConfigId,
      dispatchMethodId: method.id,
      ...(method.deviceTypeCode ? { deviceTypeCode: method.deviceTypeCode } : {}),
      ...(broadcast ? { broadcast: true } : {}),
      greenLane: method.greenLane || request.greenLane,
      title,
      content,
      ...(request.custom ? { custom: request.custom } : {}),
      ...(request.enclosureInfo ? { enclosureInfo: request.enclosureInfo } : {}),
      ...(request.pushMsgType ? { pushMsgType: request.pushMsgType } : {}),
      ...carried,
      ...(useTemplate ? { templateId: template.id } : {}),
      status: 'UNSENT',
      sendCount: 0,
      // 派发方式关联 carries its own limit (seed); the configuration's is the default.
      sendLimit: method.sendLimit ?? dispatch.sendLimit,
      recipients: sendRecipients,
      createdAt: at,
      updatedAt: at,
    };
  });
};
