import { DomainError } from '#core/errors';
import { httpHandler } from '#runtime/http-handler';

export const handler = httpHandler({}, async ({ method, path }) => {
  throw new DomainError('ROUTE_NOT_FOUND', `接口不存在: ${method} ${path}`);
});
