// Regenerates the data natsx ships in data/ from the upstream NATS repositories (all Apache-2.0):
//   data/server-errors.json  nats-server's server/errors.json, the JetStream error codes (`nats errors`)
//   data/schemas/…           jsm.go's schemas/ (without its Go file), NATS's own JSON schemas (`nats schema`)
//   data/cheats/*.md         natscli's cli/cheats, its cheat sheets (`nats cheat`)
//   data/SOURCES.json        where each came from: repository, ref and commit
// Each source is a local git checkout (a bare clone does) read at a ref with `git show`/`git ls-tree`, so the
// work tree's state does not matter:
//   node scripts/vendor-data.mjs --server PATH[@REF] --jsm PATH[@REF] --natscli PATH[@REF]
// REF defaults to HEAD; pass a release tag (e.g. nats-server's v2.14.5) so the data names a version.
// Only the sources given are regenerated. Nothing but JSON and Markdown is copied.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const data = path.join(root, "data");

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(server|jsm|natscli)$/.exec(argv[i]);
    if (!m || !argv[i + 1]) {
      console.error("usage: node scripts/vendor-data.mjs [--server PATH[@REF]] [--jsm PATH[@REF]] [--natscli PATH[@REF]]");
      process.exit(2);
    }
    const v = argv[++i];
    const at = v.lastIndexOf("@");
    out[m[1]] = at > 0 ? { dir: v.slice(0, at), ref: v.slice(at + 1) } : { dir: v, ref: "HEAD" };
  }
  if (!Object.keys(out).length) {
    console.error("nothing to do: give at least one of --server, --jsm, --natscli");
    process.exit(2);
  }
  return out;
}

const git = (src, ...args) => execFileSync("git", ["-C", src.dir, ...args], { encoding: "buffer", maxBuffer: 64 * 1024 * 1024 });
const show = (src, file) => git(src, "show", `${src.ref}:${file}`);
const list = (src, dir) => git(src, "ls-tree", "-r", "--name-only", src.ref, "--", dir).toString("utf8").split("\n").filter(Boolean);
const commit = (src) => git(src, "rev-parse", `${src.ref}^{commit}`).toString("utf8").trim();

function write(rel, content) {
  const f = path.join(data, rel);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, content);
}

const args = parseArgs(process.argv.slice(2));
const sourcesFile = path.join(data, "SOURCES.json");
let sources = {};
try {
  sources = JSON.parse(readFileSync(sourcesFile, "utf8"));
} catch {
  // first run
}

if (args.server) {
  const text = show(args.server, "server/errors.json").toString("utf8");
  const errors = JSON.parse(text);
  if (!Array.isArray(errors) || !errors.every((e) => typeof e.error_code === "number" && typeof e.constant === "string")) throw new Error("server/errors.json is not a list of error codes");
  write("server-errors.json", `${JSON.stringify(errors, null, 2)}\n`);
  sources.server_errors = { repository: "nats-io/nats-server", path: "server/errors.json", ref: args.server.ref, commit: commit(args.server), count: errors.length };
  console.log(`server-errors.json: ${errors.length} error codes from nats-server ${args.server.ref}`);
}

if (args.jsm) {
  rmSync(path.join(data, "schemas"), { recursive: true, force: true });
  let n = 0;
  for (const f of list(args.jsm, "schemas")) {
    // the schemas and nothing else: not the Go embedding file, not the errors list (nats-server's is used)
    if (!f.endsWith(".json") || f === "schemas/server/errors.json") continue;
    const doc = JSON.parse(show(args.jsm, f).toString("utf8"));
    write(path.join("schemas", path.relative("schemas", f)), `${JSON.stringify(doc)}\n`);
    n++;
  }
  sources.schemas = { repository: "nats-io/jsm.go", path: "schemas/", ref: args.jsm.ref, commit: commit(args.jsm), count: n };
  console.log(`schemas/: ${n} JSON schemas from jsm.go ${args.jsm.ref}`);
}

if (args.natscli) {
  rmSync(path.join(data, "cheats"), { recursive: true, force: true });
  let n = 0;
  for (const f of list(args.natscli, "cli/cheats")) {
    if (!f.endsWith(".md")) continue;
    write(path.join("cheats", path.basename(f)), show(args.natscli, f));
    n++;
  }
  sources.cheats = { repository: "nats-io/natscli", path: "cli/cheats/", ref: args.natscli.ref, commit: commit(args.natscli), count: n };
  console.log(`cheats/: ${n} cheat sheets from natscli ${args.natscli.ref}`);
}

writeFileSync(sourcesFile, `${JSON.stringify(sources, null, 2)}\n`);
