import * as path from "node:path";
import { Command } from "commander";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../../../deps.js";
import { withConnection, type ConnCtx } from "../../../context/connect.js";
import { writeFileAtomic } from "../../../context/store.js";
import { CliError, ExitCode } from "../../../errors.js";
import { decodeJwt, type AccountClaims } from "../shared/claims.js";
import { examples } from "../shared/command.js";
import { selectOperator, unknownAccount } from "../shared/select.js";
import { AccountEntity, OperatorEntity, publicKey } from "../shared/store.js";
import { showAccount } from "./shared.js";

export interface AuthAccountQueryOptions { operator?: string }

/** `nats auth account query ACCOUNT [OUTPUT]`. */
export function authAccountQueryCommand(deps: Deps): Command {
  const cmd = new Command("query").aliases(["pull"])
    .description("Pull the Account from the NATS Resolver and view it")
    .argument("<account>", "Account to act on (a name in the store, or any account public key)")
    .argument("[output]", "Saves the JWT to a file")
    .option("--operator <name>", "Operator to act on")
    .action(async (account: string, output: string | undefined, opts: AuthAccountQueryOptions, cmd: Command) => {
      let subject: string;
      if (/^A[A-Z2-7]{55}$/.test(account)) {
        subject = publicKey(account, "A", "account public key").getPublicKey();
      } else {
        const { op } = await selectOperator(deps, opts.operator);
        const a = op.account(account);
        if (!a) throw unknownAccount(account, op);
        subject = a.subject;
      }
      await withConnection(deps, cmd, (nc, ctx) => authAccountQuery(deps, nc, ctx, subject, output));
    });
  return examples(cmd, "nats auth account query MyAccount --context system", "nats auth account query MyAccount my-account.jwt --creds sys-admin.creds");
}

/** Asks the resolver for the account's JWT ($SYS.REQ.ACCOUNT.<id>.CLAIMS.LOOKUP), saves it if asked, and shows it. */
export async function authAccountQuery(deps: Deps, nc: NatsConnection, ctx: ConnCtx, subject: string, output?: string): Promise<string> {
  const m = await nc.request(`$SYS.REQ.ACCOUNT.${subject}.CLAIMS.LOOKUP`, "", { timeout: ctx.plan.timeoutMs });
  const token = m.string().trim();
  if (!token) throw new CliError(`the resolver does not know account ${subject}`, { exitCode: ExitCode.NOT_FOUND, hint: "push it with `nats auth account push`" });
  const claims = decodeJwt<AccountClaims["nats"]>(token, "the JWT the server returned", "account");
  if (output) await writeFileAtomic(path.resolve(deps.cwd, output), token);
  // natscli shows the pulled account without its operator lines: the JWT is all it knows
  const acct = new AccountEntity(undefined as unknown as OperatorEntity, claims.name, claims, token, undefined, new Map());
  showAccount(deps, undefined, acct, false);
  return token;
}
