import type { Template } from '#contracts/config-platform';
import type { SendMessageBody } from '#contracts/send-message';
import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';
import { readParameter } from '#core/parameters';
import { matchDispatch } from './match-dispatch.ts';
import { channelTypesOf, resolveProduct } from './resolve-product.ts';
import { checkPushLength, checkRecipients, type MatchedMethod } from './recipient-rules.ts';
import { checkTemplateVariables } from './template-check.ts';

export interface Decision {
  dispatchConfigId: string;
  greenLane: boolean;
  methods: MatchedMethod[];
}

const orUndefined = (value: string | null | undefined): string | undefined => value || undefined;

/**
 * The seed's intake checks, in its order: business type (configured and enabled), channel number
 * (if given), the best dispatch configuration, then what the matched methods need of the request.
 */
export const decideDispatch = async (config: ConfigReader, body: SendMessageBody): Promise<Decision> => {
  const bizType = await config.get('bizType', body.bizType);
  if (!bizType) throw new DomainError('BIZ_TYPE_UNKNOWN', `bizType: 业务类型 ${body.bizType} 未配置 (unknown business type)`, 'bizType');
  if (!bizType.enabled) throw new DomainError('BIZ_TYPE_DISABLED', `bizType: 业务类型 ${body.bizType} 未启用 (business type disabled)`, 'bizType');

  const channel = body.channelNo ? await config.get('channel', body.channelNo) : undefined;
  if (body.channelNo && !channel?.enabled) {
    throw new DomainError('CHANNEL_UNKNOWN', `channelNo: 渠道号 ${body.channelNo} 不存在或未启用 (unknown channel)`, 'channelNo');
  }
  const product = await resolveProduct(config, body.productCode);

  const matched = matchDispatch(await config.list('dispatchConfig'), {
    institution: body.institution,
    bizType: body.bizType,
    subBizType: orUndefined(body.subBizType),
    productCode: orUndefined(body.productCode),
    channelNo: orUndefined(body.channelNo),
    sendType: orUndefined(body.sendType),
    productTypeCode: product?.productTypeCode,
    channelTypeCodes: await channelTypesOf(config, body.channelNo, channel?.channelTypeCode),
  });
  if (!matched) {
    throw new DomainError('DISPATCH_NOT_MATCHED', `bizType: 没有匹配 ${body.bizType}${body.sendType ? `/${body.sendType}` : ''} 的派发配置 (no dispatch configuration matches)`, 'bizType');
  }

  const sendTypes = await config.list('sendType');
  const methods: MatchedMethod[] = [];
  const templates: { method: MatchedMethod; template: Template }[] = [];
  for (const method of await config.list('dispatchMethod')) {
    if (method.dispatchConfigId !== matched.id || !method.enabled) continue;
    const sendType = sendTypes.find((s) => s.id === method.sendTypeId && s.enabled);
    if (!sendType) continue;
    // Refused now rather than accepted and failed later: the splitter could not render it.
    if (body.useTmpl === 'Y' && !method.templateId) {
      throw new DomainError('DISPATCH_NOT_MATCHED', `useTmpl: 派发方式 ${method.id} 未配置模板，不能使用模板发送 (no template configured)`, 'useTmpl');
    }
    const matchedMethod = { id: method.id, channel: sendType.channel, custTypes: method.custTypes };
    methods.push(matchedMethod);
    if (body.useTmpl === 'Y' && method.templateId) {
      const template = await config.get('template', method.templateId);
      if (!template) {
        throw new DomainError('DISPATCH_NOT_MATCHED', `useTmpl: 派发方式 ${method.id} 的模板 ${method.templateId} 不存在 (template not found)`, 'useTmpl');
      }
      templates.push({ method: matchedMethod, template });
    }
  }
  if (methods.length === 0) {
    throw new DomainError('DISPATCH_NOT_MATCHED', `bizType: 派发配置 ${matched.id} 没有启用的派发方式 (no enabled dispatch method)`, 'bizType');
  }

  checkRecipients(body.userIds, methods, body.pushType);
  for (const { method, template } of templates) {
    const custTypes = method.custTypes?.length ? method.custTypes : undefined;
    checkTemplateVariables(template, body.bizContent, body.userIds, (r) => !custTypes || (!!r.custType && custTypes.includes(r.custType)));
  }
  // With a template the text is only known after rendering at split time; the caller's text is checked here.
  if (body.useTmpl === 'N' && methods.some((m) => m.channel === 'PUSH')) checkPushLength(body);

  // 业务类型优先级: business types at or above GREEN_LANE_MIN_PRIORITY travel the green lanes, whose consumers have their own concurrency.
  const greenLane = bizType.greenLane || bizType.priority >= (await readParameter(config, 'GREEN_LANE_MIN_PRIORITY'));
  return { dispatchConfigId: matched.id, greenLane, methods };
};
