import { existsSync, readFileSync } from "node:fs";
import type { Deps } from "../deps.js";
import { CliError } from "../errors.js";
import { log } from "../output/io.js";

/** Reads a message body from the file named by --file; a missing or unreadable file is one clear error. */
export async function readBodyFile(path: string): Promise<Buffer> {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new CliError(`cannot read the body file "${path}": ${why}`);
  }
}

/**
 * natscli expands `@file` arguments implicitly (fisk); natsx sends them literally. When a body that
 * looks like `@name` names an existing file, say so on stderr, so nobody is surprised either way.
 */
export function noteAtFile(deps: Deps, body: string): void {
  if (body.length > 1 && body.startsWith("@") && !body.includes("\n") && existsSync(body.slice(1))) {
    log(deps.io, deps.now(), `Note: the body "${body}" is sent literally; use --file ${body.slice(1)} to send that file's contents`);
  }
}
