import type { SendType } from '#contracts/config-platform';
import type { PartnerMapping } from '#contracts/config-products';
import type { PartnerCodes } from '#contracts/records';
import type { ConfigReader } from '#core/config-port';
import { providerSettingsOf } from './partner-settings.ts';

// 合作方编码映射 (MSG_COOPR_MAPPING): a partner's own code for one of ours. What each kind maps:
//   TEMPLATE  our template id (the method's template the text was rendered from; none when useTmpl=N)
//   BIZ_TYPE  our business type code
//   SIGN      our send type id (a send type through a partner stands for one signature, 短信签名)
// A kind the partner maps anything of must map every code it is sent: a missing one makes the record
// UNSENDABLE with the reason, before any call (a gateway given our code would send the wrong template
// or sign). A kind it maps nothing of falls back explicitly: our own code (TEMPLATE, BIZ_TYPE), no
// signature (SIGN: the partner's default).

const FIELDS = { TEMPLATE: 'templateCode', BIZ_TYPE: 'bizType', SIGN: 'signName' } as const satisfies Record<PartnerMapping['kind'], keyof PartnerCodes>;
const FALLS_BACK_TO_OURS: ReadonlySet<PartnerMapping['kind']> = new Set(['TEMPLATE', 'BIZ_TYPE']);

/** Our codes of one send record, as the mappings name them. */
export interface OurCodes {
  templateId?: string | undefined;
  bizType: string;
  sendTypeId: string;
}

export const partnerCodesOf = async (config: ConfigReader, partnerCode: string, ours: OurCodes): Promise<{ codes: PartnerCodes } | { refusal: string }> => {
  const mappings = (await config.list('partnerMapping')).filter((m) => m.partnerCode === partnerCode);
  const ourCode: Record<PartnerMapping['kind'], string | undefined> = { TEMPLATE: ours.templateId, BIZ_TYPE: ours.bizType, SIGN: ours.sendTypeId };
  const codes: PartnerCodes = { code: partnerCode };
  const missing: string[] = [];
  for (const kind of Object.keys(FIELDS) as PartnerMapping['kind'][]) {
    const code = ourCode[kind];
    if (code === undefined) continue;
    const ofKind = mappings.filter((m) => m.kind === kind);
    const hit = ofKind.find((m) => m.ourCode === code);
    if (hit) codes[FIELDS[kind]] = hit.partnerValue;
    else if (ofKind.length > 0) missing.push(`${kind} ${code}`);
    else if (FALLS_BACK_TO_OURS.has(kind)) codes[FIELDS[kind]] = code;
  }
  if (missing.length === 0) return { codes };
  const list = missing.join(', ');
  return { refusal: `合作方 ${partnerCode} 缺少编码映射 ${list}，请在合作方编码映射中配置 (partner ${partnerCode} has no code for ${list})` };
};

/**
 * How a send record goes out with `provider`: the provider settings (the partner's over the send
 * type's, partner-settings.ts) and, through a partner, its codes — or why it cannot go at all.
 */
export const deliverySettingsOf = async (
  config: ConfigReader,
  sendType: SendType,
  ours: OurCodes,
): Promise<{ settings: Record<string, string>; partner?: PartnerCodes; refusal?: string }> => {
  const settings = await providerSettingsOf(config, sendType);
  if (!settings.partner) return { settings };
  const mapped = await partnerCodesOf(config, settings.partner, ours);
  return 'refusal' in mapped ? { settings, refusal: mapped.refusal } : { settings, partner: mapped.codes };
};
