import type { PageCollection } from "@microsoft/microsoft-graph-client";
import { afterEach, describe, expect, it } from "vitest";
import type { SandboxServer } from "../core/server";
import { SANDBOX } from "../fixtures";
import { CASES, GROUPS, STAFF, groupId } from "./seed";
import { AWS_USER_ROLE_ID } from "./templates";
import { admin, advance, apiForLink, appGraphClient, graphFailure as failure, startEntra } from "./testing";

let server: SandboxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("Graph: directory", () => {
  it("gets users by id or UPN (guest UPN with #EXT#), with the v1.0 default property set unless $select asks", async () => {
    server = await startEntra();
    const { client } = await appGraphClient(server);
    const jane = (await client.api(`/users/${CASES.healthy}`).get()) as Record<string, unknown>;
    expect(jane).toMatchObject({ userPrincipalName: CASES.healthy, givenName: "Jane", surname: "Doe" });
    expect(jane.accountEnabled).toBeUndefined();
    const byId = (await client.api(`/users/${String(jane.id)}`).select(["id", "accountEnabled", "userType"]).get()) as Record<string, unknown>;
    expect(byId).toMatchObject({ id: jane.id, accountEnabled: true, userType: "Member" });
    expect(byId.displayName).toBeUndefined();
    const guest = (await client.api(`/users/${encodeURIComponent(CASES.guest)}`).select(["userType", "mail"]).get()) as Record<string, unknown>;
    expect(guest).toMatchObject({ userType: "Guest", mail: "gary.guest@fabrikam.com" });
    const missing = await failure(client.api("/users/nobody@contoso-sandbox.onmicrosoft.com").get());
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe("Request_ResourceNotFound");
    expect(missing.requestId).toBeTruthy();
  });

  it("keeps the deleted case in the recycle bin: gone from /users, found in deletedItems by id or by its UPN's end (advanced query)", async () => {
    server = await startEntra();
    const { client } = await appGraphClient(server);
    expect((await failure(client.api(`/users/${CASES.deleted}`).get())).statusCode).toBe(404);
    const list = client.api("/directory/deletedItems/microsoft.graph.user").filter(`endswith(userPrincipalName,'${CASES.deleted}')`).query({ $count: "true" });
    expect((await failure(list.get())).statusCode).toBe(400);
    const found = (await client
      .api("/directory/deletedItems/microsoft.graph.user")
      .header("ConsistencyLevel", "eventual")
      .filter(`endswith(userPrincipalName,'${CASES.deleted}')`)
      .query({ $count: "true" })
      .get()) as { value: { id: string; userPrincipalName: string; deletedDateTime: string }[] };
    expect(found.value).toHaveLength(1);
    const [dan] = found.value;
    expect(dan?.userPrincipalName).toBe(`${dan?.id.replace(/-/g, "")}${CASES.deleted}`);
    expect(Date.parse(dan?.deletedDateTime ?? "")).toBeLessThan(Date.now());
    const byId = (await client.api(`/directory/deletedItems/${dan?.id ?? ""}`).get()) as { displayName: string };
    expect(byId.displayName).toBe("Dan Deleted");
    expect((await failure(client.api(`/directory/deletedItems/${groupId(GROUPS.projectUsers)}`).get())).statusCode).toBe(404);
    const members = (await client.api(`/groups/${groupId(GROUPS.projectUsers)}/members`).get()) as { value: { id: string }[] };
    expect(members.value.map((m) => m.id)).not.toContain(dan?.id);
  });

  it("filters on userPrincipalName, mail and startswith(displayName), pages with @odata.nextLink", async () => {
    server = await startEntra({ seed: { users: 250 } });
    const { client } = await appGraphClient(server);
    const byUpn = (await client.api("/users").filter(`userPrincipalName eq '${CASES.upnNotMail.toUpperCase()}'`).get()) as { value: Record<string, unknown>[] };
    expect(byUpn.value.map((u) => u.mail)).toEqual(["p.patel@contoso.com"]);
    const byMail = (await client.api("/users").filter("mail eq 'p.patel@contoso.com'").get()) as { value: Record<string, unknown>[] };
    expect(byMail.value.map((u) => u.userPrincipalName)).toEqual([CASES.upnNotMail]);
    const starts = (await client.api("/users").filter("startswith(displayName,'jos')").select("displayName").get()) as { value: Record<string, unknown>[] };
    expect(starts.value).toEqual([{ "@odata.type": "#microsoft.graph.user", displayName: "José García" }]);
    const proxies = (await client.api("/users").filter("proxyAddresses/any(x:x eq 'smtp:maria@contoso.com')").get()) as { value: Record<string, unknown>[] };
    expect(proxies.value.map((u) => u.userPrincipalName)).toEqual([CASES.proxyAddresses]);
    const bad = await failure(client.api("/users").filter("endswith(mail,'@contoso.com')").get());
    expect(bad.code).toBe("Request_UnsupportedQuery");

    const first = (await client.api("/users").top(100).select("id").get()) as PageCollection;
    expect(first.value).toHaveLength(100);
    expect(first["@odata.nextLink"]).toMatch(/\$skiptoken=/);
    const ids: string[] = (first.value as { id: string }[]).map((u) => u.id);
    let link = first["@odata.nextLink"];
    while (link) {
      const next = (await apiForLink(client, server, link).get()) as PageCollection;
      ids.push(...(next.value as { id: string }[]).map((u) => u.id));
      link = next["@odata.nextLink"];
    }
    const total = Number((await admin(server, "GET", "/_sandbox/state")).json.modules && ((await admin(server, "GET", "/_sandbox/state")).json.modules as Record<string, Record<string, number>>).entra?.users);
    expect(new Set(ids).size).toBe(total);
    expect(total).toBeGreaterThan(300);
    expect((await failure(client.api("/users").top(1000).get())).statusCode).toBe(400);
  });

  it("lists groups, members and transitiveMemberOf with nesting", async () => {
    server = await startEntra();
    const { client } = await appGraphClient(server);
    const nina = (await client.api(`/users/${CASES.nestedOnly}`).get()) as { id: string };
    const direct = (await client.api(`/users/${nina.id}/memberOf`).get()) as { value: { displayName: string }[] };
    expect(direct.value.map((g) => g.displayName)).toEqual([GROUPS.contractors]);
    const transitive = (await client.api(`/users/${nina.id}/transitiveMemberOf/microsoft.graph.group`).select(["id", "displayName"]).get()) as { value: { displayName: string }[] };
    expect(transitive.value.map((g) => g.displayName).sort()).toEqual([GROUPS.projectUsers, GROUPS.contractors].sort());
    const members = (await client.api(`/groups/${groupId(GROUPS.projectUsers)}/members`).top(999).get()) as { value: { "@odata.type": string; displayName: string }[] };
    expect(members.value.some((m) => m["@odata.type"] === "#microsoft.graph.group" && m.displayName === GROUPS.contractors)).toBe(true);
    const groups = (await client.api("/groups").filter(`displayName eq '${GROUPS.projectAdmins}'`).get()) as { value: { id: string }[] };
    expect(groups.value.map((g) => g.id)).toEqual([groupId(GROUPS.projectAdmins)]);
  });

  it("answers 403 Authorization_RequestDenied when the token lacks the permission", async () => {
    server = await startEntra();
    await admin(server, "POST", "/_sandbox/entra/permissions", { revoke: ["User.Read.All", "Directory.Read.All"] });
    const { client } = await appGraphClient(server);
    const denied = await failure(client.api("/users").get());
    expect(denied.statusCode).toBe(403);
    expect(denied.code).toBe("Authorization_RequestDenied");
    const logs = await failure(client.api("/auditLogs/provisioning").get());
    expect(logs.code).toBe("Authorization_RequestDenied");
    const noToken = await fetch(`${server.url}/graph/v1.0/users`);
    expect(noToken.status).toBe(401);
    expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe("InvalidAuthenticationToken");
  });

  it("rejects an expired token", async () => {
    server = await startEntra();
    const { client } = await appGraphClient(server);
    await client.api("/users").top(1).get();
    await advance(server, 2 * 3600_000);
    const expired = await failure(client.api("/users").top(1).get());
    expect(expired.statusCode).toBe(401);
    expect(expired.message).toContain("Lifetime validation failed");
  });

  it("retries a throttled call itself, honouring Retry-After (the SDK's RetryHandler)", async () => {
    server = await startEntra();
    const { client } = await appGraphClient(server);
    await admin(server, "POST", "/_sandbox/faults", { pathPrefix: "/graph/v1.0/users", throttleRetryAfterSeconds: 1, times: 1 });
    const started = Date.now();
    const res = (await client.api(`/users/${STAFF.admin}`).get()) as { userPrincipalName: string };
    expect(res.userPrincipalName).toBe(STAFF.admin);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const raw = await fetch(`${server.url}/graph/v1.0/users`, { headers: { authorization: "Bearer x" } });
    expect(raw.status).toBe(401);
    await admin(server, "POST", "/_sandbox/faults", { pathPrefix: "/graph", status: 503, times: 1 });
    const shaped = await fetch(`${server.url}/graph/v1.0/users`);
    expect(shaped.status).toBe(503);
    expect(((await shaped.json()) as { error: { code: string; innerError: Record<string, string> } }).error).toMatchObject({ code: "serviceNotAvailable", innerError: { "request-id": expect.any(String), date: expect.any(String) } });
  });
});

describe("Graph: applications", () => {
  it("lists and gets the gallery templates, including both AWS templates", async () => {
    server = await startEntra();
    const { client } = await appGraphClient(server);
    const byName = (await client.api("/applicationTemplates").filter("displayName eq 'AWS IAM Identity Center (successor to AWS Single Sign-On)'").get()) as { value: { id: string; supportedSingleSignOnModes: string[] }[] };
    expect(byName.value).toHaveLength(1);
    expect(byName.value[0]).toMatchObject({ id: SANDBOX.entra.templates.identityCenter, supportedSingleSignOnModes: ["saml", "external"] });
    const legacy = (await client.api(`/applicationTemplates/${SANDBOX.entra.templates.singleAccount}`).get()) as { displayName: string };
    expect(legacy.displayName).toBe("AWS Single-Account Access");
    const contains = (await client.api("/applicationTemplates").filter("contains(displayName,'AWS IAM Identity Center')").get()) as { value: unknown[] };
    expect(contains.value).toHaveLength(1);
  });

  it("instantiates with replication delay, then configures SAML fields and assignments", async () => {
    server = await startEntra();
    await admin(server, "POST", "/_sandbox/entra/config", { replicationDelayMs: 30_000 });
    const { client } = await appGraphClient(server);
    const made = (await client.api(`/applicationTemplates/${SANDBOX.entra.templates.identityCenter}/instantiate`).post({ displayName: "AWS IAM Identity Center - Test" })) as {
      application: { id: string; appId: string; identifierUris: string[]; web: { redirectUris: string[] }; appRoles: { id: string; displayName: string }[] };
      servicePrincipal: { id: string; appRoleAssignmentRequired: boolean; preferredSingleSignOnMode: string | null };
    };
    expect(made.servicePrincipal).toMatchObject({ appRoleAssignmentRequired: true, preferredSingleSignOnMode: null });
    expect(made.application.appRoles.map((r) => r.id).sort()).toEqual([AWS_USER_ROLE_ID, "e7f1a7f3-9eda-48e0-9963-bd67bf531afd"].sort());
    const spId = made.servicePrincipal.id;
    expect((await failure(client.api(`/servicePrincipals/${spId}`).get())).code).toBe("Request_ResourceNotFound");
    expect((await failure(client.api(`/applications/${made.application.id}`).get())).statusCode).toBe(404);
    await advance(server, 31_000);
    expect(((await client.api(`/servicePrincipals/${spId}`).get()) as { id: string }).id).toBe(spId);

    const acs = "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/abc";
    const entity = "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-9067c1a2b3";
    const early = await failure(client.api(`/applications/${made.application.id}`).patch({ identifierUris: [entity] }));
    expect(early.code).toBe("HostNameNotOnVerifiedDomain");
    await client.api(`/servicePrincipals/${spId}`).patch({ preferredSingleSignOnMode: "saml" });
    await client.api(`/applications/${made.application.id}`).patch({ identifierUris: [entity], web: { redirectUris: [acs] } });
    await client.api(`/servicePrincipals/${spId}`).patch({ loginUrl: "https://d-9067c1a2b3.awsapps.com/start", samlSingleSignOnSettings: { relayState: "/console" }, notificationEmailAddresses: ["cloud-team@contoso.com"] });
    const app = (await client.api(`/applications(appId='${made.application.appId}')`).get()) as { identifierUris: string[]; web: { redirectUris: string[] } };
    expect(app).toMatchObject({ identifierUris: [entity], web: { redirectUris: [acs] } });
    const sp = (await client.api(`/servicePrincipals/${spId}`).select(["preferredSingleSignOnMode", "loginUrl", "samlSingleSignOnSettings", "notificationEmailAddresses"]).get()) as Record<string, unknown>;
    expect(sp).toEqual({ "@odata.context": expect.any(String), preferredSingleSignOnMode: "saml", loginUrl: "https://d-9067c1a2b3.awsapps.com/start", samlSingleSignOnSettings: { relayState: "/console" }, notificationEmailAddresses: ["cloud-team@contoso.com"] });
    const listed = (await client.api("/servicePrincipals").filter(`appId eq '${made.application.appId}'`).get()) as { value: unknown[] };
    expect(listed.value).toHaveLength(1);

    const group = groupId(GROUPS.projectUsers);
    const assignment = (await client.api(`/servicePrincipals/${spId}/appRoleAssignedTo`).post({ principalId: group, resourceId: spId, appRoleId: AWS_USER_ROLE_ID })) as { id: string; principalType: string };
    expect(assignment.principalType).toBe("Group");
    const dup = await failure(client.api(`/servicePrincipals/${spId}/appRoleAssignedTo`).post({ principalId: group, resourceId: spId, appRoleId: AWS_USER_ROLE_ID }));
    expect(dup.statusCode).toBe(400);
    const badRole = await failure(client.api(`/servicePrincipals/${spId}/appRoleAssignedTo`).post({ principalId: group, resourceId: spId, appRoleId: "11111111-1111-1111-1111-111111111111" }));
    expect(badRole.statusCode).toBe(400);
    const jane = (await client.api(`/users/${CASES.healthy}`).get()) as { id: string };
    const janes = (await client.api(`/users/${jane.id}/appRoleAssignments`).filter(`resourceId eq ${spId}`).get()) as { value: { principalId: string }[] };
    expect(janes.value.map((a) => a.principalId)).toEqual([group]);
    const nina = (await client.api(`/users/${CASES.nestedOnly}`).get()) as { id: string };
    expect(((await client.api(`/users/${nina.id}/appRoleAssignments`).filter(`resourceId eq ${spId}`).get()) as { value: unknown[] }).value).toEqual([]);
    await client.api(`/servicePrincipals/${spId}/appRoleAssignedTo/${assignment.id}`).delete();
    expect(((await client.api(`/servicePrincipals/${spId}/appRoleAssignedTo`).get()) as { value: unknown[] }).value).toEqual([]);
  });
});
