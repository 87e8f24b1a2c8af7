import { afterEach, describe, expect, it, vi } from "vitest";

const importFresh = async (env: Record<string, string | undefined>) => {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v as string);
  return import("./session-cookie");
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("session cookie name and options", () => {
  it("uses the __Host- prefix when the public URL is https, and the plain name on http localhost", async () => {
    expect((await importFresh({ IB_PUBLIC_URL: "https://portal.example.com" })).SESSION_COOKIE).toBe("__Host-ib_session");
    expect((await importFresh({ IB_PUBLIC_URL: "http://127.0.0.1:3000" })).SESSION_COOKIE).toBe("ib_session");
    expect((await importFresh({ IB_PUBLIC_URL: "" })).SESSION_COOKIE).toBe("ib_session");
  });

  it("sets what __Host- requires (Secure, path /, no Domain) and deletes the same way", async () => {
    const { sessionCookieOptions, expiredSessionCookieOptions } = await importFresh({ IB_PUBLIC_URL: "https://portal.example.com" });
    const options = sessionCookieOptions("https://portal.example.com");
    expect(options).toMatchObject({ secure: true, path: "/", httpOnly: true, sameSite: "lax" });
    expect(options).not.toHaveProperty("domain");
    expect(expiredSessionCookieOptions("https://portal.example.com")).toMatchObject({ secure: true, path: "/", maxAge: 0 });
  });

  it("binds sandbox cookies to the sandbox tenant and sign-in app, live ones to the configured app", async () => {
    expect((await importFresh({ IB_MODE: "sandbox" })).sessionBinding()).toMatchObject({ mode: "sandbox", clientId: "5d3c9a4e-2f61-4b87-8e0d-7a1b6c9f2e43" });
  });
});
