import { apiCall } from '../api/client.ts';

/** The local runner's stand-in for Cognito: demo users admin/operator/viewer. */
export const localLogin = async (username: string, password: string): Promise<string> => {
  const body = await apiCall<{ token: string }>('POST', '/api/local/login', { body: { username, password } });
  return body.token;
};
