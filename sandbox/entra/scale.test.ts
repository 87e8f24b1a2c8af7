import { afterEach, describe, expect, it } from "vitest";
import type { SandboxServer } from "../core/server";
import { admin, appGraphClient, startEntra } from "./testing";

let server: SandboxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("large tenants", () => {
  it("seeds 100,000 extra users quickly and answers indexed lookups and pages fast", async () => {
    server = await startEntra();
    const started = Date.now();
    expect((await admin(server, "POST", "/_sandbox/reset", { users: 100_000 })).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
    const { client } = await appGraphClient(server);
    const t0 = Date.now();
    const hit = (await client.api("/users").filter("userPrincipalName eq 'user099999@contoso-sandbox.onmicrosoft.com'").select("id,displayName").get()) as { value: { displayName: string }[] };
    expect(hit.value.map((u) => u.displayName)).toEqual(["Generated User 099999"]);
    const byMail = (await client.api("/users").filter("mail eq 'USER050000@contoso-sandbox.onmicrosoft.com'").get()) as { value: unknown[] };
    expect(byMail.value).toHaveLength(1);
    const deep = (await client.api("/users").top(999).skipToken("RFNwdAoAOTkwMDA").get()) as { value: unknown[]; "@odata.nextLink"?: string };
    expect(deep.value).toHaveLength(999);
    expect(Date.now() - t0).toBeLessThan(1500);
  }, 20_000);
});
