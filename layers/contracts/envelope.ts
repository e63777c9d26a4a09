import * as z from 'zod/mini';

export const SUCCESS_FLAG = '00000';
export const SUCCESS_MSG = '处理成功';

export const headSchema = z.object({
  retFlag: z.string().check(z.describe('00000 on success; see the error table for every other code')),
  retMsg: z.string(),
});

/** `{"head":{"retFlag","retMsg"},"body":{…}}` — every API response, success or not. */
export const envelopeOf = <T extends z.ZodMiniType>(body: T) => z.object({ head: headSchema, body });

export type Envelope<T> = { head: z.infer<typeof headSchema>; body: T };
