/**
 * The server's subject mapping (transform) rules, offline: a source pattern with `*`/`>` wildcards and
 * a destination built from literal tokens, legacy `$N` references and `{{function(args)}}` tokens:
 * wildcard(n), partition(count, n…), split(n, delim), splitFromLeft/Right(n, pos),
 * sliceFromLeft/Right(n, size), left(n, len), right(n, len). Behaviour follows nats-server's
 * subject_transform.go (v2.10+); the function names are matched case-insensitively on their first letters as there.
 */

type Step =
  | { kind: "literal"; text: string }
  | { kind: "fwc" }
  | { kind: "wildcard"; src: number }
  | { kind: "partition"; count: number; src: number[] }
  | { kind: "split"; src: number; delim: string }
  | { kind: "int"; fn: "splitfromleft" | "splitfromright" | "slicefromleft" | "slicefromright" | "left" | "right"; src: number; n: number };

/** A compiled mapping; `match` returns the mapped subject or throws when the subject does not match the source. */
export interface SubjectMapping { source: string; dest: string; match(subject: string): string }

const FUNCS = ["wildcard", "partition", "splitfromleft", "splitfromright", "slicefromleft", "slicefromright", "split", "left", "right"] as const;

function validPattern(s: string): { tokens: string[]; pwcs: number; fwc: boolean } | undefined {
  if (!s) return undefined;
  const tokens = s.split(".");
  let pwcs = 0, fwc = false;
  for (const t of tokens) {
    if (!t || fwc) return undefined;
    if (t === ">") fwc = true;
    else if (t === "*") pwcs++;
  }
  return { tokens, pwcs, fwc };
}

function int(v: string | undefined, token: string): number {
  const s = (v ?? "").trim();
  if (!/^-?\d+$/.test(s)) throw new Error(`invalid mapping destination "${token}": invalid argument "${s}"`);
  return Number(s);
}

function parseToken(token: string): { fn: string; args: string[] } | { dollar: number } | undefined {
  if (token.length > 1 && token[0] === "$") {
    return /^\d+$/.test(token.slice(1)) ? { dollar: Number(token.slice(1)) } : undefined;
  }
  if (token.length > 4 && token.startsWith("{{") && token.endsWith("}}")) {
    const m = /^\{\{\s*([A-Za-z]+)\s*\((.*)\)\s*\}\}$/.exec(token);
    const fn = m?.[1]?.toLowerCase();
    if (!m || !fn || !(FUNCS as readonly string[]).includes(fn)) throw new Error(`invalid mapping destination "${token}": unknown function`);
    return { fn, args: m[2]!.split(/,\s*/) };
  }
  return undefined;
}

/** Compiles a mapping; a bad source or destination throws an Error naming the offending token. */
export function compileMapping(source: string, dest: string): SubjectMapping {
  const src = validPattern(source || ">");
  const dst = validPattern(dest);
  if (!src) throw new Error(`invalid source subject pattern "${source}"`);
  if (!dst) throw new Error(`invalid destination subject "${dest}"`);
  if (dst.pwcs > 0) throw new Error(`invalid destination subject "${dest}": it may not contain "*" wildcards, use {{wildcard(N)}}`);
  if (src.fwc !== dst.fwc) throw new Error(`source and destination must both end in ">" or neither`);
  // the source token index of each "*", numbered from 1
  const starAt: number[] = [];
  src.tokens.forEach((t, i) => { if (t === "*") starAt.push(i); });
  const ref = (n: number, token: string) => {
    if (n < 1 || n > starAt.length) throw new Error(`invalid mapping destination "${token}": wildcard index ${n} out of range (the source has ${starAt.length} "*")`);
    return starAt[n - 1]!;
  };
  const steps: Step[] = dst.tokens.map((token): Step => {
    if (token === ">") return { kind: "fwc" };
    const p = parseToken(token);
    if (!p) return { kind: "literal", text: token };
    if (src.pwcs === 0) throw new Error(`invalid mapping destination "${token}": the source has no "*" wildcards to reference`);
    if ("dollar" in p) return { kind: "wildcard", src: ref(p.dollar, token) };
    const { fn, args } = p;
    if (args.length === 1 && args[0]!.trim() === "") throw new Error(`invalid mapping destination "${token}": not enough arguments`);
    if (fn === "wildcard") {
      if (args.length > 1) throw new Error(`invalid mapping destination "${token}": too many arguments`);
      return { kind: "wildcard", src: ref(int(args[0], token), token) };
    }
    if (fn === "partition") {
      if (args.length < 2) throw new Error(`invalid mapping destination "${token}": not enough arguments`);
      return { kind: "partition", count: int(args[0], token), src: args.slice(1).map((a) => ref(int(a, token), token)) };
    }
    if (args.length < 2) throw new Error(`invalid mapping destination "${token}": not enough arguments`);
    if (args.length > 2) throw new Error(`invalid mapping destination "${token}": too many arguments`);
    if (fn === "split") {
      const delim = args[1]!;
      if (delim.includes(" ") || delim.includes(".")) throw new Error(`invalid mapping destination "${token}": invalid delimiter "${delim}"`);
      return { kind: "split", src: ref(int(args[0], token), token), delim };
    }
    return { kind: "int", fn: fn as Extract<Step, { kind: "int" }>["fn"], src: ref(int(args[0], token), token), n: int(args[1], token) };
  });
  const identity = (source === "" || source === ">") && (dest === "" || dest === ">");
  return {
    source, dest,
    match(subject: string): string {
      if (identity) return subject;
      const toks = subject.split(".");
      if (toks.some((t) => t === "" || t === "*" || t === ">" || /\s/.test(t))) throw new Error(`"${subject}" is not a valid literal subject`);
      if (!matches(toks, src.tokens)) throw new Error(`"${subject}" does not match the source pattern "${source}"`);
      return transform(toks, steps, src.tokens.length);
    },
  };
}

function matches(toks: string[], pattern: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === ">") return toks.length > i;
    if (i >= toks.length) return false;
    if (p !== "*" && p !== toks[i]) return false;
  }
  return toks.length === pattern.length;
}

/** FNV-1a 32-bit, the hash the server partitions with. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, "utf8")) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

function chunks(s: string, size: number, fromRight: boolean): string[] {
  if (size <= 0 || size >= s.length) return [s];
  const out: string[] = [];
  if (fromRight) {
    const rem = s.length % size;
    if (rem) out.push(s.slice(0, rem));
    for (let i = rem; i < s.length; i += size) out.push(s.slice(i, i + size));
  } else {
    for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
    // a short tail joins as its own token, as the server does
  }
  return out;
}

function transform(toks: string[], steps: Step[], srcLen: number): string {
  const out: string[] = [];
  for (const st of steps) {
    switch (st.kind) {
      case "literal": out.push(st.text); break;
      case "fwc": out.push(...toks.slice(srcLen - 1)); break;
      case "wildcard": out.push(toks[st.src] ?? ""); break;
      case "partition": out.push(String(fnv1a(st.src.map((i) => toks[i]).join("")) % st.count)); break;
      case "split": out.push(toks[st.src]!.split(st.delim).filter((x) => x !== "").join(".")); break;
      case "int": {
        const t = toks[st.src]!;
        const ok = st.n > 0 && st.n < t.length;
        if (st.fn === "splitfromleft") out.push(ok ? `${t.slice(0, st.n)}.${t.slice(st.n)}` : t);
        else if (st.fn === "splitfromright") out.push(ok ? `${t.slice(0, t.length - st.n)}.${t.slice(t.length - st.n)}` : t);
        else if (st.fn === "slicefromleft") out.push(chunks(t, st.n, false).join("."));
        else if (st.fn === "slicefromright") out.push(chunks(t, st.n, true).join("."));
        else if (st.fn === "left") out.push(ok ? t.slice(0, st.n) : t);
        else out.push(ok ? t.slice(t.length - st.n) : t);
      }
    }
  }
  return out.join(".");
}
