import { createHash } from 'node:crypto';
import type { CaptchaApply, CaptchaRecord, CaptchaSendBody, CaptchaSendResult } from '#contracts/captcha';
import type { ChannelQueueMessage } from '#contracts/records';
import type { ConfigReader } from '#core/config-port';
import { DomainError, isDomainError, type ErrorCode } from '#core/errors';
import type { Providers } from '#core/providers';
import type { QueuePublisher } from '#core/queue-port';
import { requireMobile } from '#core/messages/recipient-rules';
import { renderTemplate } from '#core/templates';
import type { CaptchaStore, KeySource, PhoneScene } from './captcha-port.ts';
import { endOfShanghaiDay, epochSeconds, generateCode, hashCode, seal, shanghaiDay, unseal } from './code.ts';
import { codeSpec, type CodeSpec } from './code-policy.ts';
import { captchaMessage, failDelivery, markDelivered } from './delivery.ts';
import { captchaVariables, loadScene, providerFor, type SceneSetup } from './scene.ts';

export interface SendCaptchaDeps {
  config: ConfigReader;
  store: CaptchaStore;
  key: KeySource;
  providers: Providers;
  queue: QueuePublisher;
  /** The SMS green lane: codes are urgent. */
  smsQueueUrl: string;
  now: () => Date;
  newId: () => string;
  /** crypto.randomInt in production. */
  randomInt: (max: number) => number;
}

export type SendCaptchaInput = CaptchaSendBody & { institution: string };

/** Records are kept for the admin centre's 验证码发送记录 for this long after their code expires. */
const RECORD_RETENTION_SECONDS = 30 * 86_400;

/** Refusals a repeated reqId must get again; anything else lets the caller retry the reqId. */
const REMEMBERED: ReadonlySet<ErrorCode> = new Set(['CAPTCHA_COOLDOWN', 'CAPTCHA_DAILY_LIMIT', 'CAPTCHA_DELIVERY_FAILED']);

const text = (value: string | null | undefined): string | undefined => (value ? value : undefined);

const toApply = (input: SendCaptchaInput, at: string): CaptchaApply => {
  const fields = {
    institution: input.institution,
    phone: input.phoneNm,
    bizCode: input.bizCode,
    custNo: text(input.custNo),
    channelNo: text(input.channelNo),
    productId: text(input.productId),
    userFlag: text(input.userFlag),
    captchaType: text(input.captchaType),
  };
  const hash = createHash('sha256').update(JSON.stringify(Object.entries(fields))).digest('hex');
  return { reqId: input.reqId, ...fields, bodyHash: hash, createdAt: at };
};

const conflict = (message: string) => new DomainError('CAPTCHA_REQUEST_CONFLICT', `reqId: ${message}`, 'reqId');

/** The same reqId again from the same institution: the first answer if the body is the same, else a conflict. */
const replay = async (deps: SendCaptchaDeps, existing: CaptchaApply, apply: CaptchaApply): Promise<CaptchaSendResult> => {
  if (existing.bodyHash !== apply.bodyHash) {
    throw conflict(`请求ID ${apply.reqId} 已被使用且请求内容不同 (reqId reused with another body)`);
  }
  const outcome = existing.outcome;
  if (!outcome) throw conflict(`请求ID ${apply.reqId} 正在处理中，请稍后重试 (still being processed)`);
  if (outcome.kind === 'refused') throw new DomainError(outcome.code as ErrorCode, outcome.message);
  const checkCode = outcome.sealedCheckCode && existing.captchaId ? unseal(await deps.key(), outcome.sealedCheckCode, existing.captchaId) : '';
  return { ...outcome.result, checkCode };
};

const deliver = async (deps: SendCaptchaDeps, setup: SceneSetup, record: CaptchaRecord, content: string): Promise<void> => {
  const at = () => deps.now().toISOString();
  if (setup.scene.delivery === 'QUEUE') {
    try {
      const message = { kind: 'captcha', institution: record.institution, captchaId: record.captchaId } satisfies ChannelQueueMessage;
      await deps.queue.send(deps.smsQueueUrl, message);
      return;
    } catch (error) {
      await failDelivery(deps.store, record, `enqueue failed: ${(error as Error).message}`, at());
      throw new DomainError('CAPTCHA_DELIVERY_FAILED', '验证码发送失败，请稍后重试 (could not queue the SMS)');
    }
  }
  try {
    const sent = await providerFor(deps.providers, setup.sendType).send(captchaMessage(record, content), setup.sendType.settings);
    await markDelivered(deps.store, record, sent.providerMessageId, at());
  } catch (error) {
    await failDelivery(deps.store, record, (error as Error).message, at());
    throw new DomainError('CAPTCHA_DELIVERY_FAILED', '验证码发送失败，请稍后重试 (the SMS provider refused it)');
  }
};

/** Cool-down, sequence number, daily limit, code, record, newest-code pointer, delivery: all the institution's own. */
const issue = async (deps: SendCaptchaDeps, setup: SceneSetup, apply: CaptchaApply, captchaId: string, spec: CodeSpec): Promise<CaptchaSendResult> => {
  const { scene } = setup;
  const { institution, phone, bizCode } = apply;
  const scope: PhoneScene = { institution, phone, bizCode };
  const at = deps.now();
  const key = await deps.key();
  if (scene.cooldownSeconds > 0) {
    const until = new Date(at.getTime() + scene.cooldownSeconds * 1000);
    if (!(await deps.store.holdCooldown(scope, captchaId, until, at))) {
      throw new DomainError('CAPTCHA_COOLDOWN', `发送过于频繁，请 ${scene.cooldownSeconds} 秒后重试 (resend cool-down)`);
    }
  }
  const day = shanghaiDay(at);
  const seqNo = await deps.store.nextSeq(scope, day, endOfShanghaiDay(day) + 86_400);
  if (seqNo > scene.dailyLimit) {
    await deps.store.releaseCooldown(scope, captchaId);
    throw new DomainError('CAPTCHA_DAILY_LIMIT', `今日验证码发送次数已达上限 ${scene.dailyLimit} 次 (daily limit reached)`);
  }
  const code = generateCode(spec.format, spec.length, deps.randomInt);
  const content = renderTemplate(setup.template.content, captchaVariables(scene, seqNo, code));
  const expiry = new Date(at.getTime() + scene.validitySeconds * 1000);
  const stamp = at.toISOString();
  const record: CaptchaRecord = {
    captchaId,
    reqId: apply.reqId,
    institution,
    phone,
    bizCode,
    seqNo,
    day,
    codeHash: hashCode(key, code, captchaId, scene.caseSensitive),
    caseSensitive: scene.caseSensitive,
    format: spec.format,
    delivery: scene.delivery,
    sendTypeId: setup.sendType.id,
    ...(scene.delivery === 'QUEUE' ? { sealedContent: seal(key, content, captchaId) } : {}),
    status: 'INIT',
    attempts: 0,
    expiresAtIso: expiry.toISOString(),
    createdAt: stamp,
    updatedAt: stamp,
  };
  await deps.store.putRecord(record, epochSeconds(expiry) + RECORD_RETENTION_SECONDS);
  // A concurrent send with a higher seqNo may already own the pointer: this code is then superseded,
  // which is what "only the newest code is valid" means; it is still delivered and answered.
  await deps.store.pointTo({ ...scope, captchaId, seqNo, day, expiresAtIso: record.expiresAtIso }, epochSeconds(expiry));
  await deliver(deps, setup, record, content);
  return {
    caseSensitive: scene.caseSensitive ? 'Y' : 'N',
    availTime: String(scene.validitySeconds),
    captchaId,
    checkCode: scene.returnCode ? code : '',
    seqNo,
  };
};

/** Seed 验证码发送流程: validate, check the scene, store the apply request, issue and deliver a code. */
export const sendCaptcha = async (deps: SendCaptchaDeps, given: SendCaptchaInput): Promise<CaptchaSendResult> => {
  // Checked before the scene: a bad number is the caller's mistake whatever the scene.
  const input = { ...given, phoneNm: requireMobile(given.phoneNm, 'phoneNm') };
  const setup = await loadScene(deps.config, input.bizCode);
  const spec = codeSpec(setup.scene, input.captchaType);
  const apply = toApply(input, deps.now().toISOString());
  const created = await deps.store.createApply(apply);
  if (!created.created) return replay(deps, created.existing, apply);
  const captchaId = deps.newId();
  try {
    const result = await issue(deps, setup, apply, captchaId, spec);
    const { checkCode, ...rest } = result;
    const sealedCheckCode = checkCode ? seal(await deps.key(), checkCode, captchaId) : undefined;
    await deps.store.finishApply(apply, { kind: 'result', result: rest, ...(sealedCheckCode ? { sealedCheckCode } : {}) }, captchaId);
    return result;
  } catch (error) {
    if (isDomainError(error) && REMEMBERED.has(error.code)) {
      await deps.store.finishApply(apply, { kind: 'refused', code: error.code, message: error.message });
    } else {
      await deps.store.dropApply(apply).catch(() => undefined);
    }
    throw error;
  }
};
