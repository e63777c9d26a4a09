import type { CaptchaScene } from '#contracts/config-protection';
import type { SendType, Template } from '#contracts/config-platform';
import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';
import { ProviderError, type Provider, type Providers } from '#core/providers';

export interface SceneSetup {
  scene: CaptchaScene;
  template: Template;
  sendType: SendType;
}

const unsupported = (bizCode: string, why: string, english: string) =>
  new DomainError('SCENE_UNSUPPORTED', `bizCode: 不支持的业务场景 ${bizCode}：${why} (scene unsupported: ${english})`, 'bizCode');

/**
 * The scene with its template and dispatch method (the seed's BIZ_CODE_CONFIG + _REL). A scene that
 * is missing, disabled or incompletely configured cannot send, so it is unsupported.
 */
export const loadScene = async (config: ConfigReader, bizCode: string): Promise<SceneSetup> => {
  const scene = await config.get('captchaScene', bizCode);
  if (!scene) throw unsupported(bizCode, '未配置', 'not configured');
  if (!scene.enabled) throw unsupported(bizCode, '已停用', 'disabled');
  const template = await config.get('template', scene.templateId);
  if (!template) throw unsupported(bizCode, `模板 ${scene.templateId} 不存在`, `template ${scene.templateId} not found`);
  const sendType = await config.get('sendType', scene.sendTypeId);
  if (!sendType?.enabled || sendType.channel !== 'SMS') throw unsupported(bizCode, `派发方式 ${scene.sendTypeId} 不可用`, `send type ${scene.sendTypeId} unavailable`);
  return { scene, template, sendType };
};

/** The configured provider of the send type; a provider this deployment lacks is a non-retryable failure. */
export const providerFor = (providers: Providers, sendType: SendType): Provider => {
  const provider = providers[sendType.provider];
  if (!provider) throw new ProviderError(`provider ${sendType.provider} is not available`, false);
  return provider;
};

/** Template variables: the seed's description, sequence number, validity and code. */
export const captchaVariables = (scene: CaptchaScene, seqNo: number, code: string): Record<string, unknown> => ({
  description: scene.description,
  seqNo,
  code,
  minutes: Math.max(1, Math.floor(scene.validitySeconds / 60)),
  seconds: scene.validitySeconds,
  validity: scene.validitySeconds,
});
