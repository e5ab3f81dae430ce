import { usageError } from "../errors.js";

/** One `--map SRC DEST` rewrite: SRC may hold `*` and `>` wildcards, DEST refers to them as in subject mapping. */
export interface SubjectMapping {
  from: string;
  to: string;
  map(subject: string): string | undefined;
}

/**
 * Compiles a subject mapping as the server's subject mappings read them: the source's wildcards are numbered
 * from 1 in order, and the destination names them `{{wildcard(N)}}` (or the older `$N`); a trailing `>` in the
 * destination takes what the source's `>` matched. Returns undefined from map() for subjects it does not match.
 */
export function compileMapping(from: string, to: string): SubjectMapping {
  const src = from.split(".");
  if (src.some((t) => t === "") || src.slice(0, -1).includes(">")) throw usageError(`invalid --map source "${from}": empty tokens, or ">" before the last token`);
  const wildcards = src.filter((t) => t === "*" || t === ">").length;
  const refs = [...to.matchAll(/\{\{\s*wildcard\s*\(\s*(\d+)\s*\)\s*\}\}|\$(\d+)/g)].map((m) => Number(m[1] ?? m[2]));
  for (const r of refs) {
    if (r < 1 || r > wildcards) throw usageError(`invalid --map destination "${to}": it refers to wildcard ${r}, the source "${from}" has ${wildcards}`);
  }
  const dst = to.split(".");
  if (dst.some((t) => t === "")) throw usageError(`invalid --map destination "${to}": empty tokens`);
  return {
    from,
    to,
    map(subject) {
      const t = subject.split(".");
      const got: string[] = [];
      for (let i = 0; i < src.length; i++) {
        const s = src[i]!;
        if (s === ">") {
          if (t.length <= i) return undefined;
          got.push(t.slice(i).join("."));
          break;
        }
        if (i >= t.length) return undefined;
        if (s === "*") got.push(t[i]!);
        else if (s !== t[i]) return undefined;
        if (i === src.length - 1 && t.length !== src.length) return undefined;
      }
      let out = to.replace(/\{\{\s*wildcard\s*\(\s*(\d+)\s*\)\s*\}\}|\$(\d+)/g, (_m, a: string | undefined, b: string | undefined) => got[Number(a ?? b) - 1]!);
      // a destination ending in ">" takes what the source's ">" matched
      if (dst[dst.length - 1] === ">" && src[src.length - 1] === ">") out = `${out.slice(0, -1)}${got[got.length - 1]}`;
      return out;
    },
  };
}

/** `--map` values as pairs (the flag takes two words each time); the first mapping that matches a subject wins. */
export function compileMappings(words: string[] | undefined): SubjectMapping[] {
  if (!words?.length) return [];
  if (words.length % 2 !== 0) throw usageError("--map takes two values, SOURCE and DESTINATION", "e.g. --map 'orders.*' 'replay.orders.{{wildcard(1)}}'");
  const out: SubjectMapping[] = [];
  for (let i = 0; i < words.length; i += 2) out.push(compileMapping(words[i]!, words[i + 1]!));
  return out;
}

/** The subject after the first mapping that matches it (or as it was). */
export function mapSubject(mappings: SubjectMapping[], subject: string): string {
  for (const m of mappings) {
    const r = m.map(subject);
    if (r !== undefined) return r;
  }
  return subject;
}
