/**
 * Renders `${name}` placeholders (the seed's templates) from the given variables. Unknown names are
 * left as written, so a missing bizContent field is visible rather than silently blank.
 */
export const renderTemplate = (text: string, variables: Record<string, unknown>): string =>
  text.replace(/\$\{\s*([\w.]+)\s*\}/g, (whole, name: string) => {
    // Own fields only: `${constructor}` in a template is an unknown name, not Object's constructor.
    const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
    return value === undefined || value === null ? whole : String(value);
  });

/** The placeholder names a template uses, for checks when a template is saved. */
export const templateVariables = (text: string): string[] => [...new Set([...text.matchAll(/\$\{\s*([\w.]+)\s*\}/g)].map((m) => m[1]!))];
