/**
 * A small JSON Schema validator for the subset our documented shapes use (type, enum, properties,
 * required, additionalProperties: false, items); returns the list of violations, empty when valid.
 */
export function validateSchema(schema: Record<string, unknown>, value: unknown, at = "$"): string[] {
  const errs: string[] = [];
  const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);
  if (schema.enum && !(schema.enum as unknown[]).some((e) => e === value)) errs.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (schema.type) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const k = kind(value);
    const ok = types.some((t) => t === k || (t === "number" && k === "integer"));
    if (!ok) return [...errs, `${at}: expected ${types.join("|")}, got ${k}`];
  }
  if (kind(value) === "object" && schema.properties) {
    const props = schema.properties as Record<string, Record<string, unknown>>;
    const obj = value as Record<string, unknown>;
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in obj)) errs.push(`${at}: missing required "${r}"`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) errs.push(...validateSchema(props[k]!, v, `${at}.${k}`));
      else if (schema.additionalProperties === false) errs.push(`${at}: unexpected property "${k}"`);
    }
  }
  if (kind(value) === "array" && schema.items) (value as unknown[]).forEach((v, i) => errs.push(...validateSchema(schema.items as Record<string, unknown>, v, `${at}[${i}]`)));
  return errs;
}
