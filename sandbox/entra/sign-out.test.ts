import { afterEach, describe, expect, it } from "vitest";
import type { SandboxServer } from "../core/server";
import { SANDBOX } from "../fixtures";
import { STAFF } from "./seed";
import { TENANT, admin, startEntra } from "./testing";

let server: SandboxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const logout = (s: SandboxServer, params: Record<string, string>) =>
  fetch(`${s.url}/login/${TENANT}/oauth2/v2.0/logout?${new URLSearchParams(params)}`, { redirect: "manual" });

describe("sandbox Entra: end-session endpoint and portal roles", () => {
  it("returns to post_logout_redirect_uri only when it is a registered redirect URI of the app", async () => {
    server = await startEntra();
    const clientId = SANDBOX.entra.portalSignIn.clientId;
    const back = await logout(server, { client_id: clientId, post_logout_redirect_uri: "http://127.0.0.1:3520/auth/signed-out" });
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe("http://127.0.0.1:3520/auth/signed-out");
    for (const params of <Record<string, string>[]>[
      { client_id: clientId, post_logout_redirect_uri: "https://evil.example/" },
      { post_logout_redirect_uri: "http://127.0.0.1:3520/auth/signed-out" },
      {},
    ]) {
      const stay = await logout(server, params);
      expect(stay.status, JSON.stringify(params)).toBe(200);
      expect(await stay.text()).toContain("You signed out of your account");
    }
  });

  it("sets and removes a user's portal role, which the user's app role assignments then show", async () => {
    server = await startEntra();
    expect((await admin(server, "POST", "/_sandbox/entra/portal-role", { user: STAFF.noRole, role: "Portal.Auditor" })).status).toBe(200);
    expect((await admin(server, "POST", "/_sandbox/entra/portal-role", { user: STAFF.noRole, role: "Portal.Owner" })).status).toBe(400);
    expect((await admin(server, "POST", "/_sandbox/entra/portal-role", { user: STAFF.noRole, role: null })).json).toEqual({ user: STAFF.noRole, role: null });
  });
});
