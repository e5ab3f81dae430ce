import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempHome, cliError, withoutControls } from "../helpers/run-cli.js";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { userPassConfig } from "../helpers/auth.js";
import { CONTEXT_KEYS } from "../../src/context/store.js";

let server: NatsServer;
beforeAll(async () => { server = await startNatsServer({ config: userPassConfig("bob", "s3cretPW") }); });
afterAll(async () => { await server?.stop(); });

/** A fresh config home and a runner bound to it. */
function sandbox(extraEnv: Record<string, string> = {}) {
  const home = tempHome();
  const cfg = path.join(home, ".config", "nats");
  const env = { HOME: home, ...extraEnv };
  return {
    home,
    cfg,
    ctxFile: (n: string) => path.join(cfg, "context", `${n}.json`),
    run: (args: string[], o: Parameters<typeof runCli>[1] = {}) => runCli(args, { ...o, env: { ...env, ...o.env } }),
  };
}

/** What natscli 0.x writes for `nats context add natscli-made --server … --user bob --password …`. */
function natscliFile(url: string): string {
  return JSON.stringify({
    description: "made by natscli", url, socks_proxy: "", token: "", user: "bob", password: "s3cretPW", creds: "", nkey: "", cert: "", key: "", ca: "", nsc: "",
    jetstream_domain: "", jetstream_api_prefix: "", jetstream_event_prefix: "", inbox_prefix: "", user_jwt: "", user_seed: "", color_scheme: "", tls_first: false,
    windows_cert_store: "", windows_cert_match_by: "", windows_cert_match: "", windows_ca_certs_match: null, some_future_key: "ignored",
  }, null, 2);
}

describe("context add", () => {
  it("saves the global flags in natscli's format (keys, order, 0700/0600) and masks secrets on screen", async () => {
    const sb = sandbox();
    const r = await sb.run(["context", "add", "prod", "-s", server.url, "--user", "bob", "--password", "s3cretPW", "--description", "Production", "--select"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NATS Configuration Context "prod"');
    expect(r.stdout).toMatch(/Description: Production\n/);
    expect(r.stdout).toMatch(/Username: bob\n/);
    expect(r.stdout).toMatch(/Password: \*{8}\n/);
    expect(r.stdout + r.stderr).not.toContain("s3cretPW");
    const text = readFileSync(sb.ctxFile("prod"), "utf8");
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual(CONTEXT_KEYS);
    expect(doc).toMatchObject({ url: server.url, user: "bob", password: "s3cretPW", description: "Production", tls_first: false, windows_ca_certs_match: null });
    expect(statSync(sb.ctxFile("prod")).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(sb.ctxFile("prod"))).mode & 0o777).toBe(0o700);
    expect(readFileSync(path.join(sb.cfg, "context.txt"), "utf8")).toBe("prod");
    // the selected context is used by other commands
    const pub = await sb.run(["pub", "x", "y"]);
    expect(pub.code).toBe(0);
  });

  it("updates an existing context, keeping what was not given, and stores --user alone as a token", async () => {
    const sb = sandbox();
    expect((await sb.run(["ctx", "add", "a", "-s", "nats://h1:4222", "--description", "first"])).code).toBe(0);
    expect((await sb.run(["ctx", "add", "a", "--user", "tok_abc_123"])).code).toBe(0);
    const doc = JSON.parse(readFileSync(sb.ctxFile("a"), "utf8"));
    expect(doc).toMatchObject({ url: "nats://h1:4222", description: "first", token: "tok_abc_123", user: "" });
  });

  it("takes natscli's hidden spellings --tls-first and --domain for --tlsfirst and --js-domain", async () => {
    const sb = sandbox();
    expect((await sb.run(["ctx", "add", "hidden", "-s", "nats://h1:4222", "--tls-first", "--domain", "hub"])).code).toBe(0);
    expect(JSON.parse(readFileSync(sb.ctxFile("hidden"), "utf8"))).toMatchObject({ tls_first: true, jetstream_domain: "hub" });
    // the documented flag wins over its hidden spelling
    expect((await sb.run(["ctx", "add", "both", "--domain", "hub", "--js-domain", "leaf"])).code).toBe(0);
    expect(JSON.parse(readFileSync(sb.ctxFile("both"), "utf8"))).toMatchObject({ jetstream_domain: "leaf" });
  });

  it("uses --context as the template for a new context", async () => {
    const sb = sandbox();
    await sb.run(["ctx", "add", "base", "-s", "nats://base:4222", "--js-domain", "hub"]);
    const r = await sb.run(["ctx", "add", "derived", "--context", "base", "--description", "from base"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(sb.ctxFile("derived"), "utf8"))).toMatchObject({ url: "nats://base:4222", jetstream_domain: "hub", description: "from base" });
  });

  it("rejects two kinds of credentials, bad names and bad URLs without writing anything", async () => {
    const sb = sandbox();
    let r = await sb.run(["ctx", "add", "x", "--creds", "/a.creds", "--nkey", "/b.nk"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(cliError(/^too many types of credentials/));
    r = await sb.run(["ctx", "add", "../evil", "-s", "nats://h:1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("invalid context name");
    r = await sb.run(["ctx", "add", "y", "-s", "http://h:1"]);
    expect(r.code).toBe(2);
    expect(existsSync(sb.ctxFile("x")) || existsSync(sb.ctxFile("y"))).toBe(false);
  });

  it("--embed stores creds and nkey files inline, shown as embedded data and never printed", async () => {
    const sb = sandbox();
    const nk = path.join(sb.home, "u.nk");
    writeFileSync(nk, "SUAAVERYSECRETSEEDVALUEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
    const r = await sb.run(["ctx", "add", "emb", "--nkey", nk, "--embed"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/NKey: embedded data\n/);
    const doc = JSON.parse(readFileSync(sb.ctxFile("emb"), "utf8"));
    expect(doc.nkey).toBe(`data:;base64,${readFileSync(nk).toString("base64")}`);
    const j = await sb.run(["ctx", "info", "emb", "--json"]);
    expect(JSON.parse(j.stdout).nkey).toBe("embedded data");
    expect(j.stdout).not.toContain("base64");
  });
});

describe("context ls / info: secrets masked in every mode", () => {
  it("lists a table with * on the selected one, names, completion lines and masked JSON", async () => {
    const sb = sandbox();
    await sb.run(["ctx", "add", "one", "-s", "nats://alice:pw_in_url_99@h:4222", "--description", "first one"]);
    await sb.run(["ctx", "add", "two", "--token", "tok_secret_77", "--jwt", "eyJhbGciOiJlZDI1NTE5LW5rZXkifQ.payload.sig", "--seed", "SUAASEEDSECRETSEEDSECRETSEEDSECRETSEEDSECRET", "--select"]);
    let r = await sb.run(["ctx", "ls"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Known Contexts");
    expect(r.stdout).toMatch(/│ one\s+│ first one\s+│/);
    expect(r.stdout).toMatch(/│ two\*\s+│/);
    r = await sb.run(["ctx", "ls", "--names"]);
    expect(r).toEqual({ code: 0, stdout: "one\ntwo\n", stderr: "" });
    r = await sb.run(["ctx", "ls", "--completion"]);
    expect(r.stdout).toBe("one:first one\ntwo:\n");
    r = await sb.run(["ctx", "ls", "--json"]);
    const list = JSON.parse(r.stdout);
    expect(list.map((c: { name: string }) => c.name)).toEqual(["one", "two"]);
    expect(list[0].url).toBe("nats://xxxxx@h:4222");
    expect(list[1].token).toMatch(/^\*+$/);
    expect(list[1].user_jwt).toMatch(/^\*+$/);
    expect(list[1].user_seed).toMatch(/^\*+$/);
    for (const args of [["ctx", "ls", "--json"], ["ctx", "info", "two"], ["ctx", "info", "two", "--json"], ["ctx", "info", "one", "--json"], ["ctx", "info", "one"], ["ctx", "validate"]]) {
      const out = await sb.run(args);
      const all = out.stdout + out.stderr;
      for (const secret of ["pw_in_url_99", "tok_secret_77", "payload.sig", "SEEDSECRET"]) expect(all, `${args.join(" ")} leaked ${secret}`).not.toContain(secret);
    }
  });

  it("says so when there are no contexts", async () => {
    const r = await sandbox().run(["ctx", "ls"]);
    expect(r).toEqual({ code: 0, stdout: "No known contexts\n", stderr: "" });
  });

  it("info shows natscli's layout, file status, and warns about env overrides on stderr", async () => {
    const sb = sandbox();
    await sb.run(["ctx", "add", "f", "-s", server.url, "--creds", "/does/not/exist.creds", "--tlsca", "~/ca.pem", "--inbox-prefix", "_IN"]);
    const r = await sb.run(["ctx", "info", "f"], { env: { NATS_URL: "nats://other:4222" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      'NATS Configuration Context "f"',
      "",
      `   Server URLs: ${server.url}`,
      "   Credentials: /does/not/exist.creds (ERROR)",
      "            CA: ~/ca.pem (ERROR)",
      "  Inbox Prefix: _IN",
      `          Path: ${sb.ctxFile("f")}`,
      "",
      "",
    ].join("\n"));
    expect(r.stderr).toBe("WARNING: Shell environment overrides in place using NATS_URL\n");
    writeFileSync(path.join(sb.home, "ca.pem"), "x");
    expect((await sb.run(["ctx", "info", "f"])).stdout).toContain("CA: ~/ca.pem (OK)");
  });

  it("info --connect reports OK, or the failure with its exit code", async () => {
    const sb = sandbox();
    await sb.run(["ctx", "add", "good", "-s", server.url, "--user", "bob", "--password", "s3cretPW"]);
    await sb.run(["ctx", "add", "bad", "-s", server.url, "--user", "bob", "--password", "wrongpass"]);
    let r = await sb.run(["ctx", "info", "good", "--connect"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Connection: OK\n/);
    r = await sb.run(["ctx", "info", "bad", "--connect", "--json"]);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).connection).toMatch(/authentication failed.*user\/password \(from context bad\)/);
    expect(r.stdout).not.toContain("wrongpass");
  });

  it("info without a name uses the selected context, and fails clearly with none", async () => {
    const sb = sandbox();
    let r = await sb.run(["ctx", "info"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(cliError(/^no default context and no name supplied/));
    await sb.run(["ctx", "add", "sel", "-s", "nats://h:1", "--select"]);
    r = await sb.run(["ctx", "show"]);
    expect(r.stdout).toContain('Context "sel"');
  });
});

describe("select, unselect, previous, rm", () => {
  it("switches, remembers the previous one (ctx - and ctx previous) and unselects", async () => {
    const sb = sandbox();
    await sb.run(["ctx", "add", "a", "-s", "nats://a:1", "--select"]);
    await sb.run(["ctx", "add", "b", "-s", "nats://b:1"]);
    let r = await sb.run(["ctx", "select", "b"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Context "b"');
    expect(readFileSync(path.join(sb.cfg, "context.txt"), "utf8")).toBe("b");
    expect(readFileSync(path.join(sb.cfg, "previous-context.txt"), "utf8")).toBe("a");
    r = await sb.run(["ctx", "-"]);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(sb.cfg, "context.txt"), "utf8")).toBe("a");
    r = await sb.run(["ctx", "--", "-"]);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(sb.cfg, "context.txt"), "utf8")).toBe("b");
    r = await sb.run(["context", "previous"]);
    expect(readFileSync(path.join(sb.cfg, "context.txt"), "utf8")).toBe("a");
    r = await sb.run(["ctx", "unselect"]);
    expect(r).toEqual({ code: 0, stdout: 'Unselected the "a" context\n', stderr: "" });
    r = await sb.run(["ctx", "unselect"]);
    expect(r.stdout).toBe("No context currently selected\n");
  });

  it("select refuses unknown names, no contexts, and a missing name without a terminal", async () => {
    const sb = sandbox();
    let r = await sb.run(["ctx", "select", "x"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(cliError(/^no context defined/));
    await sb.run(["ctx", "add", "a", "-s", "nats://a:1"]);
    r = await sb.run(["ctx", "select", "nope"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(cliError(/^context "nope" not found — `nats context ls` lists them/));
    r = await sb.run(["ctx", "select"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no terminal");
  });

  it("select asks on a terminal (a select: 2 picks the second)", async () => {
    const sb = sandbox();
    await sb.run(["ctx", "add", "a", "-s", "nats://a:1"]);
    await sb.run(["ctx", "add", "b", "-s", "nats://b:1"]);
    const r = await sb.run(["ctx", "select"], { stdin: "2\n", tty: { in: true, out: true } });
    expect(r.code).toBe(0);
    expect(withoutControls(r.stdout)).toContain("✔ Select a context b");
    expect(readFileSync(path.join(sb.cfg, "context.txt"), "utf8")).toBe("b");
  });

  it("rm refuses the selected context while others exist (even with -f), asks on a terminal, needs -f without one", async () => {
    const sb = sandbox();
    await sb.run(["ctx", "add", "a", "-s", "nats://a:1", "--select"]);
    await sb.run(["ctx", "add", "b", "-s", "nats://b:1"]);
    for (const args of [["ctx", "rm", "a"], ["ctx", "rm", "a", "-f"]]) {
      const r = await sb.run(args);
      expect(r).toEqual({ code: 8, stdout: "", stderr: cliError('cannot remove the selected context "a" while other contexts exist — select another one with `nats context select NAME`, or run `nats context unselect` first') + "\n" });
      expect(existsSync(sb.ctxFile("a"))).toBe(true);
      expect(readFileSync(path.join(sb.cfg, "context.txt"), "utf8")).toBe("a");
    }
    let r = await sb.run(["ctx", "rm", "b"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("pass -f to remove it without a terminal");
    expect(existsSync(sb.ctxFile("b"))).toBe(true);
    r = await sb.run(["ctx", "rm", "b"], { stdin: "y\n", tty: { in: true, out: true } });
    expect(r.code).toBe(0);
    expect(existsSync(sb.ctxFile("b"))).toBe(false);
    // the last context may go, selected or not: the selection is cleared with it
    r = await sb.run(["ctx", "remove", "a", "-f"]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(existsSync(sb.ctxFile("a"))).toBe(false);
    expect(existsSync(path.join(sb.cfg, "context.txt"))).toBe(false);
    r = await sb.run(["ctx", "rm", "zzz", "-f"]);
    expect(r.code).toBe(7);
  });
});

describe("copy and edit", () => {
  it("copies with overrides and never overwrites", async () => {
    const sb = sandbox();
    await sb.run(["ctx", "add", "src", "-s", "nats://a:1", "--description", "orig"]);
    let r = await sb.run(["ctx", "cp", "src", "dst", "--js-domain", "leaf", "--select"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(sb.ctxFile("dst"), "utf8"))).toMatchObject({ url: "nats://a:1", description: "orig", jetstream_domain: "leaf" });
    expect(readFileSync(path.join(sb.cfg, "context.txt"), "utf8")).toBe("dst");
    r = await sb.run(["ctx", "copy", "src", "dst"]);
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/already exists/);
    r = await sb.run(["ctx", "copy", "nope", "x"]);
    expect(r.code).toBe(7);
  });

  it("edit saves a valid edit and keeps the original untouched on an invalid one", async () => {
    const sb = sandbox();
    await sb.run(["ctx", "add", "e", "-s", "nats://a:1"]);
    const script = path.join(sb.home, "my editor.mjs");
    writeFileSync(script, `import fs from "node:fs";
const f = process.argv[3]; const mode = process.argv[2];
const d = JSON.parse(fs.readFileSync(f, "utf8"));
if (mode === "good") { d.description = "edited"; fs.writeFileSync(f, JSON.stringify(d)); }
else if (mode === "badjson") fs.writeFileSync(f, "{ not json");
else { d.creds = "/a.creds"; d.nkey = "/b.nk"; fs.writeFileSync(f, JSON.stringify(d)); }
`);
    const editor = (mode: string) => `"${process.execPath}" '${script}' ${mode}`;
    const before = readFileSync(sb.ctxFile("e"), "utf8");
    let r = await sb.run(["ctx", "edit", "e"], { env: { EDITOR: editor("badjson") } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(cliError(/^.*not valid JSON.*context "e" was not changed/));
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(readFileSync(sb.ctxFile("e"), "utf8")).toBe(before);
    r = await sb.run(["ctx", "edit", "e"], { env: { EDITOR: editor("twocreds") } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("too many types of credentials");
    expect(readFileSync(sb.ctxFile("e"), "utf8")).toBe(before);
    r = await sb.run(["ctx", "vi", "e"], { env: { EDITOR: editor("good") } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Description: edited");
    const doc = JSON.parse(readFileSync(sb.ctxFile("e"), "utf8"));
    expect(Object.keys(doc)).toEqual(CONTEXT_KEYS);
    expect(doc.description).toBe("edited");
    r = await sb.run(["ctx", "edit", "e"], { env: { EDITOR: "" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("EDITOR");
  });
});

describe("validate and natscli compatibility", () => {
  it("loads and connects with a context file natscli wrote (unknown keys ignored), by name and by .json path", async () => {
    const sb = sandbox();
    mkdirSync(path.dirname(sb.ctxFile("x")), { recursive: true });
    writeFileSync(sb.ctxFile("natscli-made"), natscliFile(server.url));
    let r = await sb.run(["pub", "--context", "natscli-made", "a", "b"]);
    expect(r.code).toBe(0);
    const loose = path.join(sb.home, "loose.json");
    writeFileSync(loose, natscliFile(server.url));
    r = await sb.run(["pub", "--context", loose, "a", "b"]);
    expect(r.code).toBe(0);
    r = await sb.run(["pub", "a", "b"], { env: { NATS_CONTEXT: loose } });
    expect(r.code).toBe(0);
    // updating it here writes natscli's keys back (unknown key dropped, as natscli does)
    await sb.run(["ctx", "add", "natscli-made", "--description", "touched"]);
    const doc = JSON.parse(readFileSync(sb.ctxFile("natscli-made"), "utf8"));
    expect(Object.keys(doc)).toEqual(CONTEXT_KEYS);
    expect(doc).toMatchObject({ user: "bob", password: "s3cretPW", description: "touched" });
  });

  it("validate checks all contexts, reports unloadable ones and fails", async () => {
    const sb = sandbox();
    await sb.run(["ctx", "add", "ok", "-s", server.url, "--user", "bob", "--password", "s3cretPW"]);
    let r = await sb.run(["ctx", "validate", "--connect"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Connection: OK");
    writeFileSync(sb.ctxFile("broken"), "{ nope");
    await sb.run(["ctx", "add", "missingfile", "--creds", "/no/such.creds"]);
    r = await sb.run(["ctx", "validate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Could not load broken: .*not valid JSON/);
    expect(r.stderr).toMatch(/missingfile: Credentials \/no\/such.creds cannot be read/);
    expect(r.stderr).toMatch(cliError(/validation failed\n$/));
  });

  it("a bad --context never unselects the user's selection", async () => {
    const sb = sandbox();
    await sb.run(["ctx", "add", "mine", "-s", server.url, "--select"]);
    const r = await sb.run(["pub", "--context", "typo", "x", "y"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toBe(cliError('context "typo" (from --context) not found — `nats context ls` lists them, or use --no-context\n'));
    const r2 = await sb.run(["pub", "x", "y"], { env: { NATS_CONTEXT: "typo2" } });
    expect(r2.code).toBe(7);
    expect(r2.stderr).toContain("(from NATS_CONTEXT)");
    expect(readFileSync(path.join(sb.cfg, "context.txt"), "utf8")).toBe("mine");
  });

  it("a group without a sub-command prints help and fails", async () => {
    const r = await sandbox().run(["ctx"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Manage nats configuration contexts");
  });
});

describe("contexts per project: NATS_CONTEXTS_PATHS and NATS_CURRENT_CONTEXT_PATH", () => {
  /** A project directory with its own contexts (read-only) and selection file, as direnv would point at it. */
  function project() {
    const dir = path.join(tempHome(), "repo");
    const ctxDir = path.join(dir, ".nats", "contexts");
    const shared = path.join(dir, ".nats", "shared");
    mkdirSync(ctxDir, { recursive: true });
    mkdirSync(shared, { recursive: true });
    writeFileSync(path.join(ctxDir, "proj.json"), natscliFile(server.url));
    // the same name in a later directory: the first directory wins
    writeFileSync(path.join(shared, "proj.json"), natscliFile("nats://127.0.0.1:1"));
    writeFileSync(path.join(shared, "other.json"), natscliFile(server.url).replace("made by natscli", "shared one"));
    const current = path.join(dir, ".nats", "current");
    return { dir, ctxDir, shared, current, env: { NATS_CONTEXTS_PATHS: `${ctxDir}:${shared}`, NATS_CURRENT_CONTEXT_PATH: current } };
  }

  it("lists, selects and connects with a project's contexts, the selection kept in the project's file", async () => {
    const p = project();
    const sb = sandbox(p.env);
    await sb.run(["ctx", "add", "mine", "-s", "nats://127.0.0.1:1", "--description", "home one"]);
    let r = await sb.run(["ctx", "ls", "--names"]);
    expect(r).toEqual({ code: 0, stdout: "mine\nother\nproj\n", stderr: "" });
    r = await sb.run(["ctx", "select", "proj"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Path: ${path.join(p.ctxDir, "proj.json")}`);
    expect(readFileSync(p.current, "utf8")).toBe("proj");
    expect(existsSync(path.join(sb.cfg, "context.txt"))).toBe(false);
    // the selected project context carries the server and the user/password the server requires
    r = await sb.run(["pub", "x", "y"]);
    expect(r).toMatchObject({ code: 0 });
    r = await sb.run(["ctx", "select", "other"]);
    expect(readFileSync(p.current, "utf8")).toBe("other");
    expect(readFileSync(`${p.current}.previous`, "utf8")).toBe("proj");
    r = await sb.run(["ctx", "info", "--json"]);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: "other", description: "shared one", password: "********" });
    // without the variables the user's own store is as it was
    const plain = await runCli(["ctx", "ls", "--names"], { env: { HOME: sb.home } });
    expect(plain.stdout).toBe("mine\n");
  });

  it("never writes to a read-only directory: add, edit and rm of its contexts are refused, copy makes your own", async () => {
    const p = project();
    const sb = sandbox(p.env);
    const before = readFileSync(path.join(p.ctxDir, "proj.json"), "utf8");
    for (const args of [["ctx", "add", "proj", "--description", "x"], ["ctx", "rm", "proj", "-f"], ["ctx", "edit", "proj"]]) {
      const r = await sb.run(args, { env: { EDITOR: "true" } });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(cliError(new RegExp(`^cannot (change|remove|edit) context "proj": it comes from ${p.ctxDir.replace(/[.]/g, "\\.")} \\(NATS_CONTEXTS_PATHS\\), which is read-only — make your own copy with \`nats context copy proj NEW_NAME\``)));
    }
    expect(readFileSync(path.join(p.ctxDir, "proj.json"), "utf8")).toBe(before);
    const r = await sb.run(["ctx", "copy", "proj", "mine", "--description", "my copy"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(sb.ctxFile("mine"), "utf8"))).toMatchObject({ url: server.url, user: "bob", description: "my copy" });
  });
});
