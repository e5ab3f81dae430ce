import { describe, expect, it } from "vitest";
import { credentialRef, mask, redactCredentials, redactUrls } from "../../src/redact.js";
import { explain, scrub } from "../../src/errors.js";
import { contextJson, maskedSettings, overlayFlags, validateSettings } from "../../src/commands/context/shared.js";
import { emptyContext } from "../../src/context/store.js";
import { splitEditor } from "../../src/util/editor.js";

describe("redaction", () => {
  it("redacts user-info in every URL of a list, with or without scheme", () => {
    expect(redactUrls("nats://u:p@a:1,tls://tok@b:2,nats://c:3")).toBe("nats://xxxxx@a:1,tls://xxxxx@b:2,nats://c:3");
    expect(redactUrls("u:p@a:1")).toBe("xxxxx@a:1");
    // schemes in any case, as URLs allow
    expect(redactUrls("NATS://u:p@a:1,Tls://tok@b:2")).toBe("NATS://xxxxx@a:1,Tls://xxxxx@b:2");
  });

  it("masks with asterisks (capped) and never returns the secret", () => {
    expect(mask("hunter2")).toBe("*******");
    expect(mask("x".repeat(100))).toBe("*".repeat(32));
    expect(mask("")).toBe("");
  });

  it("scrubs listed secrets and URL user-info from any message", () => {
    expect(scrub("failed for s3cret at nats://a:b@h:1", ["s3cret"])).toBe("failed for ***** at nats://xxxxx@h:1");
    const e = explain(new Error("bad token tok-123"), { secrets: ["tok-123"] });
    expect(e.message).toBe("bad token *****");
  });
});

describe("context display masking", () => {
  const s = {
    ...emptyContext(), url: "nats://u:pw@h:1", token: "tok_abc", password: "pw", user_jwt: "eyJabc.def.ghi", user_seed: "SUAAAA",
    creds: "data:;base64,AAAA", nkey: "/keys/u.nk",
  };

  it("masks literals, names embedded data and shows references", () => {
    expect(credentialRef("tok_abc", "secret")).toBe("*******");
    expect(credentialRef("data:;base64,AAAA", "secret")).toBe("embedded data");
    expect(credentialRef("env://MY_TOKEN", "secret")).toBe("env://MY_TOKEN");
    expect(credentialRef("op://vault/item/field", "secret")).toBe("op://vault/item/field");
  });

  it("shows the path of a file setting, never what only looks like one", () => {
    const seed = `SU${"A".repeat(56)}`;
    expect(credentialRef("/home/u/alice.creds", "file")).toBe("/home/u/alice.creds");
    expect(credentialRef("file:///home/u/alice.creds", "file")).toBe("file:///home/u/alice.creds");
    expect(credentialRef("DATA:;base64,AAAA", "file")).toBe("embedded data");
    expect(credentialRef(seed, "file")).toBe("*".repeat(32));
    expect(credentialRef("eyJhbGciOiJlZDI1NTE5In0.eyJzdWIiOiJVIn0.c2ln", "file")).not.toContain("eyJ");
    expect(credentialRef("-----BEGIN NATS USER JWT-----\neyJ…", "file")).not.toContain("BEGIN");
    expect(credentialRef("", "file")).toBe("");
  });

  it("removes data: URIs, seeds and JWTs from any text", () => {
    const seed = `SU${"B".repeat(56)}`;
    const text = `using credentials data:;base64,LS0tLS1CRUdJTi (from --creds) seed ${seed} jwt eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJVIn0.sig-_x at nats://u:p@h:1`;
    expect(redactCredentials(text)).toBe("using credentials embedded data (from --creds) seed ***** jwt ***** at nats://xxxxx@h:1");
  });

  it("produces JSON with natscli's keys, name first, and no secret", () => {
    const j = contextJson({ name: "n", path: "/p", settings: s });
    expect(Object.keys(j)[0]).toBe("name");
    const text = JSON.stringify(j);
    for (const secret of ["pw@", "tok_abc", "eyJabc", "SUAAAA", "AAAA\""]) expect(text).not.toContain(secret);
    expect(maskedSettings(s)).toMatchObject({ url: "nats://xxxxx@h:1", creds: "embedded data", nkey: "/keys/u.nk" });
  });
});

describe("context add overlay and checks", () => {
  it("stores --user alone as a token and clears socks proxy with none", () => {
    const out = overlayFlags({ ...emptyContext(), socks_proxy: "p:1" }, { user: "tok", socksProxy: "none", tlsfirst: true, colors: "blue" });
    expect(out).toMatchObject({ token: "tok", user: "", socks_proxy: "", tls_first: true, color_scheme: "blue" });
  });

  it("keeps --user as a user when a password comes with it or is already stored", () => {
    expect(overlayFlags(emptyContext(), { user: "u", password: "p" })).toMatchObject({ user: "u", password: "p", token: "" });
    expect(overlayFlags({ ...emptyContext(), password: "stored" }, { user: "u" })).toMatchObject({ user: "u", password: "stored", token: "" });
    expect(overlayFlags({ ...emptyContext(), user: "kept", token: "t" }, { password: "p", user: "" })).toMatchObject({ user: "kept", password: "p", token: "t" });
  });

  it("allows one kind of credential (token may accompany user/password)", () => {
    expect(() => validateSettings({ ...emptyContext(), user: "u", password: "p", token: "t" }, "c")).not.toThrow();
    expect(() => validateSettings({ ...emptyContext(), creds: "a", user_jwt: "j" }, "c")).toThrow(/too many types of credentials/);
  });
});

describe("EDITOR splitting", () => {
  it("splits like a shell: quotes, escapes, arguments", () => {
    expect(splitEditor("code --wait")).toEqual(["code", "--wait"]);
    expect(splitEditor(`"/Applications/My Editor/bin/ed" -n 'a b' c\\ d`)).toEqual(["/Applications/My Editor/bin/ed", "-n", "a b", "c d"]);
    expect(splitEditor("  ")).toEqual([]);
    expect(() => splitEditor("vi 'x")).toThrow(/unbalanced quote/);
  });
});

describe("context JSON errors never quote the file", () => {
  it("says where the error is without showing content", async () => {
    const { parseContextJson } = await import("../../src/context/store.js");
    const msg = (t: string) => { try { parseContextJson(t, "context file f.json"); } catch (e) { return (e as Error).message; } return ""; };
    expect(msg(`{"password": "hunter2" x}`)).toBe("context file f.json is not valid JSON (line 1, column 24: expected ',' or '}' after property value)");
    expect(msg(`{\n  "password": "hunter2",`)).toMatch(/^context file f\.json is not valid JSON \(line 2, column \d+: /);
    for (const t of [`hunter2`, `{"a":"hunter2"}}`, `{"token": "hunter2`, `["hunter2"]`]) {
      const m = msg(t);
      expect(m, t).toMatch(/^context file f\.json (is not valid JSON|must hold a JSON object)/);
      expect(m, t).not.toContain("hunter2");
    }
  });
});
