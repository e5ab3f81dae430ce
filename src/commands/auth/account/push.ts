import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../../deps.js";
import { withConnection, type ConnCtx } from "../../../context/connect.js";
import { CliError } from "../../../errors.js";
import { colors } from "../../../output/color.js";
import { deadlineIn, discoverServerCount, gather, noResults } from "../../../sys/gather.js";
import { examples } from "../shared/command.js";
import { selectOperatorAccount } from "../shared/select.js";

export interface AuthAccountPushOptions { operator?: string; show?: boolean }

/** `nats auth account push [ACCOUNT]`. */
export function authAccountPushCommand(deps: Deps): Command {
  const cmd = new Command("push")
    .description("Push the Account to the NATS Resolver")
    .argument("[account]", "Account to act on")
    .option("--operator <name>", "Operator to act on")
    .option("--show", "Show the Account JWT before pushing")
    .action(async (account: string | undefined, opts: AuthAccountPushOptions, cmd: Command) => {
      const { acct } = await selectOperatorAccount(deps, opts.operator, account);
      if (opts.show) deps.io.out.write(`Account JWT for ${acct.name}\n\n${acct.token}\n\n`);
      await withConnection(deps, cmd, (nc, ctx) => authAccountPush(deps, nc, ctx, acct.name, acct.subject, acct.token));
    });
  return examples(cmd, "nats auth account push MyAccount --creds sys-admin.creds --server nats://localhost:4222", "nats auth account push MyAccount --context system");
}

/** What the servers said to a push. */
export interface PushResult { updated: number; failed: number; expected?: number }

/**
 * Sends the account JWT to every server's resolver ($SYS.REQ.ACCOUNT.<id>.CLAIMS.UPDATE, as a system
 * account user) and reports each server's answer as natscli does. Fails (exit 1) unless every server
 * that was expected updated; a user outside the system account gets "no responders" (exit 6).
 */
export async function authAccountPush(deps: Deps, nc: NatsConnection, ctx: ConnCtx, name: string, subject: string, token: string): Promise<PushResult> {
  const expected = await discoverServerCount(nc, deadlineIn(ctx.plan.timeoutMs));
  deps.io.out.write(expected ? `Updating account ${name} (${subject}) on ${expected} server(s)\n\n` : `Updating Account ${name} (${subject}) on all servers\n\n`);
  const c = colors(deps.io);
  const ok = c.green("✓");
  const bad = c.red("X");
  const subj = `$SYS.REQ.ACCOUNT.${subject}.CLAIMS.UPDATE`;
  const r = await gather<{ account?: string; code?: number; message?: string }>(nc, subj, { deadline: deadlineIn(ctx.plan.timeoutMs), expect: () => expected, rawBody: token });
  if (r.replies.length === 0 && r.errors.length === 0) throw noResults(subj, r);
  for (const e of r.errors) deps.io.out.write(`${bad} Update failed on ${e.server.name}: ${e.description}\n`);
  for (const rep of r.replies) deps.io.out.write(`${ok} Update completed on ${rep.server.name}\n`);
  const res: PushResult = { updated: r.replies.length, failed: r.errors.length + r.malformed, expected };
  deps.io.out.write(`\n${expected ? `Success ${res.updated} Failed ${res.failed} Expected ${expected}` : `Success ${res.updated} Failed ${res.failed}`}\n`);
  if (res.failed > 0) throw new CliError(expected ? `update failed on ${res.failed}/${expected} servers` : `update failed on ${res.failed} servers`);
  if (res.updated === 0) throw new CliError("no servers were updated");
  if (expected && res.updated + res.failed !== expected) throw new CliError(`received updated from only ${res.updated + res.failed} out of ${expected} servers`);
  return res;
}
