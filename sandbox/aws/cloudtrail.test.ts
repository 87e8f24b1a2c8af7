import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX } from "../fixtures";
import { recordCloudTrailEvent } from "./cloudtrail";
import { clientConfig, errorOf, startAws, type AwsSandbox } from "./testing";

let s: AwsSandbox | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

function seedEvents(sandbox: AwsSandbox, count: number, start: number) {
  const state = sandbox.module.state();
  for (let i = 0; i < count; i++) {
    const ok = i % 3 !== 0;
    recordCloudTrailEvent(state, {
      eventName: ok ? "UserAuthentication" : "ExternalIdPDirectoryLogin",
      eventSource: "signin.amazonaws.com",
      eventType: ok ? "AwsServiceEvent" : "AwsConsoleSignIn",
      eventTime: start + i * 1000,
      username: `user${i % 2}@contoso-sandbox.onmicrosoft.com`,
      userIdentity: { type: "IdentityCenterUser", accountId: state.accountId },
      ...(ok ? { serviceEventDetails: { UserAuthentication: "Success" } } : { errorMessage: "sandbox failure", responseElements: { ExternalIdPDirectoryLogin: "Failure" } }),
    });
  }
}

const client = (sandbox: AwsSandbox, region: string = SANDBOX.aws.region) => new CloudTrailClient({ ...clientConfig(`${sandbox.server.url}/aws`), region });

describe("CloudTrail LookupEvents with the real SDK client", () => {
  it("filters by one lookup attribute and a time range, newest first, and pages with NextToken", async () => {
    s = await startAws();
    await s.admin("POST", "/settings", { rateLimits: { cloudtrail: null } });
    const now = Date.now();
    seedEvents(s, 12, now - 60_000);
    const ct = client(s);
    const byName = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "UserAuthentication" }], MaxResults: 5 }));
    expect(byName.Events).toHaveLength(5);
    expect(byName.Events?.every((e) => e.EventName === "UserAuthentication")).toBe(true);
    const times = byName.Events?.map((e) => e.EventTime?.getTime() ?? 0) ?? [];
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(byName.NextToken).toBeTruthy();
    const rest = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "UserAuthentication" }], MaxResults: 5, NextToken: byName.NextToken }));
    expect(rest.Events).toHaveLength(3);
    expect(rest.NextToken).toBeUndefined();
    const detail = JSON.parse(rest.Events?.[0]?.CloudTrailEvent ?? "{}") as Record<string, unknown>;
    expect(detail).toMatchObject({ eventSource: "signin.amazonaws.com", eventName: "UserAuthentication", serviceEventDetails: { UserAuthentication: "Success" }, awsRegion: SANDBOX.aws.region });

    const byUser = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "user1@contoso-sandbox.onmicrosoft.com" }] }));
    expect(byUser.Events).toHaveLength(6);
    const windowed = await ct.send(new LookupEventsCommand({ StartTime: new Date(now - 60_000 + 10_000), EndTime: new Date(now - 60_000 + 11_000) }));
    expect(windowed.Events?.map((e) => e.EventTime?.getTime())).toEqual([now - 49_000, now - 50_000]);
    const bySource = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: "sso.amazonaws.com" }] }));
    expect(bySource.Events).toEqual([]);
    // Event history is per Region.
    expect((await client(s, "ap-southeast-2").send(new LookupEventsCommand({}))).Events).toEqual([]);
  });

  it("keeps each account's event history apart: a member account's events only with that account's credentials", async () => {
    s = await startAws();
    await s.admin("POST", "/settings", { rateLimits: { cloudtrail: null } });
    const member = SANDBOX.aws.memberAccountIds[0] ?? "";
    const state = s.module.state();
    recordCloudTrailEvent(state, { accountId: member, eventName: "AssumeRoleWithSAML", eventSource: "sts.amazonaws.com", eventType: "AwsApiCall", eventTime: Date.now() - 1000, userIdentity: { type: "SAMLUser" } });
    expect((await client(s).send(new LookupEventsCommand({}))).Events).toEqual([]);
    const assumed = await s.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: "portal" }));
    const c = assumed.Credentials;
    const asMember = new CloudTrailClient({
      ...clientConfig(`${s.server.url}/aws`),
      credentials: { accessKeyId: c?.AccessKeyId ?? "", secretAccessKey: c?.SecretAccessKey ?? "", sessionToken: c?.SessionToken },
    });
    const events = (await asMember.send(new LookupEventsCommand({}))).Events ?? [];
    expect(events.map((e) => e.EventName)).toEqual(["AssumeRoleWithSAML"]);
    expect(JSON.parse(events[0]?.CloudTrailEvent ?? "{}")).toMatchObject({ recipientAccountId: member });
    asMember.destroy();
  });

  it("refuses what AWS refuses: two attributes, MaxResults over 50, a reversed range, a token from other parameters", async () => {
    s = await startAws();
    seedEvents(s, 4, Date.now() - 10_000);
    await s.admin("POST", "/settings", { rateLimits: { cloudtrail: null } });
    const ct = client(s);
    const two = await errorOf(ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "a" }, { AttributeKey: "Username", AttributeValue: "b" }] })));
    expect(two.name).toBe("InvalidLookupAttributesException");
    expect((await errorOf(ct.send(new LookupEventsCommand({ MaxResults: 51 })))).name).toBe("InvalidMaxResultsException");
    expect((await errorOf(ct.send(new LookupEventsCommand({ StartTime: new Date(2000), EndTime: new Date(1000) })))).name).toBe("InvalidTimeRangeException");
    const first = await ct.send(new LookupEventsCommand({ MaxResults: 1 }));
    const mismatched = await errorOf(ct.send(new LookupEventsCommand({ MaxResults: 1, NextToken: first.NextToken, LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "UserAuthentication" }] })));
    expect(mismatched.name).toBe("InvalidNextTokenException");
  });

  it("serves events written through the console fixture", async () => {
    s = await startAws();
    const made = await s.admin("POST", "/cloudtrail/events", { eventName: "ExternalIdPDirectoryLogin", eventType: "AwsConsoleSignIn", username: "a@b.c", errorMessage: "boom", responseElements: { ExternalIdPDirectoryLogin: "Failure" } });
    expect(made.status).toBe(201);
    expect((await s.admin("POST", "/cloudtrail/events", {})).status).toBe(400);
    const found = await client(s).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "a@b.c" }] }));
    expect(found.Events).toHaveLength(1);
    expect(JSON.parse(found.Events?.[0]?.CloudTrailEvent ?? "{}")).toMatchObject({ errorMessage: "boom", eventType: "AwsConsoleSignIn", responseElements: { ExternalIdPDirectoryLogin: "Failure" } });
  });

  it("allows 2 requests per second per account and Region, then answers ThrottlingException", async () => {
    s = await startAws();
    const ct = client(s);
    await ct.send(new LookupEventsCommand({}));
    await ct.send(new LookupEventsCommand({}));
    const third = await errorOf(ct.send(new LookupEventsCommand({})));
    expect(third.name).toBe("ThrottlingException");
    // Another Region has its own budget.
    await client(s, "ap-southeast-2").send(new LookupEventsCommand({}));
    await s.advance(1000);
    await ct.send(new LookupEventsCommand({}));
  });
});
