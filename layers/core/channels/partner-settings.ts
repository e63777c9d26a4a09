import type { SendType } from '#contracts/config-platform';
import type { ConfigReader } from '#core/config-port';

/**
 * A send type linked to a partner (合作方接口配置关联 MSG_COOPR_CONFIG_REL) delivers with that partner's
 * interface settings (合作方接口配置 MSG_COOPR_CONFIG) over its own: one send type per channel, the
 * partner's URL and named secrets kept with the partner. Only an enabled partner of the same provider counts.
 */
export const providerSettingsOf = async (config: ConfigReader, sendType: SendType): Promise<Record<string, string>> => {
  const links = (await config.list('partnerLink')).filter((l) => l.enabled && l.sendTypeId === sendType.id).sort((a, b) => a.id.localeCompare(b.id));
  for (const link of links) {
    const partner = await config.get('partner', link.partnerCode);
    if (partner?.enabled && partner.provider === sendType.provider) return { ...sendType.settings, ...partner.settings, partner: partner.code };
  }
  return sendType.settings;
};
