import * as z from 'zod/mini';

// What a platform engineer chooses at deploy time, as context values (`cdk deploy -c key=value` or
// cdk.json's "context"), parsed once here so a typo fails synth with the key's name.

const list = z.pipe(z
  .union([z.string(), z.array(z.string())]), z.transform((value) => (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()).filter(Boolean)));
const flag = z.pipe(z.union([z.boolean(), z.enum(['true', 'false'])]), z.transform((value) => value === true || value === 'true'));

export const deployOptions = z.object({
  /** E-mail addresses subscribed to the alarm topic (comma-separated); none → subscribe later. */
  alarmEmails: z._default(z.pipe(list, z.array(z.email())), []),
  /** The admin site's own domain name (CloudFront alias) besides its *.cloudfront.net name. */
  adminDomain: z.optional(z.string().check(z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/))),
  /** ACM certificate for adminDomain; CloudFront requires it to be in us-east-1. */
  adminCertificateArn: z.optional(z.string().check(z.startsWith('arn:'))),
  /** A CloudFront-scope WAF web ACL (a us-east-1 Edge stack): managed rules, captcha rate rule. */
  waf: z._default(flag, false),
  /**
   * Reserve each queue consumer's concurrency (route-throttles.ts). Off only for accounts still at
   * Lambda's new-account limit of 10 concurrent executions, where no reservation is accepted.
   */
  reservedConcurrency: z._default(flag, true),
  /**
   * Stack traces in the logs mapped to the TypeScript sources (NODE_OPTIONS=--enable-source-maps).
   * Every function ships its source maps; reading them costs each cold start about a third of a
   * bare DynamoDB client's init (`npm run bench -- --only coldstart`), so off unless asked.
   */
  sourceMaps: z._default(flag, false),
  /** SES identities (domains or addresses) the e-mail sender may send as; empty → none. */
  sesIdentities: z._default(list, []),
}).check(z.refine((o) => !o.adminDomain === !o.adminCertificateArn, { message: 'adminDomain and adminCertificateArn go together' }));

export type DeployOptions = z.infer<typeof deployOptions>;

export const DEFAULT_DEPLOY_OPTIONS: DeployOptions = deployOptions.parse({});

export const DEPLOY_OPTION_KEYS = Object.keys(deployOptions.shape) as (keyof DeployOptions)[];

/** Reads the options from an app's context; `tryGetContext` stands for the app node's. */
export const readDeployOptions = (tryGetContext: (key: string) => unknown): DeployOptions => {
  const given = Object.fromEntries(DEPLOY_OPTION_KEYS.map((key) => [key, tryGetContext(key)]).filter(([, value]) => value !== undefined));
  const parsed = deployOptions.safeParse(given);
  if (!parsed.success) throw new Error(`Invalid context: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
};
