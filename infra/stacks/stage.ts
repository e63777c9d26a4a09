import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEFAULT_DEPLOY_OPTIONS, type DeployOptions } from './deploy-options.ts';

/** What differs between stages; every other setting is the same everywhere. */
export interface StageConfig {
  name: string;
  isProd: boolean;
  removalPolicy: RemovalPolicy;
  logRetention: RetentionDays;
  /** Deployment choices given as context values (infra/stacks/deploy-options.ts). */
  options: DeployOptions;
}

export const stageConfig = (name: string, options: DeployOptions = DEFAULT_DEPLOY_OPTIONS): StageConfig => {
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(name)) throw new Error(`Invalid stage "${name}": use lower-case letters, digits, dashes`);
  const isProd = name === 'prod';
  return {
    name,
    isProd,
    // Dev stacks are torn down and rebuilt freely; prod data outlives its stack.
    removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    logRetention: isProd ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_MONTH,
    options,
  };
};

export const stackName = (stage: string, part: 'Data' | 'Api' | 'Web' | 'Edge'): string => `MessagePlatform-${stage}-${part}`;

/** CDK construct ids are PascalCase; manifest names are camelCase. */
export const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
