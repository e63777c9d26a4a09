import type { AdminRouteTable } from './admin-route.ts';
import { actionRoutes } from './admin-routes-actions.ts';
import { configRoutes } from './admin-routes-config.ts';
import { deliveryRoutes } from './admin-routes-delivery.ts';
import { importRoutes } from './admin-routes-imports.ts';
import { recordRoutes } from './admin-routes-records.ts';

/** Every admin function's route table, by manifest function name (the OpenAPI document reads all). */
export const adminRouteTables = {
  adminConfig: configRoutes,
  adminRecords: recordRoutes,
  adminActions: actionRoutes,
  adminDelivery: deliveryRoutes,
  adminImports: importRoutes,
} satisfies Record<string, AdminRouteTable>;
