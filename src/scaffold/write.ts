import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { CliError, ExitCode } from "../errors.js";
import type { RenderedFile } from "./bundle.js";

/** natscli refuses any target that exists (cli/server_generate.go), so nothing a user made is ever overwritten. */
export async function checkTargetFree(target: string, shown: string): Promise<void> {
  const st = await fs.lstat(target).catch(() => undefined);
  if (st) {
    throw new CliError(`target directory ${shown} already exist`, { exitCode: ExitCode.CONFLICT, hint: "choose a directory that does not exist yet" });
  }
}

/** A relative path inside the target: refuses absolute paths and `..` (a bundle must not write elsewhere). */
export function safeRelative(p: string): string {
  const norm = path.posix.normalize(p.replace(/\\/g, "/"));
  if (!norm || norm === "." || path.posix.isAbsolute(norm) || norm === ".." || norm.startsWith("../")) {
    throw new CliError(`bundle file ${JSON.stringify(p)} is not inside the target directory`);
  }
  return norm;
}

/**
 * Writes the files into a fresh hidden directory beside `target` and renames it into place: the target appears
 * whole or not at all. Files holding secrets are 0600, the others 0644. Returns the paths written, sorted.
 */
export async function writeTree(target: string, shown: string, files: RenderedFile[]): Promise<string[]> {
  const parent = path.dirname(target);
  await fs.mkdir(parent, { recursive: true });
  const tmp = path.join(parent, `.${path.basename(target)}.${randomBytes(4).toString("hex")}.tmp`);
  await fs.mkdir(tmp, { mode: 0o755 });
  const written = new Map<string, RenderedFile>();
  try {
    for (const f of files) written.set(safeRelative(f.path), f);
    for (const [rel, f] of written) {
      const file = path.join(tmp, rel);
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
      await fs.writeFile(file, f.content, { mode: f.secret ? 0o600 : 0o644 });
      const fh = await fs.open(file, "r");
      try { await fh.sync(); } finally { await fh.close(); }
    }
    // rename(2) would replace an empty directory made since the first check: look again right before
    await checkTargetFree(target, shown);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return [...written.keys()].sort();
}
