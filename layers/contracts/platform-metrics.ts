// The business metrics the functions emit (layers/runtime/metrics.ts, CloudWatch embedded metric
// format) and the dashboard and alarms read (infra/constructs/platform-dashboard.ts): one list, so a
// renamed metric fails the compiler on both sides rather than leaving an empty graph.

export const METRICS_NAMESPACE = 'MessagePlatform';
/** Powertools adds a `service` dimension to every metric; one fixed value keeps metric identities known at synth time. */
export const METRICS_SERVICE = 'message-platform';

export const PLATFORM_METRICS = {
  /** sendMessage answered 00000 (new or replayed request). No extra dimensions. */
  requestsAccepted: 'RequestsAccepted',
  /** Recipients of a send attempt by channel (SMS|EMAIL|PUSH|MQ) and outcome (SUCCESS|FAILED|UNSENDABLE). */
  deliveries: 'Deliveries',
  /** Provider calls that failed, by channel (send records and queued captcha SMS). */
  providerErrors: 'ProviderErrors',
  /** Captcha codes issued by captcha/send. No extra dimensions. */
  captchaSends: 'CaptchaSends',
  /** captcha/verify answers by status (PASS|UNPASS). */
  captchaVerifies: 'CaptchaVerifies',
} as const;

export const DELIVERY_OUTCOMES = ['SUCCESS', 'FAILED', 'UNSENDABLE'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];
