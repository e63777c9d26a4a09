import { beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../infra/manifest/index.ts';
import { asArray, logicalId, statementsOfRole, synth, type Json, type Synth, SYNTH_TIMEOUT_MS } from './synth.ts';

// Provider secrets (HTTP_SMS signing keys) are created by operators under the stage's prefix; the
// functions that send SMS read exactly that prefix, and no other function reads any of them.

/** The rendered ARN of a statement's resource, Fn::Join parts flattened to text. */
const text = (resource: Json): string => (typeof resource === 'string' ? resource : JSON.stringify(resource).replace(/[",{}[\]]|Fn::Join|Ref:/g, ''));

describe('provider secrets grant (dev)', () => {
  let s: Synth;
  beforeAll(() => {
    s = synth({ stage: 'dev', manifest });
  }, SYNTH_TIMEOUT_MS);

  it('lets the SMS senders (and the gateway callback) read only secrets under message-platform/dev/providers/, and nobody else', () => {
    const readers = Object.entries(manifest.functions).filter(([, spec]) => (spec.bindings as { providerSecrets?: boolean }).providerSecrets).map(([name]) => name);
    // smsInboundCallback, receiveGatewayReports: the gateway's signing key checks its callbacks (inbound SMS, receipts).
    expect(readers.sort()).toEqual(['captchaSend', 'receiveGatewayReports', 'sendSms', 'smsInboundCallback']);
    for (const name of Object.keys(manifest.functions)) {
      const statements = statementsOfRole(s.json.api, logicalId(s.api.functions[name]!.fn.role!));
      const providerReads = statements.filter((st) => asArray<Json>(st.Resource).some((r) => text(r).includes('providers')));
      if (!readers.includes(name)) {
        expect(providerReads, name).toEqual([]);
        continue;
      }
      expect(providerReads, name).toHaveLength(1);
      expect(asArray(providerReads[0]!.Action), name).toEqual(['secretsmanager:GetSecretValue']);
      const resources = asArray<Json>(providerReads[0]!.Resource).map(text);
      expect(resources, name).toHaveLength(1);
      expect(resources[0], name).toMatch(/arn:.*secretsmanager:.*:secret:message-platform\/dev\/providers\/\*$/);
    }
  });
});
