import { defineConfig } from "vitest/config";

// Two projects: pure unit tests (fast, no I/O beyond fixtures and a temporary SQLite file),
// and the integration tests (the federation, the site in Chromium), which start real Prosody and
// ejabberd servers once for the whole run.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["crawler/**/*.test.ts", "scripts/**/*.test.ts", "site/**/*.test.ts"],
          globalSetup: ["test/helpers/current-build.ts", "test/helpers/scratch-tmpdir.ts"],
        },
      },
      {
        // Differential tests against oracles built on other projects' own libraries (Python, aioxmpp).
        test: {
          name: "oracle",
          include: ["test/oracles/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/federation/**/*.test.ts", "test/site/**/*.test.ts"],
          globalSetup: ["test/helpers/current-build.ts", "test/federation/global-setup.ts"],
          // The tests share one federation and one crawler account: run the files one after another.
          fileParallelism: false,
          // About three times what a test takes on CI's 2 cores: a hang shows as one, not as a slow run.
          // Tests that need more (a 30 s login timeout, two scheduled publishes) say so themselves.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
