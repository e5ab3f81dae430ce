import { Command } from "commander";
import { commas } from "../../output/format.js";
import type { Deps } from "../../deps.js";
import { ExitCode, ExitStatus } from "../../errors.js";
import { printJson } from "../../output/json.js";
import { printTable } from "../../output/table.js";
import type { SysReply } from "../../sys/gather.js";
import { refuseWithArchive } from "../../sys/archive.js";
import { addFilterOptions, compareBy, parseLimit, withSys, reverseFlag, watching } from "./shared/sys.js";

export interface ServerReportHealthOptions { jsEnabled?: boolean; serverOnly?: boolean; account?: string; stream?: string; consumer?: string; json?: boolean; host?: string; cluster?: string; tags?: string[]; archive?: string }

interface Healthz { status?: string; status_code?: number; error?: string; errors?: { type?: string | number; error?: string }[] }

// the server's HealthZErrorType numbers, as natscli names them
const ERROR_TYPES = ["Conn", "Bad Request", "JetStream", "Account", "Stream", "Consumer"];

/** HEALTHZ of every server as natscli's Health Report; exits 1 when any server is not ok (natscli exits 0). */
export async function serverReportHealth(deps: Deps, cmd: Command, limit: number | undefined, o: ServerReportHealthOptions): Promise<SysReply<Healthz>[]> {
  if (o.archive) refuseWithArchive({ "--js-enabled": o.jsEnabled, "--server-only": o.serverOnly, "--account": o.account, "--stream": o.stream, "--consumer": o.consumer });
  const replies = await withSys(deps, cmd, o.archive, async (ping) => {
    const body: Record<string, unknown> = { details: true };
    if (o.jsEnabled) body["js-enabled-only"] = true;
    if (o.serverOnly) body["js-server-only"] = true;
    if (o.account) body.account = o.account;
    if (o.stream) body.stream = o.stream;
    if (o.consumer) body.consumer = o.consumer;
    return ping<Healthz>("HEALTHZ", o, body, limit);
  });
  replies.sort(compareBy((r) => r.server.name, reverseFlag(cmd)));
  const code = (r: SysReply<Healthz>) => r.data.status_code ?? (r.data.status === "ok" ? 200 : 503);
  if (o.json) printJson(deps.io, replies.map((r) => ({ server: r.server, data: r.data })));
  else {
    const rows: (string | number)[][] = [];
    let errors = 0;
    for (const r of replies) {
      rows.push([r.server.name, r.server.cluster ?? "", r.server.domain ?? "", `${r.data.status} (${code(r)})`, "", ""]);
      // 2.9 reports one error string, newer servers a list with types
      const errs = r.data.errors ?? (r.data.error ? [{ type: "", error: r.data.error }] : []);
      errors += errs.length;
      const show = errs.length > 10 ? 9 : errs.length;
      for (const e of errs.slice(0, show)) rows.push(["", "", "", "", typeof e.type === "number" ? (ERROR_TYPES[e.type] ?? String(e.type)) : e.type ?? "", e.error ?? ""]);
      if (show !== errs.length) rows.push(["", "", "", `${errs.length - show} more errors`, "", ""]);
    }
    const ok = replies.filter((r) => code(r) === 200).length;
    printTable(deps.io, ["Server", "Cluster", "Domain", "Status", "Type", "Error"], rows, {
      title: "Health Report",
      footer: [commas(replies.length), commas(new Set(replies.map((r) => r.server.cluster)).size), "", `ok: ${ok} / err: ${replies.length - ok}`, "", commas(errors)],
    }, deps.env);
  }
  if (replies.some((r) => code(r) !== 200)) throw new ExitStatus(ExitCode.FAILURE);
  return replies;
}

/** `nats server report health [LIMIT]`: every server's health endpoint (system account). */
export function serverReportHealthCommand(deps: Deps): Command {
  return addFilterOptions(new Command("health")
    .description("Report on Server health (exit 1 when any server is unhealthy)")
    .argument("[limit]", "Limit the responses to a certain amount of servers")
    .option("-J, --js-enabled", "Checks that JetStream should be enabled on all servers")
    .option("-S, --server-only", "Restricts the health check to the JetStream server only, do not check streams and consumers")
    .option("--account <account>", "Check only a specific Account")
    .option("--stream <stream>", "Check only a specific Stream")
    .option("--consumer <consumer>", "Check only a specific Consumer"))
    .option("-j, --json", "Produce JSON output", false)
    .addHelpText("after", "\nExamples:\n  nats server report health --js-enabled && echo all healthy\n")
    .action(async (limit: string | undefined, o: ServerReportHealthOptions, cmd: Command) => { await watching(deps, cmd, () => serverReportHealth(deps, cmd, parseLimit(limit), o)); });
}
