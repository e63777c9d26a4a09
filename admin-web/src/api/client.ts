import { SUCCESS_FLAG } from '../../../layers/contracts/envelope.ts';

// Every Admin API answer is the envelope {head:{retFlag,retMsg}, body}; a non-00000 flag becomes an
// ApiError that pages turn into a message (docs/ARCHITECTURE.md → Errors).

export class ApiError extends Error {
  constructor(
    readonly retFlag: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Admin error codes the UI reacts to. */
export const ADMIN_FLAGS = { notSignedIn: '20004', forbidden: '20005', notFound: '50001', versionConflict: '50002', stillReferenced: '50003', exists: '50004' } as const;

export type Query = Record<string, string | number | boolean | undefined | null>;

interface ClientState {
  baseUrl: string;
  token: () => string | undefined;
  onSignedOut: () => void;
}

const state: ClientState = { baseUrl: '', token: () => undefined, onSignedOut: () => undefined };

export const configureClient = (next: Partial<ClientState>) => Object.assign(state, next);

const queryString = (query: Query | undefined): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
};

export const apiCall = async <T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> => {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = state.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${state.baseUrl}${path}${queryString(options.query)}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  let payload: { head?: { retFlag?: string; retMsg?: string }; body?: unknown } = {};
  try {
    payload = (await response.json()) as typeof payload;
  } catch {
    throw new ApiError('99999', `HTTP ${response.status}`, response.status);
  }
  const flag = payload.head?.retFlag ?? '99999';
  if (flag !== SUCCESS_FLAG) {
    if (flag === ADMIN_FLAGS.notSignedIn) state.onSignedOut();
    throw new ApiError(flag, payload.head?.retMsg ?? `HTTP ${response.status}`, response.status);
  }
  return payload.body as T;
};

export const api = {
  get: <T>(path: string, query?: Query) => apiCall<T>('GET', path, query ? { query } : {}),
  post: <T>(path: string, body?: unknown) => apiCall<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body: unknown) => apiCall<T>('PUT', path, { body }),
  del: <T>(path: string, query?: Query) => apiCall<T>('DELETE', path, query ? { query } : {}),
};

export interface Page<T> {
  items: T[];
  cursor?: string;
}
