import { randomBytes, randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { deliveryRoutes } from '#contracts/admin-routes-delivery';
import { queryCallbackDeliveries } from '#adapters/callbacks/callback-delivery-store';
import { queryUpstream } from '#adapters/dynamo/upstream-store';
import type { SuppressionStore } from '#adapters/dynamo/suppression-store';
import { readWithSight } from '#core/admin/read-with-sight';
import type { AuditLog } from '#core/admin/ports';
import { replayCallback, rotateCallbackSecret, setCallback, viewOfConfig, type CallbackAdminDeps } from '#core/callbacks/callback-admin';
import { liftSuppression } from '#core/suppression/lift-suppression';
import { adminRouter, type AdminRequest } from '#runtime/admin-router';

// adminDelivery's handlers, one per row of deliveryRoutes: suppressions, inbound SMS, callbacks.

export interface DeliveryRouteDeps extends Omit<CallbackAdminDeps, 'now' | 'newId' | 'randomSecret'> {
  doc: DynamoDBDocumentClient;
  tables: { messages: string };
  suppressions: SuppressionStore;
  audit: AuditLog;
  now?: () => Date;
}

export const deliveryRouter = (routeDeps: DeliveryRouteDeps) => {
  const now = routeDeps.now ?? (() => new Date());
  const deps = { ...routeDeps, now, newId: randomUUID, randomSecret: () => randomBytes(32).toString('base64url') };
  const seen = <T>(r: AdminRequest, kind: string, filter: Record<string, unknown>, result: T) =>
    readWithSight({ audit: deps.audit, now, newId: randomUUID }, r.principal, { kind, filter }, result);
  const { doc, tables } = deps;
  return adminRouter(deliveryRoutes, {
    suppressions: async ({ query, request }) => {
      const { limit: _l, cursor: _c, ...filter } = query;
      return seen(request, 'suppressions', filter, await deps.suppressions.list(query));
    },
    liftSuppression: ({ principal, body }) => liftSuppression(deps, principal, body),
    upstream: async ({ query, request }) => {
      const { limit: _l, cursor: _c, ...filter } = query;
      return seen(request, 'upstream', filter, await queryUpstream(doc, tables.messages, query, now()));
    },
    callbackConfigs: async () => ({ items: (await deps.configs.list()).map(viewOfConfig) }),
    setCallback: ({ principal, params, body }) => setCallback(deps, principal, params.institution, body),
    rotateCallbackSecret: ({ principal, params }) => rotateCallbackSecret(deps, principal, params.institution),
    callbackDeliveries: async ({ query }) => queryCallbackDeliveries(doc, tables.messages, query, now()),
    replayCallback: ({ principal, params }) => replayCallback(deps, principal, params.id),
  });
};
