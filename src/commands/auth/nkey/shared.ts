import * as path from "node:path";
import type { Deps } from "../../../deps.js";
import { writeFileAtomic } from "../../../context/store.js";

/** Writes a command's result to --output atomically (0600: keys and decrypted data are secrets) or to stdout with a newline. */
export async function writeResult(deps: Deps, data: string | Uint8Array, output: string | undefined): Promise<void> {
  if (output) {
    await writeFileAtomic(path.resolve(deps.cwd, output), data);
    return;
  }
  deps.io.out.write(data);
  deps.io.out.write("\n");
}
