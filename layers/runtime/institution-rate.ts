import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { institutionRate, type InstitutionRateDeps, type RatedCaller } from '#core/limits/institution-rate';

/** An API-key authenticator that also counts the caller against its institution's rate (429 over it). */
export const withInstitutionRate = <C extends RatedCaller>(authenticate: (event: APIGatewayProxyEventV2) => Promise<C>, deps: InstitutionRateDeps) => {
  const enforce = institutionRate(deps);
  return async (event: APIGatewayProxyEventV2): Promise<C> => {
    const caller = await authenticate(event);
    await enforce(caller);
    return caller;
  };
};
