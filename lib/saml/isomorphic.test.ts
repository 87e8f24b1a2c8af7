import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const here = import.meta.dirname;
const SERVER_ONLY_MODULES = new Set(["verify-signature.ts", "parse-metadata-on-server.ts"]);
const modules = readdirSync(here).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"));
const isomorphic = modules.filter((name) => !SERVER_ONLY_MODULES.has(name));
const importsOf = (name: string) =>
  [...readFileSync(path.join(here, name), "utf8").matchAll(/(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\s+"([^"]+)"/g)].map((m) => m[1] ?? m[2] ?? "");

// Packages that run in a browser; anything else would break the drop zone on the setup page.
const BROWSER_PACKAGES = new Set(["fast-xml-parser", "@peculiar/x509", "reflect-metadata"]);

describe("lib/saml stays isomorphic", () => {
  it("finds the modules it guards", () => {
    expect(isomorphic).toEqual(expect.arrayContaining(["parse-metadata.ts", "read-certificate.ts", "xml-tree.ts", "index.ts"]));
    expect(modules).toEqual(expect.arrayContaining([...SERVER_ONLY_MODULES]));
  });

  it.each(isomorphic)("%s imports only browser-safe modules", (name) => {
    for (const specifier of importsOf(name)) {
      if (specifier.startsWith("./")) {
        expect(SERVER_ONLY_MODULES.has(`${specifier.slice(2)}.ts`), `${name} imports ${specifier}`).toBe(false);
        continue;
      }
      expect(BROWSER_PACKAGES.has(specifier), `${name} imports ${specifier}`).toBe(true);
    }
    expect(readFileSync(path.join(here, name), "utf8")).not.toMatch(/\bBuffer\b|\brequire\(|process\./);
  });

  it.each([...SERVER_ONLY_MODULES])('%s starts with import "server-only"', (name) => {
    expect(readFileSync(path.join(here, name), "utf8").startsWith('import "server-only";')).toBe(true);
  });
});

describe("lib/saml bundles for the browser", () => {
  it("builds index.ts for the browser platform with no node built-ins", async () => {
    // esbuild (already present for tsx and vitest) refuses node: imports on the browser platform.
    const { build } = await import("esbuild");
    const result = await build({
      entryPoints: [path.join(here, "index.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).toContain("EntityDescriptor");
    expect(code).not.toMatch(/\bfrom\s*["']node:|require\(["']node:|["']server-only["']/);
  });
});
