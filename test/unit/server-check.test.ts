import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CheckResult, renderJson, renderNagios, renderPrometheus, threshold } from "../../src/commands/server/check/shared.js";
import { credsClaims } from "../../src/commands/server/check/credential.js";
import { validateSchema } from "../helpers/json-schema.js";

describe("check rendering", () => {
  it("nagios: status, sections in severity order, quoted perf names and units", () => {
    const r = new CheckResult("stream", "ORDERS").crit("no leader").warn("lagging").ok("3 sources")
      .metric({ name: "age", value: 1.23456, unit: "s", warning: 1, critical: 2 }).metric({ name: "my msgs", value: 3 });
    expect(r.status).toBe("CRITICAL");
    expect(renderNagios(r)).toBe("CRITICAL ORDERS Crit:no leader Warn:lagging OK:3 sources | age=1.2346s;1;2 'my msgs'=3\n");
  });

  it("json and prometheus", () => {
    const r = new CheckResult("kv", "cfg").ok("bucket cfg").metric({ name: "values", value: 4 });
    expect(JSON.parse(renderJson(r))).toEqual({ status: "OK", check_suite: "kv", check_name: "cfg", warning: [], critical: [], ok: ["bucket cfg"], perf_data: [{ name: "values", value: 4, warning: 0, critical: 0, unit: "" }] });
    expect(renderPrometheus(r, "nats_server_check")).toContain('nats_server_check_kv_values{item="cfg"} 4\n');
    expect(renderPrometheus(r, "ns")).toContain('ns_kv_status_code{item="cfg",status="OK"} 0\n');
  });

  it("thresholds: higher is worse unless critical < warning", () => {
    const up = new CheckResult("s", "n");
    threshold(up, "msgs", 10, 5, 20);
    expect(up.warnings).toEqual(["msgs 10 >= 5"]);
    const down = new CheckResult("s", "n");
    threshold(down, "msgs", 0, 5, 1);
    expect(down.criticals).toEqual(["msgs 0 <= 1"]);
    const fine = new CheckResult("s", "n");
    threshold(fine, "msgs", 3, undefined, undefined);
    expect(fine.status).toBe("OK");
  });

  it("reads the expiry from a .creds file", () => {
    const jwt = `${Buffer.from("{}").toString("base64url")}.${Buffer.from(JSON.stringify({ exp: 1700000000, sub: "UX" })).toString("base64url")}.sig`;
    expect(credsClaims(`-----BEGIN NATS USER JWT-----\n${jwt}\n------END NATS USER JWT------\n`).exp).toBe(1700000000);
    expect(() => credsClaims("garbage")).toThrow(/no user JWT/);
  });
});

describe("server status JSON schema", () => {
  const schema = JSON.parse(readFileSync(path.resolve(__dirname, "../../docs/server-status.schema.json"), "utf8")) as Record<string, unknown>;
  const minimal = {
    healthy: true, exit_code: 0, problems: [], connection: null,
    cluster: { name: null, servers_seen: 0, source: "monitor", connect_urls: [] },
    system_account: { access: false, reason: "x" }, servers: [],
    jetstream: { enabled: false, reason: null, meta_leader: null, meta_cluster_size: null, account: null },
    monitor: [], probe: null, notes: [],
  };
  it("accepts a valid document", () => {
    expect(validateSchema(schema, minimal)).toEqual([]);
  });
  it("rejects missing keys, unknown keys, wrong types and codes", () => {
    const { notes: _drop, ...noNotes } = minimal;
    expect(validateSchema(schema, noNotes)).toEqual(['$: missing required "notes"']);
    expect(validateSchema(schema, { ...minimal, extra: 1 })).toEqual(['$: unexpected property "extra"']);
    expect(validateSchema(schema, { ...minimal, exit_code: 3 })).toEqual(["$.exit_code: 3 is not one of [0,10,11,12,13,14,15,16,17]"]);
    expect(validateSchema(schema, { ...minimal, cluster: { ...minimal.cluster, servers_seen: "2" } })).toEqual(["$.cluster.servers_seen: expected integer, got string"]);
  });
});
