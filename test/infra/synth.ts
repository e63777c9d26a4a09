import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildApp, type BuildAppOptions } from '../../infra/app.ts';

/** Skips esbuild: templates are the same, only the code assets are not built. */
export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

// CloudFormation JSON is untyped by nature; tests narrow what they read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** A cold synthesis takes 5–20 s; tests share two cores with DynamoDB Local and other workers. */
export const SYNTH_TIMEOUT_MS = 300_000;

/** Builds one stage without bundling and synthesizes its three templates. */
export const synth = (options: BuildAppOptions = {}) => {
  const built = buildApp({ ...options, context: { ...NO_BUNDLING, ...options.context } });
  const templates = {
    data: Template.fromStack(built.data),
    api: Template.fromStack(built.api),
    web: Template.fromStack(built.web),
  };
  return { ...built, templates, json: { data: templates.data.toJSON() as Json, api: templates.api.toJSON() as Json, web: templates.web.toJSON() as Json } };
};

export type Synth = ReturnType<typeof synth>;

/** The logical id of a construct's CloudFormation resource. */
export const logicalId = (construct: IConstruct): string => {
  const cfn = CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild;
  if (!cfn || !CfnElement.isCfnElement(cfn)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(cfn).getLogicalId(cfn);
};

export const resourcesOfType = (template: Json, type: string): [string, Json][] =>
  Object.entries(template.Resources as Json).filter(([, r]) => r.Type === type) as [string, Json][];

/**
 * Logical ids of the data stack's resources that a template fragment refers to: Ref/Fn::GetAtt in the
 * same template, or exports (Fn::ImportValue) and outputs (Fn::GetStackOutput) of the data stack.
 */
export const dataRefs = (fragment: unknown, dataTemplate: Json): Set<string> => {
  const ids = new Set<string>();
  const outputs = (dataTemplate.Outputs ?? {}) as Json;
  const local = (value: unknown) => {
    for (const id of localRefs(value)) if (id in dataTemplate.Resources) ids.add(id);
  };
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const obj = value as Json;
    if ('Fn::ImportValue' in obj) {
      const output = Object.values(outputs).find((o: Json) => o.Export?.Name === obj['Fn::ImportValue']);
      if (output) local((output as Json).Value);
      return;
    }
    if ('Fn::GetStackOutput' in obj) {
      const output = outputs[(obj['Fn::GetStackOutput'] as Json).OutputName];
      if (output) local(output.Value);
      return;
    }
    local(obj);
    Object.values(obj).forEach(walk);
  };
  walk(fragment);
  return ids;
};

/** Ref and Fn::GetAtt targets anywhere in a fragment. */
export const localRefs = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(localRefs);
  if (!value || typeof value !== 'object') return [];
  const obj = value as Json;
  const own = typeof obj.Ref === 'string' ? [obj.Ref] : Array.isArray(obj['Fn::GetAtt']) ? [obj['Fn::GetAtt'][0]] : [];
  return [...own, ...Object.values(obj).flatMap(localRefs)];
};

export const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every policy statement attached to a role (inline policies of AWS::IAM::Policy resources). */
export const statementsOfRole = (template: Json, roleId: string): Json[] =>
  resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, p]) => asArray(p.Properties.Roles).some((r: Json) => r.Ref === roleId))
    .flatMap(([, p]) => asArray(p.Properties.PolicyDocument.Statement as Json[]));

/**
 * A file the web stack's BucketDeployment writes, as it would be deployed: each deploy-time value
 * (a CloudFormation marker) replaced by what `resolve` makes of its reference.
 */
export const deployedFile = (s: Synth, fileName: string, resolve: (value: Json) => string): string => {
  const assembly = s.app.synth();
  for (const [, deployment] of resourcesOfType(s.json.web, 'Custom::CDKBucketDeployment')) {
    const keys = deployment.Properties.SourceObjectKeys as string[];
    const markers = (deployment.Properties.SourceMarkers ?? []) as Json[];
    for (const [i, key] of keys.entries()) {
      const file = join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`, fileName);
      if (!existsSync(file)) continue;
      let text = readFileSync(file, 'utf8');
      for (const [marker, value] of Object.entries(markers[i] ?? {})) text = text.replaceAll(marker, resolve(value as Json));
      return text;
    }
  }
  throw new Error(`no deployment writes ${fileName}`);
};

/**
 * Names a deploy-time value by what it refers to: a pseudo parameter, or the logical id of a
 * resource, following an import to the output of `exporting` that it names.
 */
export const referenceOf =
  (exporting: Json) =>
  (value: Json): string => {
    if (typeof value['Fn::ImportValue'] === 'string') {
      const output = Object.values((exporting.Outputs ?? {}) as Json).find((o: Json) => o.Export?.Name === value['Fn::ImportValue']);
      if (!output) throw new Error(`no output exports ${value['Fn::ImportValue']}`);
      return referenceOf(exporting)((output as Json).Value);
    }
    if (typeof value.Ref === 'string') return value.Ref;
    if (Array.isArray(value['Fn::GetAtt'])) return String(value['Fn::GetAtt'][0]);
    throw new Error(`unexpected deploy-time value ${JSON.stringify(value)}`);
  };
