import type { AdminRouteTable } from './admin-route.ts';
import { adminRouteTables } from './admin-routes.ts';
import type { registerRoute } from './openapi.ts';

// The admin API's routes in the OpenAPI document: every row of every admin function's route table
// (docs/ARCHITECTURE.md → Admin API). Called by openapi.ts with its registerRoute, so this file does
// not import it at run time.

type Register = typeof registerRoute;

export const registerAdminRoutes = (register: Register, securitySchemes: Record<string, Record<string, unknown>>): void => {
  securitySchemes.bearer = {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Cognito ID token (groups admin / operator / viewer); locally from POST /api/local/login',
  };
  for (const table of Object.values(adminRouteTables) as AdminRouteTable[]) {
    for (const route of Object.values(table)) {
      const role = route.roleFor ? `${route.role} or above, by path parameter` : route.role === 'viewer' ? 'any signed-in role' : `${route.role} or above`;
      register({
        method: route.method.toLowerCase() as Lowercase<typeof route.method>,
        path: route.path,
        summary: route.summary,
        description: [route.description, `Role: ${role}.`].filter(Boolean).join(' '),
        tags: ['admin'],
        auth: 'admin',
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { query: route.query } : {}),
        ...(route.body ? { body: route.body } : {}),
        result: route.result(),
        errors: route.errors,
      });
    }
  }
};
