import { ALL_LANE_QUEUES } from '../../../layers/contracts/lanes.ts';
import { tx, type Text } from './text.ts';

// Words for the codes the API stores (statuses, kinds, channels, providers, queues), in both
// languages. A value reads the same on every page; a field whose value means something else there
// (platform ALL vs pushType ALL) overrides it. A code without an entry shows as it is.

export const enumWords: Record<string, Text> = {
  // request and send record processing, recipients
  INIT: tx('待处理', 'Received'),
  PROCESSING: tx('处理中', 'Processing'),
  SUCCESS: tx('成功', 'Succeeded'),
  FAILED: tx('失败', 'Failed'),
  INTERCEPTED: tx('已拦截', 'Intercepted'),
  UNSENT: tx('待发送', 'Waiting to send'),
  SENDING: tx('发送中', 'Sending'),
  UNSENDABLE: tx('无法发送', 'Cannot be sent'),
  CANCELLED: tx('已取消', 'Cancelled'),
  HELD: tx('暂缓发送', 'Held'),
  // delivery outcome of a request (SPEC §9)
  PENDING: tx('投递中', 'Pending'),
  DELIVERED: tx('已送达', 'Delivered'),
  PARTIAL: tx('部分送达', 'Partly delivered'),
  // captcha, files
  VERIFIED: tx('已验证', 'Verified'),
  EXPIRED: tx('已过期', 'Expired'),
  LOCKED: tx('已锁定', 'Locked'),
  DONE: tx('已完成', 'Done'),
  PASS: tx('通过', 'Passed'),
  UNPASS: tx('未通过', 'Not passed'),
  // channels, customer types
  SMS: tx('短信', 'SMS'),
  EMAIL: tx('邮件', 'E-mail'),
  PUSH: tx('App 推送', 'App push'),
  MQ: tx('消息队列', 'Message queue'),
  PERSONAL: tx('个人', 'Personal'),
  MERCHANT: tx('商户', 'Merchant'),
  STORE: tx('门店', 'Store'),
  // push types, list kinds
  SINGLE_ACCOUNT: tx('单个账户', 'Single account'),
  MULTI_ACCOUNT: tx('多个账户', 'Several accounts'),
  ALL: tx('全部', 'All'),
  USER_ID: tx('用户ID', 'User id'),
  MOBILE: tx('手机号', 'Mobile'),
  DEVICE_NO: tx('接收终端账号', 'Device number'),
  Y: tx('是', 'Yes'),
  N: tx('否', 'No'),
  // captcha code formats and delivery
  DIGITS: tx('纯数字', 'Digits'),
  LETTERS: tx('纯字母', 'Letters'),
  MIXED: tx('数字字母混合', 'Digits and letters'),
  DIRECT: tx('直接发送', 'Direct'),
  QUEUE: tx('经队列发送', 'Through the queue'),
  // SMS types (AWS SNS)
  Transactional: tx('事务类', 'Transactional'),
  Promotional: tx('营销类', 'Promotional'),
  // interception rules
  BLACKLIST: tx('黑名单', 'Blacklist'),
  DAILY_CAP: tx('每日上限', 'Daily cap'),
  HOURLY_CAP: tx('每小时上限', 'Hourly cap'),
  FORBIDDEN_WORD: tx('敏感词', 'Forbidden word'),
  QUIET_HOURS: tx('免打扰时段', 'Quiet hours'),
  // providers
  SNS_SMS: tx('AWS SNS 短信', 'AWS SNS SMS'),
  HTTP_SMS: tx('HTTP 短信网关', 'HTTP SMS gateway'),
  SES: tx('AWS SES 邮件', 'AWS SES e-mail'),
  SNS_PUSH: tx('AWS SNS 推送', 'AWS SNS push'),
  SQS: tx('AWS SQS 队列', 'AWS SQS queue'),
  OUTBOX: tx('发件箱（不真正发送）', 'Outbox (not really sent)'),
  // platforms
  ANDROID: tx('Android', 'Android'),
  IOS: tx('iOS', 'iOS'),
  // switch log changes
  SEND_TYPE: tx('切换派发方式', 'Send type changed'),
  ENABLED: tx('启用', 'Switched on'),
  DISABLED: tx('停用', 'Switched off'),
  // audit actions, roles
  create: tx('新增', 'Create'),
  update: tx('修改', 'Update'),
  delete: tx('删除', 'Delete'),
  issueKey: tx('签发密钥', 'Issue key'),
  revokeKey: tx('吊销密钥', 'Revoke key'),
  rotateKey: tx('轮换密钥', 'Rotate key'),
  resend: tx('重新发送', 'Resend'),
  cancel: tx('取消发送', 'Cancel'),
  replay: tx('重放死信', 'Replay'),
  readPii: tx('查看个人信息', 'Read personal data'),
  viewer: tx('只读', 'Viewer'),
  operator: tx('运营', 'Operator'),
  admin: tx('管理员', 'Admin'),
};

/** Where a code means something else in one field. */
const fieldWords: Record<string, Record<string, Text>> = {
  platform: { ALL: tx('全部平台', 'All platforms') },
  pushType: { ALL: tx('全部用户', 'All users') },
  'match.sendType': { DEFAULT: tx('默认', 'Default') },
};

const OWNERS: Record<string, Text> = { request: tx('请求受理', 'Request intake'), sms: tx('短信', 'SMS'), email: tx('邮件', 'E-mail'), push: tx('App 推送', 'App push'), mq: tx('消息队列', 'Message queue') };
const LANES: Record<string, Text> = { General: tx('普通通道', 'general lane'), Green: tx('绿色通道', 'green lane') };

/** A queue's purpose: `smsGreen` → 短信 · 绿色通道 (its dead-letter queue says so). */
export const queueWords = (queue: string): Text | undefined => {
  const dead = /(Dlq|DLQ|-dlq)$/.exec(queue);
  const base = dead ? queue.slice(0, dead.index) : queue;
  if (!(ALL_LANE_QUEUES as readonly string[]).includes(base)) return undefined;
  const [, owner = '', lane = ''] = /^([a-z]+)(General|Green)$/.exec(base) ?? [];
  const words = tx(`${OWNERS[owner]?.zh ?? owner} · ${LANES[lane]?.zh ?? lane}`, `${OWNERS[owner]?.en ?? owner} · ${LANES[lane]?.en ?? lane}`);
  return dead ? tx(`${words.zh}（死信）`, `${words.en} (dead letters)`) : words;
};

/** The words for a code in a field, if the dictionary has them. */
export const wordsFor = (field: string, value: string): Text | undefined => fieldWords[field]?.[value] ?? enumWords[value] ?? (field === 'queue' ? queueWords(value) : undefined);
