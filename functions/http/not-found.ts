import { httpHandler } from '#runtime/http-handler';
import { noRouteError } from '#runtime/known-routes';

export const handler = httpHandler({}, async ({ method, path }) => {
  throw noRouteError(method, path);
});
