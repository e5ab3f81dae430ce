import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // integration files each start their own servers; two workers fit the 2-core machines
    pool: "forks",
    maxWorkers: 2,
  },
});
