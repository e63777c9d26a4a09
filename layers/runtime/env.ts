import * as z from 'zod';

/**
 * Parses the function's environment once, at cold start. A missing key is a deployment bug, so it
 * fails loudly with every missing key named.
 */
export const parseEnv = <S extends z.ZodObject>(shape: S, source: NodeJS.ProcessEnv = process.env): z.infer<S> => {
  const result = shape.safeParse(source);
  if (!result.success) {
    const keys = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Environment is missing or invalid: ${keys}`);
  }
  return result.data;
};
