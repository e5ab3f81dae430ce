import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { CliError, ExitCode, usageError } from "../../../errors.js";
import { ask, canPrompt } from "../../../output/prompt.js";
import { collect } from "../../../util/flags.js";
import { checkUrl, examples, updateTags } from "../shared/command.js";
import { AuthStore, checkEntityName, type OperatorEntity } from "../shared/store.js";
import { showOperator } from "./shared.js";

export interface AuthOperatorAddOptions { service?: string[]; accountServer?: string; signingKey: boolean; tags?: string[] }

/** `nats auth operator add [NAME]`. */
export function authOperatorAddCommand(deps: Deps): Command {
  const cmd = new Command("add")
    .description("Adds a new Operator")
    .argument("[name]", "Unique name for this Operator")
    .option("--service <url>", "URLs for the Operator services (repeatable)", collect)
    .option("--account-server <url>", "URL for the account server")
    .option("--signing-key", "Creates a signing key for this Operator (default)", true)
    .option("--no-signing-key", "Do not create a signing key")
    .option("--tags <tag>", "Tags to assign to this Operator (repeatable)", collect)
    .action(async (name: string | undefined, opts: AuthOperatorAddOptions) => {
      await authOperatorAdd(deps, name, opts);
    });
  return examples(cmd, "nats auth operator add MyOperator", "nats auth operator add MyOperator --service nats://localhost:4222 --tags prod");
}

/**
 * Creates an operator with a SYSTEM account set as its system account and, unless --no-signing-key, a signing
 * key (as natscli does), writes it to the nsc store and shows it.
 */
export async function authOperatorAdd(deps: Deps, name: string | undefined, opts: AuthOperatorAddOptions): Promise<OperatorEntity> {
  if (!name) {
    if (!canPrompt(deps.io)) throw usageError("no operator name given", "pass the name: nats auth operator add NAME");
    name = await ask(deps.io, "Operator Name", { required: true });
  }
  checkEntityName("operator", name);
  const store = AuthStore.for(deps);
  if ((await store.operatorNames()).includes(name)) throw new CliError(`operator ${name} already exist`, { exitCode: ExitCode.CONFLICT });
  const services = (opts.service ?? []).map((u) => checkUrl(u, "--service"));
  const accountServer = opts.accountServer === undefined ? undefined : checkUrl(opts.accountServer, "--account-server");
  const op = await store.create(name);
  const n = op.claims.nats;
  n.tags = updateTags(n.tags, opts.tags);
  if (services.length) n.operator_service_urls = services;
  if (accountServer) n.account_server_url = accountServer;
  // natscli always creates the system account first, signed by the operator's identity key
  const sys = await op.addAccount("SYSTEM");
  n.system_account = sys.subject;
  if (opts.signingKey) op.addSigningKey();
  await op.resign();
  await store.commit(op);
  showOperator(deps, op, false);
  return op;
}
