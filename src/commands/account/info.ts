import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../deps.js";
import { withConnection, type ConnCtx } from "../../context/connect.js";
import { ExitCode, explain } from "../../errors.js";
import { Columns } from "../../output/columns.js";
import { printJson } from "../../output/json.js";
import { humanDuration, humanBytes } from "../../output/format.js";
import { redactUrls } from "../../redact.js";
import { measureRtt } from "../../sys/rtt.js";
import { addJetStreamRows, fetchAccountJetStream } from "../../jetstream/account.js";
import { examplesText } from "../shared/examples.js";

export interface AccountInfoOptions { json?: boolean }

/** What $SYS.REQ.USER.INFO says of the connected user (server 2.10+). */
export interface UserInfo { user?: string; account?: string; permissions?: unknown; expires?: number }

/** Asks $SYS.REQ.USER.INFO; on servers without it (2.9 answers "no responders") returns why instead of throwing. */
export async function fetchUserInfo(nc: NatsConnection, timeoutMs: number): Promise<{ info?: UserInfo; unavailable?: string }> {
  try {
    const m = await nc.request("$SYS.REQ.USER.INFO", "", { timeout: timeoutMs });
    const body = m.json<{ data?: UserInfo; error?: { description?: string } }>();
    if (body.error) return { unavailable: body.error.description ?? "error" };
    return { info: body.data ?? {} };
  } catch (e) {
    const why = explain(e); // knows every shape the client gives "no responders" (bare, or a RequestError's cause)
    if (why.exitCode === ExitCode.NO_RESPONDERS) {
      return { unavailable: `server ${nc.info?.version ?? "?"} does not answer $SYS.REQ.USER.INFO (needs nats-server 2.10 or newer)` };
    }
    return { unavailable: why.message };
  }
}

/** `nats account info`: the connected user, account and server, and the account's JetStream usage and limits. */
export function accountInfoCommand(deps: Deps): Command {
  return new Command("info").aliases(["nfo"])
    .description("Account information")
    .option("-j, --json", "Produce JSON output", false)
    .addHelpText("after", examplesText("nats account info", "nats account info --json | jq .jetstream", "nats account info --context prod"))
    .action(async (opts: AccountInfoOptions, cmd: Command) => {
      await withConnection(deps, cmd, async (nc, ctx) => accountInfo(deps, nc, ctx, opts));
    });
}

export async function accountInfo(deps: Deps, nc: NatsConnection, ctx: ConnCtx, opts: AccountInfoOptions): Promise<void> {
  const [user, js, rtt] = await Promise.all([fetchUserInfo(nc, ctx.plan.timeoutMs), fetchAccountJetStream(nc, ctx.js), measureRtt(nc, 3, ctx.plan.timeoutMs)]);
  const info = nc.info!;
  const connection = {
    client_id: info.client_id ?? null,
    client_ip: info.client_ip ?? null,
    rtt_ms: Math.round(rtt * 1000) / 1000,
    headers: Boolean(info.headers),
    max_payload: info.max_payload,
    cluster: info.cluster ?? null,
    url: redactUrls(ctx.plan.display),
    address: nc.getServer(),
    server_id: info.server_id,
    server_version: info.version,
    server_name: info.server_name,
    tls: Boolean(info.tls_required || ctx.plan.options.tls),
  };
  if (opts.json) {
    printJson(deps.io, { user: user.info ?? null, user_info_unavailable: user.unavailable ?? null, connection, jetstream: js.info ?? null, jetstream_unavailable: js.enabled ? null : (js.reason ?? null) });
    return;
  }
  const c = new Columns("Account Information");
  const u = user.info;
  c.row("User", u?.user ?? ctx.plan.options.user ?? (user.unavailable ? "unknown" : ""));
  c.row("Account", u?.account ?? "unknown");
  if (user.unavailable) c.row("User Info", `not available: ${user.unavailable}`);
  if (u) c.row("Expires", u.expires ? humanDuration(u.expires / 1e6) : "never");
  c.row("Client ID", connection.client_id ?? "").row("Client IP", connection.client_ip ?? "").row("RTT", humanDuration(rtt));
  c.row("Headers Supported", connection.headers ? "true" : "false").row("Maximum Payload", humanBytes(connection.max_payload));
  c.rowIf(connection.cluster, "Connected Cluster", connection.cluster);
  c.row("Connected URL", connection.url).row("Connected Address", connection.address);
  c.row("Connected Server ID", connection.server_id).row("Connected Server Version", connection.server_version).row("Connected Server Name", connection.server_name);
  c.row("TLS Connection", connection.tls ? "yes" : "no");
  c.title("JetStream Account Information");
  addJetStreamRows(c, js);
  if (js.info?.limits) {
    const l = js.info.limits;
    c.row("Max Ack Pending", l.max_ack_pending && l.max_ack_pending > 0 ? l.max_ack_pending : "unlimited");
    c.row("Max Bytes Required", l.max_bytes_required ? "true" : "false");
  }
  c.print(deps.io);
}
