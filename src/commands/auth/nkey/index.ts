import { Command } from "commander";
import type { Deps } from "../../../deps.js";
import { authNkeyGenCommand } from "./gen.js";
import { authNkeySealCommand } from "./seal.js";
import { authNkeyShowCommand } from "./show.js";
import { authNkeySignCommand } from "./sign.js";
import { authNkeyUnsealCommand } from "./unseal.js";
import { authNkeyVerifyCommand } from "./verify.js";

/** `nats auth nkey`: create and use NKeys with @nats-io/nkeys. */
export function authNkeyCommand(deps: Deps): Command {
  return new Command("nkey").aliases(["nk"])
    .description("Create and Use NKeys")
    .addCommand(authNkeyGenCommand(deps))
    .addCommand(authNkeyShowCommand(deps))
    .addCommand(authNkeySignCommand(deps))
    .addCommand(authNkeyVerifyCommand(deps))
    .addCommand(authNkeySealCommand(deps))
    .addCommand(authNkeyUnsealCommand(deps));
}
