import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { withConnection } from "../../../context/connect.js";
import { CliError, ExitCode } from "../../../errors.js";
import { humanDuration, localTime } from "../../../output/format.js";
import { Columns } from "../../../output/columns.js";
import { printJson } from "../../../output/json.js";
import { deadlineIn, gather, noResults } from "../../../sys/gather.js";

export interface ServerAccountInfoOptions { host?: string; json?: boolean }

interface ExtImport { subject?: string; local_subject?: string; account?: string; type?: string | number; name?: string; share?: boolean; tracking?: boolean; tracking_header?: unknown; invalid?: boolean }
interface ExtExport { subject?: string; type?: string | number; token_req?: boolean; response_type?: string; response_threshold?: number; description?: string; info_url?: string; name?: string; account_token_position?: number; approved_accounts?: string[]; revocations?: Record<string, unknown> }
interface AccountDetail {
  account_name?: string; update_time?: string; is_system?: boolean; expired?: boolean; complete?: boolean; jetstream_enabled?: boolean; issuer_key?: string; name_tag?: string; tags?: string[];
  mappings?: Record<string, { subject?: string; weight?: number; cluster?: string }[]>; imports?: ExtImport[]; exports?: ExtExport[]; responses?: ExtImport[]; revoked_user?: Record<string, string>;
}

// the server marshals the JWT export type as a number in older versions
const kind = (t: string | number | undefined) => (t === 1 || t === "stream" ? "stream" : t === 2 || t === "service" ? "service" : String(t ?? "unknown"));

function renderImport(c: Columns, imp: ExtImport): void {
  let local = imp.local_subject || imp.subject || "";
  let subj = imp.subject ?? "";
  if (!local) return;
  if (subj === local) subj = "";
  if (imp.invalid) c.row("Invalid", true);
  const parts = [local];
  if (subj) parts.push(`from subject ${subj}`);
  if (imp.account) parts.push(subj ? `in account ${imp.account}` : `from account ${imp.account}`);
  c.row("Subject", parts.join(" ")).row("Type", kind(imp.type)).rowIf(imp.name, "Name", imp.name).row("Sharing", Boolean(imp.share));
  c.row("Tracking", imp.tracking_header ? `${Boolean(imp.tracking)} header ${JSON.stringify(imp.tracking_header)}` : Boolean(imp.tracking));
  c.line();
}

/** One account's details as a server sees it (ACCOUNTZ with the account, system account), as natscli's screen. */
export async function serverAccountInfo(deps: Deps, cmd: Command, account: string, o: ServerAccountInfoOptions): Promise<AccountDetail> {
  return withConnection(deps, cmd, async (nc, ctx) => {
    const subject = "$SYS.REQ.SERVER.PING.ACCOUNTZ";
    const r = await gather<{ account_detail?: AccountDetail }>(nc, subject, { deadline: deadlineIn(ctx.plan.timeoutMs), expect: () => 1, body: { account, ...(o.host ? { server_name: o.host, exact: true } : {}) } });
    if (r.errors.length) throw new CliError(r.errors[0]!.description, { exitCode: ExitCode.NOT_FOUND });
    if (!r.replies.length) throw noResults(subject, r);
    const nfo = r.replies[0]!.data.account_detail;
    if (!nfo) throw new CliError(`no account information received for ${account}`, { exitCode: ExitCode.NOT_FOUND, hint: "list the accounts with `nats server request accounts`" });
    if (o.json) { printJson(deps.io, nfo); return nfo; }
    const c = new Columns(`Account information for account ${nfo.account_name}`);
    c.title("Details");
    c.row("Complete", Boolean(nfo.complete)).row("Expired", Boolean(nfo.expired)).row("System Account", Boolean(nfo.is_system));
    if (nfo.update_time) c.row("Updated", `${localTime(nfo.update_time)} (${humanDuration(Math.max(0, deps.now() - Date.parse(nfo.update_time)))} ago)`);
    c.row("JetStream", Boolean(nfo.jetstream_enabled)).rowIf(nfo.issuer_key, "Issuer", nfo.issuer_key).rowIf(nfo.name_tag, "Tag", nfo.name_tag).rowIf(nfo.tags?.length, "Tags", nfo.tags);
    if (nfo.mappings && Object.keys(nfo.mappings).length) {
      c.title("Mappings");
      for (const [subj, dests] of Object.entries(nfo.mappings)) {
        if (!dests.length) continue;
        c.indent(2).line(subj).indent(4);
        for (const d of dests) {
          const parts = [d.subject ?? ""];
          if (d.cluster) parts.push(`in cluster ${d.cluster}`);
          if (d.weight !== undefined && d.weight !== 100) parts.push(`with weight ${d.weight}`);
          c.row("Destination", parts.join(" "));
        }
        c.indent(0).line();
      }
    }
    if (nfo.imports?.length) { c.title("Imports"); for (const i of nfo.imports) renderImport(c, i); }
    if (nfo.exports?.length) {
      c.title("Exports");
      for (const e of nfo.exports) {
        c.row("Subject", e.subject).row("Type", kind(e.type)).row("Tokens Required", Boolean(e.token_req)).row("Response Type", e.response_type ?? "Singleton");
        c.rowIf((e.response_threshold ?? 0) > 0, "Response Threshold", e.response_threshold).rowIf(e.description, "Description", e.description).rowIf(e.info_url, "Info URL", e.info_url)
          .rowIf(e.name, "Name", e.name).rowIf((e.account_token_position ?? 0) > 0, "Account Token Pos", e.account_token_position);
        if (e.approved_accounts?.length) c.list("Accounts", e.approved_accounts.slice(0, 20));
        c.line();
      }
    }
    if (nfo.responses?.length) { c.title("Responses"); for (const i of nfo.responses) renderImport(c, i); }
    if (nfo.revoked_user && Object.keys(nfo.revoked_user).length) {
      c.title("Revoked Users");
      for (const [u, t] of Object.entries(nfo.revoked_user)) c.row(u, `${t} (${humanDuration(Math.max(0, deps.now() - Date.parse(t)))} ago)`);
    }
    c.print(deps.io);
    return nfo;
  });
}

/** `nats server account info ACCOUNT`: imports, exports, mappings and state of an account on a server. */
export function serverAccountInfoCommand(deps: Deps): Command {
  return new Command("info").alias("i")
    .description("Shows information for an account (system account)")
    .argument("<account>", "The name of the account to view")
    .option("--host <name>", "Request information from a specific server")
    .option("-j, --json", "Produce JSON output")
    .addHelpText("after", "\nExamples:\n  nats server account info APP --host n1\n")
    .action(async (account: string, o: ServerAccountInfoOptions, cmd: Command) => {
      await serverAccountInfo(deps, cmd, account, { ...o, json: o.json || Boolean(cmd.parent?.opts().json) });
    });
}
