import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** What differs between stages; every other setting is the same everywhere. */
export interface StageConfig {
  name: string;
  isProd: boolean;
  removalPolicy: RemovalPolicy;
  logRetention: RetentionDays;
  /** Origins the admin site is served from, registered as the Hosted UI's callback URLs. */
  adminWebUrls?: string[];
}

export const stageConfig = (name: string): StageConfig => {
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(name)) throw new Error(`Invalid stage "${name}": use lower-case letters, digits, dashes`);
  const isProd = name === 'prod';
  return {
    name,
    isProd,
    // Dev stacks are torn down and rebuilt freely; prod data outlives its stack.
    removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    logRetention: isProd ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_MONTH,
  };
};

export const stackName = (stage: string, part: 'Data' | 'Api' | 'Web'): string => `MessagePlatform-${stage}-${part}`;

/** CDK construct ids are PascalCase; manifest names are camelCase. */
export const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
