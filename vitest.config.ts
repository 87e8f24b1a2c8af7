import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests: lib/ and sandbox/ (colocated *.test.ts). Integration tests (*.int.test.ts) need a database
// and run once per provider through scripts/integration.ts. e2e/ belongs to Playwright.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "scripts/lib/server-only-stub.ts") } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [
            "lib/**/*.test.ts",
            "sandbox/**/*.test.ts",
            "app/**/*.test.ts",
            "components/**/*.test.ts",
            "components/**/*.test.tsx",
            "scripts/**/*.test.ts",
          ],
          exclude: ["**/*.int.test.ts", "node_modules/**", "e2e/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["lib/**/*.int.test.ts", "app/**/*.int.test.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
    environment: "node",
  },
});
