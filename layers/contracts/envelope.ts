import * as z from 'zod/mini';
import { lazily } from './primitives.ts';

export const SUCCESS_FLAG = '00000';
export const SUCCESS_MSG = '处理成功';

// The schemas document the API (the OpenAPI document builds them); every function reads the flags.
export const headSchema = lazily(() => z.object({
  retFlag: z.string().check(z.describe('00000 on success; see the error table for every other code')),
  retMsg: z.string(),
}));

/** `{"head":{"retFlag","retMsg"},"body":{…}}` — every API response, success or not. */
export const envelopeOf = <T extends z.ZodMiniType>(body: T) => z.object({ head: headSchema(), body });

export type Envelope<T> = { head: z.infer<ReturnType<typeof headSchema>>; body: T };
