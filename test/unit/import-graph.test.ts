import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The house's one rule about arrows (docs/architecture.md): imports run one way. No two modules import each other,
// however indirectly, and no folder reaches back into a folder that reaches it: within every folder of src/, its
// files and sub-folders, taken as units, import each other without a loop. Type-only and lazy (`import()`) imports
// count too: a type that both sides need lives in the lower one. Read with the TypeScript compiler already here.

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** file → the files of src/ it imports (static, type-only, re-exports and import()). */
function importGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(src)) {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const deps = new Set<string>();
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith(".")) continue;
      deps.add(path.resolve(path.dirname(file), ref.fileName).replace(/\.js$/, ".ts"));
    }
    graph.set(file, deps);
  }
  return graph;
}

/** The loops of a graph (Tarjan's strongly connected components with more than one member, or a self-import). */
function loops<T>(graph: Map<T, Set<T>>): T[][] {
  let next = 0;
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const stack: T[] = [];
  const onStack = new Set<T>();
  const out: T[][] = [];
  const visit = (v: T): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: T[] = [];
      let w: T;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.has(v)) out.push(scc);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

const rel = (f: string) => path.relative(path.dirname(src), f);

describe("import graph of src/", () => {
  const graph = importGraph();

  it("reads the modules (a sanity check of the reader itself)", () => {
    expect(graph.size).toBeGreaterThan(50);
    expect([...graph.get(path.join(src, "main.ts"))!].map(rel)).toContain("src/errors.ts");
    for (const [file, deps] of graph) for (const d of deps) expect(graph.has(d), `${rel(file)} imports ${rel(d)}, which is not a module of src/`).toBe(true);
  });

  it("has no import cycle between modules", () => {
    expect(loops(graph).map((c) => c.map(rel).sort().join(" → "))).toEqual([]);
  });

  it("has no folder that reaches back: the units of every folder import each other without a loop", () => {
    const found: string[] = [];
    const dirs = [src, ...sourceFiles(src).map((f) => path.dirname(f))];
    for (const dir of new Set(dirs)) {
      // the unit of a file under `dir`: the file itself, or the sub-folder of `dir` that holds it
      const unit = (f: string) => path.join(dir, path.relative(dir, f).split(path.sep)[0]!);
      const units = new Map<string, Set<string>>();
      const why = new Map<string, string>();
      for (const [file, deps] of graph) {
        if (!file.startsWith(dir + path.sep)) continue;
        const from = unit(file);
        if (!units.has(from)) units.set(from, new Set());
        for (const d of deps) {
          if (!d.startsWith(dir + path.sep) || unit(d) === from) continue;
          units.get(from)!.add(unit(d));
          why.set(`${from}>${unit(d)}`, `${rel(file)} imports ${rel(d)}`);
        }
      }
      for (const loop of loops(units)) {
        const members = new Set(loop);
        const arrows = loop.flatMap((a) => [...units.get(a)!].filter((b) => members.has(b)).map((b) => why.get(`${a}>${b}`)!));
        found.push(`${loop.map(rel).sort().join(" ↔ ")}: ${arrows.join("; ")}`);
      }
    }
    expect(found).toEqual([]);
  });
});
