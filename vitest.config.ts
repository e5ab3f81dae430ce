import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // integration files each start their own servers; two workers fit the 2-core machines
    pool: "forks",
    maxWorkers: 2,
    // a temp root per run, checked for leftover processes and files afterwards
    globalSetup: ["test/setup/global.ts"],
    setupFiles: ["test/setup/per-file.ts"],
  },
});
