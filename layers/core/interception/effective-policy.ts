import type { TimeWindow } from '#contracts/config-common';
import type { ConfigReader } from '#core/config-port';
import { DEFAULT_TIME_ZONE } from './time-window.ts';

/** What the enabled strategies attached to a business type add up to. */
export interface EffectivePolicy {
  dailyCap?: number | undefined;
  hourlyCap?: number | undefined;
  /** The zone caps count days and hours in. */
  timeZone: string;
  quietHours: TimeWindow[];
  forbiddenWords: string[];
  /** bizType.critical: quiet hours never hold its messages. */
  critical: boolean;
}

/**
 * Several strategies may be attached to one business type; the strictest wins: the smallest caps,
 * every quiet window, every forbidden word. Caps count in the zone of the first strategy (by id)
 * with quiet hours, else Asia/Shanghai, so one counter per recipient serves all of them.
 */
export const loadPolicy = async (config: ConfigReader, bizType: string): Promise<EffectivePolicy> => {
  const [rels, type] = await Promise.all([config.list('filterStrategyRel'), config.get('bizType', bizType)]);
  const ids = [...new Set(rels.filter((rel) => rel.bizType === bizType).map((rel) => rel.strategyId))].sort();
  const strategies = (await Promise.all(ids.map((id) => config.get('filterStrategy', id)))).filter((s) => s?.enabled === true);
  const smallest = (values: (number | undefined)[]) => {
    const defined = values.filter((v): v is number => v !== undefined);
    return defined.length > 0 ? Math.min(...defined) : undefined;
  };
  const quietHours = strategies.flatMap((s) => (s?.quietHours ? [s.quietHours] : []));
  return {
    dailyCap: smallest(strategies.map((s) => s?.dailyCap)),
    hourlyCap: smallest(strategies.map((s) => s?.hourlyCap)),
    timeZone: quietHours[0]?.timeZone ?? DEFAULT_TIME_ZONE,
    quietHours,
    forbiddenWords: [...new Set(strategies.flatMap((s) => s?.forbiddenWords ?? []))],
    critical: type?.critical === true,
  };
};
