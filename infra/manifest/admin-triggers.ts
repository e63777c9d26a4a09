import { adminHttpRoutes } from './admin-http-routes.ts';
import type { HttpTrigger } from './types.ts';

// An admin function's HTTP routes are the rows of its route table (layers/contracts/admin-routes-*.ts):
// one API Gateway route per row, so a path no row serves never reaches the function. They are read
// from the generated admin-http-routes.ts, which has no schemas: every function bundle imports the
// manifest (for its bindings), and building every admin schema cost each cold start about 30 ms.

export const routesOf = (name: keyof typeof adminHttpRoutes): HttpTrigger[] =>
  adminHttpRoutes[name].map(([method, path]) => ({ type: 'http', method, path, auth: 'admin' }));
