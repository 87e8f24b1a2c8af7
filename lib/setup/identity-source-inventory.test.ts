import { CreateGroupCommand } from "@aws-sdk/client-identitystore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE, startGatewaySandbox, type GatewaySandbox } from "../aws/testing";
import { buildInventory, classifyGroup, classifyUser, inventoryLines, readIdentitySourceInventory } from "./identity-source-inventory";

// Issue 13: before the identity source becomes Entra, every user and group already in the identity store, who made it,
// and what the switch does to it (seed 003: a user name that is not an e-mail address stops working; an e-mail-form
// one moves to Entra sign-in).
describe("classifying the identity store", () => {
  const user = (userName: string, externalIds: { issuer: string; id: string }[] = []) => ({ userId: `u-${userName}`, userName, externalIds });
  const group = (displayName: string, externalIds: { issuer: string; id: string }[] = []) => ({ groupId: `g-${displayName}`, displayName, externalIds });

  it("a console user whose user name is not an e-mail address stops working; an e-mail-form one moves to Entra sign-in", () => {
    expect(classifyUser(user("breakglass.admin"))).toMatchObject({
      origin: "console",
      effect: "stops-working",
      explanation: expect.stringMatching(/not an e-mail address/),
    });
    expect(classifyUser(user("sarah@contoso.com"))).toMatchObject({
      origin: "console",
      effect: "moves-to-entra",
      explanation: expect.stringMatching(/password and MFA stop working/),
    });
  });

  it("SCIM-made users and groups are kept; Control Tower's groups and admin user are named as such", () => {
    expect(classifyUser(user("jane.doe@contoso.com", [{ issuer: "SCIM", id: "e1" }]))).toMatchObject({ origin: "scim", effect: "kept" });
    expect(classifyGroup(group("Project Users", [{ issuer: "SCIM", id: "e2" }]))).toMatchObject({ origin: "scim", effect: "kept" });
    expect(classifyGroup(group("AWSControlTowerAdmins"))).toMatchObject({
      origin: "control-tower",
      effect: "kept",
      explanation: expect.stringMatching(/Control Tower expects it/),
    });
    expect(classifyGroup(group("Ops (made by hand)"))).toMatchObject({ origin: "console", effect: "kept" });
    expect(classifyUser(user("aws-management@contoso.example"), "AWS-Management@contoso.example")).toMatchObject({
      origin: "control-tower",
      effect: "moves-to-entra",
    });
  });

  it("summarises the counts and lists the users who stop working first", () => {
    const inventory = buildInventory([user("a@contoso.com"), user("breakglass.admin")], [group("AWSSecurityAuditors")]);
    expect(inventory.counts).toMatchObject({ console: 2, "control-tower": 1, "stops-working": 1, "moves-to-entra": 1, kept: 1 });
    const lines = inventoryLines(inventory);
    expect(lines[0]).toMatch(/2 users and 1 groups .* 1 users stop working, 1 move to Entra sign-in/);
    expect(lines[1]).toMatch(/^User breakglass\.admin \(console\): STOPS WORKING/);
    expect(inventoryLines(buildInventory([], []))).toEqual([expect.stringMatching(/empty/)]);
    expect(inventoryLines(buildInventory([user("a@b.co"), user("c@d.co"), user("e@f.co")], []), 2).at(-1)).toMatch(/and 1 more/);
  });
});

describe("reading the sandbox's identity store", () => {
  let s: GatewaySandbox;
  beforeAll(async () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
    s = await startGatewaySandbox();
  });
  afterAll(async () => s.close());

  it("finds the seeded console users, the Control Tower groups and a console-made group (before the switch SCIM cannot have made any)", async () => {
    await s.clients.ids.send(new CreateGroupCommand({ IdentityStoreId: FIXTURE.identityStoreId, DisplayName: "Made By Hand" }));
    const inventory = await readIdentitySourceInventory(s.clients, FIXTURE.identityStoreId);
    const byName = new Map([...inventory.users, ...inventory.groups].map((e) => [e.name, e]));
    expect(byName.get("breakglass.admin")).toMatchObject({ kind: "user", origin: "console", effect: "stops-working" });
    expect(byName.get("sarah.squatted@contoso-sandbox.onmicrosoft.com")).toMatchObject({ kind: "user", origin: "console", effect: "moves-to-entra" });
    expect(byName.get("AWSControlTowerAdmins")).toMatchObject({ kind: "group", origin: "control-tower", effect: "kept" });
    expect(byName.get("AWSSecurityAuditors")).toMatchObject({ kind: "group", origin: "control-tower" });
    expect(byName.get("Made By Hand")).toMatchObject({ kind: "group", origin: "console" });
    expect(inventoryLines(inventory).join("\n")).toMatch(/User breakglass\.admin \(console\): STOPS WORKING/);
  });
});
