/**
 * Renders `${name}` placeholders (the seed's templates) from the given variables. Unknown names are
 * left as written; intake refuses a request that leaves one without a value (missingVariables) and
 * the split never sends one, so this only shows in previews.
 */
export const renderTemplate = (text: string, variables: Record<string, unknown>): string =>
  text.replace(/\$\{\s*([\w.]+)\s*\}/g, (whole, name: string) => {
    // Own fields only: `${constructor}` in a template is an unknown name, not Object's constructor.
    const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
    return value === undefined || value === null ? whole : String(value);
  });

/** The placeholder names a template uses, in order of first use. */
export const templateVariables = (text: string): string[] => [...new Set([...text.matchAll(/\$\{\s*([\w.]+)\s*\}/g)].map((m) => m[1]!))];

/** Recipient fields a template may name (`${custName}`): each recipient's own value, when bizContent does not give it. */
export const RECIPIENT_VARIABLES: ReadonlySet<string> = new Set(['userId', 'mobile', 'email', 'custNo', 'custType', 'custName', 'certNo', 'deviceNo', 'custTag']);

/** A variable has a value when it is an own field that is not null, undefined or '' (the seed's "not given"). */
export const hasValue = (variables: Record<string, unknown>, name: string): boolean => {
  if (!Object.hasOwn(variables, name)) return false;
  const value = variables[name];
  return value !== undefined && value !== null && value !== '';
};

/** The names of `text` the variables give no value. */
export const missingVariables = (text: string, variables: Record<string, unknown>): string[] =>
  templateVariables(text).filter((name) => !hasValue(variables, name));
