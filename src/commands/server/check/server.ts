import { Command } from "commander";
import { humanDuration } from "../../../output/format.js";
import type { Deps } from "../../../deps.js";
import { withConnection } from "../../../context/connect.js";
import { usageError } from "../../../errors.js";
import { deadlineIn, gather, noResults } from "../../../sys/gather.js";
import { durFlag, numFlag, runCheck, type CheckResult } from "./shared.js";

export interface ServerCheckServerOptions {
  name?: string; cpuWarn?: string; cpuCritical?: string; memWarn?: string; memCritical?: string; connWarn?: string; connCritical?: string;
  subsWarn?: string; subsCritical?: string; uptimeWarn?: string; uptimeCritical?: string; authRequired?: boolean; tlsRequired?: boolean; jsRequired?: boolean;
  tlsCertWarn?: string; tlsCertCrit?: string;
}

interface Varz {
  server_name?: string; start?: string; now?: string; cpu?: number; mem?: number; connections?: number; subscriptions?: number;
  auth_required?: boolean; tls_required?: boolean; jetstream?: { config?: unknown }; tls_cert_not_after?: string;
  cluster?: { tls_cert_not_after?: string }; gateway?: { tls_cert_not_after?: string }; leaf?: { tls_cert_not_after?: string };
  mqtt?: { tls_cert_not_after?: string }; websocket?: { tls_cert_not_after?: string };
}

/** Threshold on a server figure as jsm.go's monitor does: critical below warning inverts the check where `invertible`. */
function checkVal(r: CheckResult, name: string, crit: number, warn: number, value: number, invertible: boolean): void {
  if (crit === 0 && warn === 0) return;
  if (!invertible && crit < warn) { r.crit(`${name} invalid thresholds`); return; }
  const v = value.toFixed(2);
  if (invertible && crit < warn) {
    if (value <= crit) r.crit(`${name} ${v}`);
    else if (value <= warn) r.warn(`${name} ${v}`);
    else r.ok(`${name} ${v}`);
  } else if (value >= crit) r.crit(`${name} ${v}`);
  else if (value >= warn) r.warn(`${name} ${v}`);
  else r.ok(`${name} ${v}`);
}

const zeroTime = (t: string | undefined) => !t || t.startsWith("0001-01-01");

/** Checks a server's VARZ (asked by exact name through the system account) against the thresholds. */
export async function serverCheckServer(deps: Deps, cmd: Command, o: ServerCheckServerOptions, r: CheckResult): Promise<void> {
  const n = (v: string | undefined, f: string) => numFlag(v, f) ?? 0;
  const t = {
    cpuW: n(o.cpuWarn, "--cpu-warn"), cpuC: n(o.cpuCritical, "--cpu-critical"), memW: n(o.memWarn, "--mem-warn"), memC: n(o.memCritical, "--mem-critical"),
    conW: n(o.connWarn, "--conn-warn"), conC: n(o.connCritical, "--conn-critical"), subW: n(o.subsWarn, "--subs-warn"), subC: n(o.subsCritical, "--subs-critical"),
    upW: (durFlag(o.uptimeWarn, "--uptime-warn") ?? 0) / 1000, upC: (durFlag(o.uptimeCritical, "--uptime-critical") ?? 0) / 1000,
    tlsW: durFlag(o.tlsCertWarn, "--tls-cert-warn"), tlsC: durFlag(o.tlsCertCrit, "--tls-cert-crit"),
  };
  await withConnection(deps, cmd, async (nc, ctx) => {
    const subject = "$SYS.REQ.SERVER.PING.VARZ";
    const g = await gather<Varz>(nc, subject, { deadline: deadlineIn(ctx.plan.timeoutMs), expect: () => 1, body: { server_name: o.name, exact: true } });
    if (!g.replies.length) throw noResults(subject, g);
    const vz = g.replies[0]!.data;
    if (vz.server_name !== o.name) { r.crit(`result from wrong server "${vz.server_name}"`); return; }
    if (o.jsRequired) { if (vz.jetstream?.config) r.ok("JetStream enabled"); else r.crit("JetStream not enabled"); }
    if (o.tlsRequired) { if (vz.tls_required) r.ok("TLS required"); else r.crit("TLS not required"); }
    if (o.authRequired) { if (vz.auth_required) r.ok("Authentication required"); else r.crit("Authentication not required"); }
    const now = Date.parse(vz.now ?? "") || deps.now();
    if (t.tlsW !== undefined || t.tlsC !== undefined) {
      if (t.tlsW === undefined || t.tlsC === undefined) { r.crit("TLS certificate expiry requires both warning and critical thresholds"); return; }
      const certs: [string, string | undefined][] = [["server", vz.tls_cert_not_after], ["cluster", vz.cluster?.tls_cert_not_after], ["gateway", vz.gateway?.tls_cert_not_after],
        ["leafnode", vz.leaf?.tls_cert_not_after], ["mqtt", vz.mqtt?.tls_cert_not_after], ["websocket", vz.websocket?.tls_cert_not_after]];
      const present = certs.filter(([, at]) => !zeroTime(at));
      if (!present.length) { r.crit("TLS certificate expiry thresholds configured but no TLS certificates found"); return; }
      for (const [what, at] of present) {
        const left = Date.parse(at!) - now;
        if (left <= 0) r.crit(`${what} TLS certificate expired (expired_at=${at})`);
        else if (left <= t.tlsC) r.crit(`${what} TLS certificate expires in ${humanDuration(left)} (expires_at=${at})`);
        else if (left <= t.tlsW) r.warn(`${what} TLS certificate expires in ${humanDuration(left)} (expires_at=${at})`);
        else r.ok(`${what} TLS certificate expires in ${humanDuration(left)} (expires_at=${at})`);
      }
    }
    const up = Math.max(0, (now - Date.parse(vz.start ?? "")) / 1000);
    if (t.upW > 0 || t.upC > 0) {
      if (t.upC > t.upW) { r.crit("Up invalid thresholds"); return; }
      const text = `Up ${humanDuration(up * 1000)}`;
      if (up <= t.upC) r.crit(text); else if (up <= t.upW) r.warn(text); else r.ok(text);
    }
    r.metric({ name: "uptime", value: up, warning: t.upW, critical: t.upC, unit: "s" })
      .metric({ name: "cpu", value: vz.cpu ?? 0, warning: t.cpuW, critical: t.cpuC, unit: "%" })
      .metric({ name: "mem", value: vz.mem ?? 0, warning: t.memW, critical: t.memC })
      .metric({ name: "connections", value: vz.connections ?? 0, warning: t.conW, critical: t.conC })
      .metric({ name: "subscriptions", value: vz.subscriptions ?? 0, warning: t.subW, critical: t.subC });
    checkVal(r, "CPU", t.cpuC, t.cpuW, vz.cpu ?? 0, false);
    checkVal(r, "Memory", t.memC, t.memW, vz.mem ?? 0, false);
    checkVal(r, "Connections", t.conC, t.conW, vz.connections ?? 0, true);
    checkVal(r, "Subscriptions", t.subC, t.subW, vz.subscriptions ?? 0, true);
  });
}

/** `server check server --name N`: one server's CPU, memory, connections, uptime and TLS expiry (system account). */
export function serverCheckServerCommand(deps: Deps): Command {
  return new Command("server")
    .description("Checks a NATS Server health (system account)")
    .option("--name <name>", "Server name to require in the result")
    .option("--cpu-warn <pct>", "Warning threshold for CPU usage, in percent")
    .option("--cpu-critical <pct>", "Critical threshold for CPU usage, in percent")
    .option("--mem-warn <bytes>", "Warning threshold for Memory usage, in bytes")
    .option("--mem-critical <bytes>", "Critical threshold Memory CPU usage, in bytes")
    .option("--conn-warn <n>", "Warning threshold for connections, supports inversion")
    .option("--conn-critical <n>", "Critical threshold for connections, supports inversion")
    .option("--subs-warn <n>", "Warning threshold for number of active subscriptions, supports inversion")
    .option("--subs-critical <n>", "Critical threshold for number of active subscriptions, supports inversion")
    .option("--uptime-warn <duration>", "Warning threshold for server uptime as duration")
    .option("--uptime-critical <duration>", "Critical threshold for server uptime as duration")
    .option("--auth-required", "Checks that authentication is enabled")
    .option("--tls-required", "Checks that TLS is required")
    .option("--js-required", "Checks that JetStream is enabled")
    .option("--tls-cert-warn <duration>", "Warning threshold for TLS certificate expiry like 1d3h5m")
    .option("--tls-cert-crit <duration>", "Critical threshold for TLS certificate expiry like 1d3h5m")
    .addHelpText("after", "\nExamples:\n  nats server check server --name n1 --cpu-warn 60 --cpu-critical 90 --js-required\n  nats server check server --name n1 --conn-warn 10 --conn-critical 2   # fewer than 2 connections is critical\n")
    .action(async (o: ServerCheckServerOptions, cmd: Command) => {
      if (!o.name) throw usageError("server check server needs --name NAME", "see the names with `nats server list`");
      await runCheck(deps, cmd, "server", o.name, (r) => serverCheckServer(deps, cmd, o, r));
    });
}
