import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { contextFileArg, expandPath, layerSettings, loadActiveContext, resolveSettings, DEFAULT_URL } from "../../src/context/resolve.js";
import { buildConnectPlan } from "../../src/context/connect.js";
import { ContextStore, emptyContext, type ContextSettings, type NamedContext } from "../../src/context/store.js";
import { tempHome } from "../helpers/run-cli.js";

function ctx(name: string, s: Partial<ContextSettings>): NamedContext {
  return { name, path: `/x/${name}.json`, settings: { ...emptyContext(), ...s } };
}

/** A config root with some contexts written as natscli does (and an optional selection). */
function storeWith(contexts: Record<string, Partial<ContextSettings>>, selected?: string): { store: ContextStore; home: string } {
  const home = tempHome();
  const store = new ContextStore(path.join(home, ".config", "nats"));
  mkdirSync(store.contextDir, { recursive: true });
  for (const [n, s] of Object.entries(contexts)) writeFileSync(path.join(store.contextDir, `${n}.json`), JSON.stringify({ ...emptyContext(), ...s }));
  if (selected) writeFileSync(store.selectedFile, selected);
  return { store, home };
}

describe("precedence: flags > env > context > default", () => {
  const c = ctx("prod", { url: "nats://ctx:4222", user: "cu", password: "cp", inbox_prefix: "_CTX" });

  it("uses the default URL with nothing set", () => {
    const r = layerSettings({}, {}, undefined, "/home/u");
    expect(r.settings.url).toBe(DEFAULT_URL);
    expect(r.sources.url).toBe("default");
    expect(r.timeoutMs).toBe(5000);
  });

  it("takes the context over the default, env over the context and flags over env, naming each source", () => {
    let r = layerSettings({}, {}, c, "/h");
    expect(r.settings.url).toBe("nats://ctx:4222");
    expect(r.sources.url).toBe("context prod");
    r = layerSettings({}, { NATS_URL: "nats://env:4222" }, c, "/h");
    expect(r.settings.url).toBe("nats://env:4222");
    expect(r.sources.url).toBe("env NATS_URL");
    expect(r.settings.inbox_prefix).toBe("_CTX");
    r = layerSettings({ server: "nats://flag:4222", inboxPrefix: "_F" }, { NATS_URL: "nats://env:4222" }, c, "/h");
    expect(r.settings.url).toBe("nats://flag:4222");
    expect(r.sources.url).toBe("--server");
    expect(r.settings.inbox_prefix).toBe("_F");
  });

  it("an empty flag or env value never clears a context value", () => {
    const r = layerSettings({ server: "" }, { NATS_URL: "" }, c, "/h");
    expect(r.settings.url).toBe("nats://ctx:4222");
  });

  it("timeout: --timeout over NATS_TIMEOUT over 5s, natscli durations", () => {
    expect(layerSettings({ timeout: "1m30s" }, { NATS_TIMEOUT: "2s" }, undefined, "/h").timeoutMs).toBe(90_000);
    expect(layerSettings({}, { NATS_TIMEOUT: "2s" }, undefined, "/h").timeoutMs).toBe(2000);
    expect(() => layerSettings({ timeout: "10" }, {}, undefined, "/h")).toThrow(/invalid --timeout "10"/);
    expect(() => layerSettings({ timeout: "0s" }, {}, undefined, "/h")).toThrow(/greater than zero/);
  });
});

describe("user without password is a token (natscli)", () => {
  it("turns --user alone into a token", () => {
    const r = layerSettings({ user: "s3cr3t" }, {}, undefined, "/h");
    expect(r.settings.token).toBe("s3cr3t");
    expect(r.settings.user).toBe("");
    expect(r.sources.token).toBe("--user");
  });

  it("keeps user/password when both are given, from any mix of sources", () => {
    const r = layerSettings({ user: "bob" }, { NATS_PASSWORD: "pw" }, undefined, "/h");
    expect(r.settings).toMatchObject({ user: "bob", password: "pw", token: "" });
  });

  it("keeps a context's user when only its password comes from the context", () => {
    const r = layerSettings({ user: "other" }, {}, ctx("c", { user: "cu", password: "cp" }), "/h");
    expect(r.settings).toMatchObject({ user: "other", password: "cp" });
  });
});

describe("~ and $VAR expansion (creds, nkey, cert, key, ca only)", () => {
  it("expands a leading ~ and $VAR / ${VAR}; unset variables become empty", () => {
    expect(expandPath("~/a.creds", {}, "/home/u")).toBe("/home/u/a.creds");
    expect(expandPath("~", {}, "/home/u")).toBe("/home/u");
    expect(expandPath("$D/x/${F}.nk", { D: "/data", F: "user" }, "/h")).toBe("/data/x/user.nk");
    expect(expandPath("$NOPE/x", {}, "/h")).toBe("/x");
    expect(expandPath("a~b", {}, "/h")).toBe("a~b");
  });

  it("applies to file settings but not to url, password or token", () => {
    const r = layerSettings({}, { HOMEDIR: "/srv" }, ctx("c", { creds: "~/u.creds", ca: "$HOMEDIR/ca.pem", password: "$HOMEDIR", url: "nats://$HOMEDIR:1", user: "u" }), "/home/me");
    expect(r.settings.creds).toBe("/home/me/u.creds");
    expect(r.settings.ca).toBe("/srv/ca.pem");
    expect(r.settings.password).toBe("$HOMEDIR");
    expect(r.settings.url).toBe("nats://$HOMEDIR:1");
  });
});

describe("which context is loaded", () => {
  it("--no-context ignores the selection and NATS_CONTEXT", async () => {
    const { store, home } = storeWith({ a: { url: "nats://a:1" } }, "a");
    expect(await loadActiveContext({ context: false }, { NATS_CONTEXT: "a" }, store, home)).toBeUndefined();
    const r = await resolveSettings({ context: false }, {}, store, home, home);
    expect(r.settings.url).toBe(DEFAULT_URL);
  });

  it("--context NAME beats NATS_CONTEXT, which beats the selection", async () => {
    const { store, home } = storeWith({ a: { url: "nats://a:1" }, b: { url: "nats://b:1" }, c: { url: "nats://c:1" } }, "a");
    expect((await loadActiveContext({}, {}, store, home))?.name).toBe("a");
    expect((await loadActiveContext({}, { NATS_CONTEXT: "b" }, store, home))?.name).toBe("b");
    expect((await loadActiveContext({ context: "c" }, { NATS_CONTEXT: "b" }, store, home))?.name).toBe("c");
  });

  it("--context and NATS_CONTEXT may be a path to a .json file (relative to cwd)", async () => {
    const { store, home } = storeWith({});
    writeFileSync(path.join(home, "loose.json"), JSON.stringify({ url: "nats://loose:1" }));
    const c1 = await loadActiveContext({ context: "loose.json" }, {}, store, home);
    expect(c1).toMatchObject({ name: "loose", settings: { url: "nats://loose:1" } });
    const c2 = await loadActiveContext({}, { NATS_CONTEXT: path.join(home, "loose.json") }, store, "/");
    expect(c2?.settings.url).toBe("nats://loose:1");
    // the same rule names a file for `context info/validate/add --context`
    expect(contextFileArg("loose.json", home)).toBe(path.join(home, "loose.json"));
    expect(contextFileArg("missing.json", home)).toBeUndefined();
    expect(contextFileArg("loose", home)).toBeUndefined();
  });

  it("an unknown --context is an error that leaves the selection alone", async () => {
    const { store, home } = storeWith({ a: { url: "nats://a:1" } }, "a");
    await expect(loadActiveContext({ context: "typo" }, {}, store, home)).rejects.toThrow('context "typo" (from --context) not found');
    expect(await store.selected()).toBe("a");
  });

  it("a selected context that vanished is an error, not a silent localhost", async () => {
    const { store, home } = storeWith({}, "gone");
    await expect(loadActiveContext({}, {}, store, home)).rejects.toThrow('selected context "gone" not found');
  });
});

describe("connect plan auth", () => {
  it("names the auth method and source, and lists secrets for scrubbing", async () => {
    const plan = await buildConnectPlan(layerSettings({ user: "bob", password: "pw123" }, {}, undefined, "/h"), {});
    expect(plan.auth).toBe("user/password (from --user)");
    expect(plan.secrets).toContain("pw123");
    expect(plan.options).toMatchObject({ user: "bob", pass: "pw123" });
    const tok = await buildConnectPlan(layerSettings({}, { NATS_TOKEN: "tkn999" }, undefined, "/h"), {});
    expect(tok.auth).toBe("token (from env NATS_TOKEN)");
    expect(tok.options.token).toBe("tkn999");
  });

  it("resolves password/token references (env://) but keeps other values literal", async () => {
    const p = await buildConnectPlan(layerSettings({ user: "u", password: "env://PW" }, {}, undefined, "/h"), { PW: "from-env" });
    expect(p.options.pass).toBe("from-env");
    const lit = await buildConnectPlan(layerSettings({ user: "u", password: "/etc/passwd" }, {}, undefined, "/h"), {});
    expect(lit.options.pass).toBe("/etc/passwd");
  });
});
