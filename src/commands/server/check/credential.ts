import { Command } from "commander";
import { promises as fs } from "node:fs";
import type { Deps } from "../../../deps.js";
import { usageError } from "../../../errors.js";
import { humanDuration } from "../../../output/format.js";
import { durFlag, runCheck, type CheckResult } from "./shared.js";
import { fileProblem } from "../../../context/credentials.js";
import { credentialRef } from "../../../redact.js";
import { examplesText } from "../../shared/examples.js";

export interface ServerCheckCredentialOptions { credential?: string; validityWarn?: string; validityCritical?: string; requireExpiry: boolean }

/** The claims of the first JWT in a .creds file (or a bare JWT file). */
export function credsClaims(text: string): { exp?: number; sub?: string; name?: string } {
  const m = /-----BEGIN NATS USER JWT-----\s*([A-Za-z0-9_\-.]+)\s*------END NATS USER JWT------/.exec(text) ?? /^\s*(ey[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)\s*$/.exec(text);
  if (!m) throw new Error("no user JWT found in the credential file");
  const payload = m[1]!.split(".")[1];
  if (!payload) throw new Error("the user JWT is malformed");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: number; sub?: string; name?: string };
}

/** The expiry thresholds of `server check credential`, parsed. */
export interface ServerCheckCredentialThresholds { warn?: number; crit?: number }

/** `server check credential`: how long a .creds file's JWT stays valid. Unlike natscli, an expired one is always critical. */
export function serverCheckCredentialCommand(deps: Deps): Command {
  return new Command("credential")
    .description("Checks the validity of a NATS credential file")
    .option("--credential <file>", "The file holding the NATS credential")
    .option("--validity-warn <duration>", "Warning threshold for time before expiry")
    .option("--validity-critical <duration>", "Critical threshold for time before expiry")
    .option("--no-require-expiry", "Do not require the credential to expire")
    .addHelpText("after", examplesText("nats server check credential --credential ~/app.creds --validity-warn 30d", "nats server check credential --credential ~/app.creds --no-require-expiry"))
    .action(async (o: ServerCheckCredentialOptions, cmd: Command) => {
      if (!o.credential) throw usageError("server check credential needs --credential FILE");
      const warn = durFlag(o.validityWarn, "--validity-warn");
      const crit = durFlag(o.validityCritical, "--validity-critical");
      await runCheck(deps, cmd, "credential", "Credential", (r) => serverCheckCredential(deps, r, o, { warn, crit }));
    });
}

/** Checks that the credential file can be read and how long until it expires, against the thresholds. */
export async function serverCheckCredential(deps: Deps, r: CheckResult, o: ServerCheckCredentialOptions, t: ServerCheckCredentialThresholds): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(o.credential!, "utf8");
  } catch (e) {
    // named as every other credential file is (the EISDIR/ENOENT text of Node named neither flag nor fix)
    r.crit(`credential file ${credentialRef(o.credential!, "file")} ${fileProblem((e as NodeJS.ErrnoException).code, o.credential!, "--credential")[0]}`);
    return;
  }
  const claims = credsClaims(text);
  if (!claims.exp) {
    if (o.requireExpiry) r.crit("never expires");
    else r.ok("never expires");
    return;
  }
  const left = claims.exp * 1000 - deps.now();
  r.metric({ name: "expiry", value: Math.round(left / 1000), warning: t.warn === undefined ? undefined : t.warn / 1000, critical: t.crit === undefined ? undefined : t.crit / 1000, unit: "s" });
  const when = new Date(claims.exp * 1000).toISOString();
  // natscli passes an already expired credential unless thresholds are set; an expired credential is never OK here.
  if (left <= 0) r.crit(`expired ${humanDuration(-left)} ago at ${when}`);
  else if (t.crit !== undefined && left <= t.crit) r.crit(`expires in ${humanDuration(left)} at ${when}`);
  else if (t.warn !== undefined && left <= t.warn) r.warn(`expires in ${humanDuration(left)} at ${when}`);
  else r.ok(`expires in ${when}`);
}
