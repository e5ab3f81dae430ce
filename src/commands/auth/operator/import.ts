import { Command } from "commander";
import type { KeyPair } from "@nats-io/nkeys";
import type { Deps } from "../../../deps.js";
import { CliError, ExitCode, usageError } from "../../../errors.js";
import { decodeJwt, type OperatorClaims } from "../shared/claims.js";
import { examples } from "../shared/command.js";
import { readKeyFile, readUserFile } from "../shared/keys.js";
import { AuthStore, checkEntityName, type OperatorEntity } from "../shared/store.js";
import { showOperator } from "./shared.js";

/** `nats auth operator import JWT [KEY…]`. */
export function authOperatorImportCommand(deps: Deps): Command {
  const cmd = new Command("import")
    .description("Imports an operator")
    .argument("<jwt>", "The JWT file containing the operator to import")
    .argument("[key...]", "Files holding the operator's seed and the seeds of all its signing keys")
    .action(async (jwt: string, keys: string[]) => {
      await authOperatorImport(deps, jwt, keys);
    });
  return examples(cmd, "nats auth operator import op.jwt op.nk sk.nk");
}

/**
 * Adds an operator from its JWT and seeds. As jwt-auth-builder's Import, every key must be given: the
 * operator's own and each signing key's, and each must belong to the operator.
 */
export async function authOperatorImport(deps: Deps, jwtFile: string, keyFiles: string[]): Promise<OperatorEntity> {
  const token = (await readUserFile(deps.cwd, jwtFile, "JWT file")).toString("utf8").trim();
  const claims = decodeJwt<OperatorClaims["nats"]>(token, jwtFile, "operator");
  const keys: KeyPair[] = [];
  for (const f of keyFiles) keys.push(await readKeyFile(deps.cwd, f, { seedOnly: true }));
  const wanted = [claims.sub, ...(claims.nats.signing_keys ?? [])];
  for (const [i, k] of keys.entries()) {
    if (!wanted.includes(k.getPublicKey())) throw usageError(`the seed in ${keyFiles[i]} is not referenced by the operator`, `the operator's keys are ${wanted.join(", ")}`);
  }
  const missing = wanted.filter((w) => !keys.some((k) => k.getPublicKey() === w));
  if (missing.length) throw usageError(`not all keys are provided: missing the seed for ${missing.join(", ")}`, "pass the operator's seed file and one for each of its signing keys");
  checkEntityName("operator", claims.name);
  const store = AuthStore.for(deps);
  if ((await store.operatorNames()).includes(claims.name)) throw new CliError(`operator ${claims.name} already exist`, { exitCode: ExitCode.CONFLICT });
  const op = store.adopt(claims.name, token, claims, keys);
  await store.commit(op);
  showOperator(deps, op, false);
  return op;
}
