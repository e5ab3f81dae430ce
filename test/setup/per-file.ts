// Runs in every test file (vitest setupFiles): after the file's own hooks, the processes it started
// must have ended; its scratch directories are removed.
import { afterAll } from "vitest";
import { endChildren, removeScratchDirs } from "../helpers/scratch.js";

afterAll(async () => {
  removeScratchDirs();
  const left = await endChildren();
  if (left.length) throw new Error(`this test file left ${left.length} process(es) running: ${left.join(", ")} (killed now); stop them in the test or its afterAll`);
});
