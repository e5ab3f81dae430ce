import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { withConnection } from "../../../context/connect.js";
import { confirmDestructive } from "../../../output/prompt.js";
import { jsApiError, refuseDomain } from "../shared/meta.js";

export interface ServerAccountPurgeOptions { force?: boolean }

/** Deletes every JetStream asset of an account across the cluster ($JS.API.ACCOUNT.PURGE.<account>, system account). */
export async function serverAccountPurge(deps: Deps, cmd: Command, account: string, o: ServerAccountPurgeOptions): Promise<boolean> {
  if (!o.force) deps.io.out.write(`This operation deletes all data from the ${account} account and cannot be reversed.\n\n`);
  if (!(await confirmDestructive(deps.io, o.force, `Really purge account ${account}`, `purge account ${account}`))) return false;
  return withConnection(deps, cmd, async (nc, ctx) => {
    refuseDomain(ctx.js.domain, "account purge");
    const subject = `$JS.API.ACCOUNT.PURGE.${account}`;
    const m = await nc.request(subject, "", { timeout: ctx.plan.timeoutMs });
    const err = jsApiError(subject, m.json());
    if (err) throw err;
    deps.io.out.write(`Purge operation on account ${account} initiated\n`);
    return true;
  });
}

/** `nats server account purge ACCOUNT`: removes all of an account's streams and consumers from the cluster. */
export function serverAccountPurgeCommand(deps: Deps): Command {
  return new Command("purge")
    .description("Purge assets from JetStream clusters (system account)")
    .argument("<account>", "The name of the account to purge")
    .option("-f, --force", "Perform the operation without prompting")
    .addHelpText("after", "\nExamples:\n  nats server account purge OLDAPP -f\n")
    .action(async (account: string, o: ServerAccountPurgeOptions, cmd: Command) => { await serverAccountPurge(deps, cmd, account, o); });
}
