import * as z from 'zod/mini';
export const x = z.string();
