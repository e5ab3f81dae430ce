import { describe, expect, it } from "vitest";
import { buildConnectPlan, parseServers } from "../../src/context/connect.js";
import { layerSettings } from "../../src/context/resolve.js";

describe("server URL lists", () => {
  it("splits comma lists, trims, defaults the port and accepts bare host:port", () => {
    expect(parseServers(" nats://a:4222, b:5222 ,c", "--server")).toMatchObject({ servers: ["a:4222", "b:5222", "c:4222"], websocket: false, wantTls: false });
  });

  it("reads schemes in any case", () => {
    expect(parseServers("NATS://a:1,Nats://b", "x").servers).toEqual(["a:1", "b:4222"]);
    expect(parseServers("TLS://a:4443", "x").wantTls).toBe(true);
    expect(parseServers("WS://a:8080", "x")).toMatchObject({ servers: ["ws://a:8080"], websocket: true });
  });

  it("keeps IPv6 brackets", () => {
    expect(parseServers("nats://[::1]:4222", "x").servers).toEqual(["[::1]:4222"]);
  });

  it("tls:// asks for TLS (the client would not)", async () => {
    expect(parseServers("tls://a:4443", "x").wantTls).toBe(true);
    const plan = await buildConnectPlan(layerSettings({ server: "tls://a:4443" }, {}, undefined, "/h"), {});
    expect(plan.options.tls).toBeDefined();
    const plain = await buildConnectPlan(layerSettings({ server: "nats://a:4222" }, {}, undefined, "/h"), {});
    expect(plain.options.tls).toBeUndefined();
  });

  it("lifts user:pass@ and token@ out of URLs (first one wins) and redacts them for display", async () => {
    expect(parseServers("nats://bob:p%40ss@a:1,nats://x:y@b:2", "x")).toMatchObject({ user: "bob", pass: "p@ss", servers: ["a:1", "b:2"] });
    expect(parseServers("nats://tok@a:1", "x")).toMatchObject({ token: "tok" });
    const plan = await buildConnectPlan(layerSettings({ server: "nats://bob:hunter2@a:1,nats://bob:hunter2@b:2" }, {}, undefined, "/h"), {});
    expect(plan.display).toBe("nats://xxxxx@a:1,nats://xxxxx@b:2");
    expect(plan.where).not.toContain("hunter2");
    expect(plan.auth).toBe("user/password (from the server URL)");
    expect(plan.options).toMatchObject({ user: "bob", pass: "hunter2" });
  });

  it("flags win over URL credentials", async () => {
    const plan = await buildConnectPlan(layerSettings({ server: "nats://url:urlpw@a:1", user: "flag", password: "flagpw" }, {}, undefined, "/h"), {});
    expect(plan.options).toMatchObject({ user: "flag", pass: "flagpw" });
  });

  it("websocket URLs stay whole; mixing ws and nats is refused", () => {
    expect(parseServers("ws://a:8080,wss://b/path", "x")).toMatchObject({ websocket: true, servers: ["ws://a:8080", "wss://b/path"] });
    expect(() => parseServers("ws://a:1,nats://b:2", "--server")).toThrow("cannot mix websocket and nats/tls URLs in one server list (from --server)");
  });

  it("rejects bad schemes, missing hosts, bad ports and empty lists as usage errors without secrets", () => {
    for (const bad of ["http://u:sekrit@a:1", "nats://u:sekrit@:1", "nats://a:99999", " , "]) {
      let err: { message: string; exitCode: number } | undefined;
      try { parseServers(bad, "--server"); } catch (e) { err = e as never; }
      expect(err, bad).toBeDefined();
      expect(err!.exitCode).toBe(2);
      expect(err!.message).not.toContain("sekrit");
    }
  });
});
