import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { zipSync } from "fflate";
import { scratchDir } from "./scratch.js";

/** One captured artifact: its tags (cluster, server, artifact_type, account…) and the {server, data} response. */
export interface Artifact { tags: Record<string, string>; value: unknown }

/**
 * Writes an audit archive as jsm.go's archive SPEC.md lays it out (what `nats audit gather` writes):
 * paged JSON under capture/clusters/<cluster>/<server>/<type>/ or capture/accounts/<account>/servers/
 * <cluster>__<server>/<type>/, and capture/misc/manifest.json mapping every entry to its tags.
 */
export function writeAuditArchive(artifacts: Artifact[], file = path.join(scratchDir("natsx-archive-"), "audit.zip")): string {
  const files: Record<string, Uint8Array> = {};
  const manifest: Record<string, { Name: string; Value: string }[]> = {};
  for (const a of artifacts) {
    const t = a.tags;
    const dir = t.account
      ? `capture/accounts/${t.account}/servers/${t.cluster}__${t.server}/${t.artifact_type}`
      : `capture/clusters/${t.cluster}/${t.server}/${t.artifact_type}`;
    let page = 1;
    while (files[`${dir}/${String(page).padStart(4, "0")}.json`]) page++;
    const p = `${dir}/${String(page).padStart(4, "0")}.json`;
    files[p] = Buffer.from(JSON.stringify(a.value, null, 2));
    manifest[p] = Object.entries(t).map(([Name, Value]) => ({ Name, Value }));
  }
  files["capture/misc/manifest.json"] = Buffer.from(JSON.stringify(manifest, null, 2));
  writeFileSync(file, zipSync(files));
  return file;
}

/** natscli's createTestArchive (nats/tests/test_helpers.go): server s1 in cluster TEST with two clients of account "users". */
export function natscliTestArchive(): string {
  const server = { name: "s1", host: "localhost", id: "NABC1234567890NABC1234567890NABC1234567890NABC12345678", cluster: "TEST", ver: "2.11.0", jetstream: true, tags: ["test"] };
  const t = (artifact_type: string, extra: Record<string, string> = {}) => ({ cluster: "TEST", server: "s1", artifact_type, ...extra });
  return writeAuditArchive([
    { tags: t("variables"), value: { server, data: { server_name: "s1", server_id: server.id, version: "2.11.0", max_connections: 1000, max_subscriptions: 100000, max_payload: 1048576, cpu: 1.5, mem: 128 * 1024 * 1024,
      connections: 5, subscriptions: 42, in_msgs: 100, out_msgs: 200, in_bytes: 5000, out_bytes: 10000, slow_consumers: 0, start: "2026-01-01T00:00:00Z", now: "2026-01-01T01:00:00Z", host: "localhost", port: 4222, cores: 4 } } },
    { tags: t("account_connections", { account: "users" }), value: { server, data: { num_connections: 2, connections: [
      { name: "client-1", kind: "Client", type: "nats", account: "users", cid: 1, ip: "127.0.0.1", port: 5000, in_msgs: 10, out_msgs: 20, in_bytes: 500, out_bytes: 1000, subscriptions: 3 },
      { name: "client-2", kind: "Client", type: "nats", account: "users", cid: 2, ip: "127.0.0.1", port: 5001, in_msgs: 5, out_msgs: 10, in_bytes: 250, out_bytes: 500, subscriptions: 1 }] } } },
    { tags: t("routes"), value: { server, data: { routes: [] } } },
    { tags: t("gateways"), value: { server, data: { name: "TEST" } } },
    { tags: t("leafs"), value: { server, data: { leafs: [] } } },
    { tags: t("subs"), value: { server, data: { num_subscriptions: 42, num_cache: 10, num_inserts: 100, num_removes: 58, num_matches: 500, cache_hit_rate: 0.95, max_fanout: 3, avg_fanout: 1.5 } } },
    { tags: t("account_jetstream_info", { account: "users" }), value: { server, data: { account_details: [{ name: "users", id: "users", stream_detail: [{ name: "ORDERS",
      config: { name: "ORDERS", metadata: { "_nats.req.level": "1" } }, state: { messages: 10, bytes: 512, first_seq: 1, last_seq: 10, consumer_count: 1 }, cluster: { leader: "s1" },
      consumer_detail: [{ name: "SHIP", stream_name: "ORDERS", config: { metadata: {} }, delivered: { stream_seq: 10, consumer_seq: 10 }, ack_floor: { stream_seq: 10, consumer_seq: 10 }, cluster: { leader: "s1" } }] }] }] } } },
    { tags: t("jetstream_info"), value: { server, data: { memory: 0, storage: 1024, accounts: 1, api: { total: 5, errors: 0, level: 4 }, server_id: server.id, streams: 1, consumers: 1, messages: 10, bytes: 512,
      config: { max_memory: 1073741824, max_storage: 10737418240, store_dir: "/data/jetstream", sync_interval: 120000000000 } } } },
    { tags: t("health"), value: { server, data: { status: "ok", status_code: 200 } } },
    { tags: t("accounts"), value: { server, data: { system_account: "SYS", accounts: ["users", "SYS"] } } },
  ]);
}
