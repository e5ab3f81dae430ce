import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { CliError, ExitCode, usageError } from "../../errors.js";
import { readData } from "../../util/data.js";

/** One JetStream error code as nats-server's server/errors.json lists it. */
export interface ServerError {
  constant: string;
  /** The HTTP-style status the API answers with. */
  code: number;
  /** The NATS error code (10xxx). */
  error_code: number;
  description: string;
  comment: string;
  help: string;
  url: string;
  deprecates: string;
}

/** The group's --errors FILE (natscli: "The errors.json file to use as input"). */
export function errorsFileFlag(cmd: Command): string | undefined {
  return (cmd.optsWithGlobals() as { errors?: string }).errors;
}

/** The error codes of `file`, or the vendored table (nats-server's errors.json, data/server-errors.json). */
export async function loadErrors(file: string | undefined): Promise<ServerError[]> {
  if (!file) return readData<ServerError[]>("server-errors.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new CliError(`cannot read errors file ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`, { exitCode: ExitCode.NOT_FOUND });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw usageError(`errors file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(doc)) throw usageError(`errors file ${file} does not hold a list of errors`, "it has the shape of nats-server's server/errors.json");
  return doc as ServerError[];
}

/** natscli's checks of one error definition; the problems found, none when it is valid. */
export function validateError(e: Partial<ServerError>): string[] {
  const errs: string[] = [];
  const d = e.description ?? "";
  if (/^{[^}]+}$/.test(d) && !e.comment) errs.push("token only descriptions requires a comment");
  // natscli says 10000 but checks 1000: the check is kept, the message says what it checks
  if ((e.error_code ?? 0) < 1000) errs.push("error codes may not be below 1000");
  if (!e.code) errs.push("code is required");
  if (!e.constant) errs.push("constant is required");
  if (!d) errs.push("description is required");
  if ((d.match(/{/g) ?? []).length !== (d.match(/}/g) ?? []).length) errs.push("unmatched number of { and }");
  if (d.includes("{") && !(e.constant ?? "").endsWith("F")) errs.push("constants for errors with tokens must end in F like JSStreamMsgDeleteFailedF");
  return errs;
}

/** Does the error match the (lower-cased) pattern in any of natscli's fields? */
export function errorMatches(e: ServerError, re: RegExp): boolean {
  return [e.description.toLowerCase(), String(e.code), String(e.error_code), (e.help ?? "").toLowerCase(), e.constant.toLowerCase(), (e.comment ?? "").toLowerCase()].some((v) => re.test(v));
}
