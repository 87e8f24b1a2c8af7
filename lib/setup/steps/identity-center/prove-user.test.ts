import { beforeEach, describe, expect, it, vi } from "vitest";
import type * as ProvisionModule from "../../../entra/provision-on-demand";
import type { ProvisionOnDemandResult } from "../../../entra/provision-on-demand";
import type { SetupContext } from "../../context";

const provision = vi.fn<() => Promise<ProvisionOnDemandResult>>();
vi.mock("../../../entra/find-user", () => ({
  findUser: async () => ({ user: { id: "u-1", userPrincipalName: "jane.doe@contoso.example" } }),
}));
vi.mock("../../../entra/provision-on-demand", async (original) => ({
  ...(await original<typeof ProvisionModule>()),
  provisionOnDemand: () => provision(),
}));

const { proveUser } = await import("./prove-user");

const answer = (over: Partial<ProvisionOnDemandResult>): ProvisionOnDemandResult => ({
  result: "Success",
  outcome: "succeeded",
  status: "success",
  errorCode: null,
  errorMessage: null,
  action: "Create",
  steps: [],
  targetIdentity: null,
  modifiedProperties: [],
  ...over,
});
const duplicate = answer({
  result: "Failure",
  outcome: "failed",
  status: "failure",
  errorCode: "SystemForCrossDomainIdentityManagementConflict",
  errorMessage: "The target returned 409: Refused to create a new, duplicate resource.",
});

const context = () =>
  ({
    facts: { app: { applicationObjectId: "a", appId: "b", servicePrincipalId: "sp", displayName: "AWS" }, job: { jobId: "job" } },
    entra: async () => ({}),
    onProgress: vi.fn(),
  }) as unknown as SetupContext;

describe("prove-user", () => {
  beforeEach(() => {
    provision.mockReset();
    vi.useFakeTimers();
  });

  /** Runs the step with the waits between attempts skipped. */
  const run = async (c: SetupContext) => {
    const pending = proveUser.run!(c, { userPrincipalName: "jane.doe@contoso.example" });
    pending.catch(() => undefined);
    await vi.runAllTimersAsync();
    return pending;
  };

  // Seen in CI: the first cycle (started by the previous step) created the user while provision on demand did, and AWS
  // answered the on-demand export with 409; the step failed although a second attempt matches the user and succeeds.
  it("tries again when AWS calls the user a duplicate because a cycle is creating it", async () => {
    provision.mockResolvedValueOnce(duplicate).mockResolvedValueOnce(answer({ action: "Update" }));
    const c = context();
    const outcome = await run(c);
    expect(provision).toHaveBeenCalledTimes(2);
    expect(outcome.evidence.onDemand).toBe("Success (Update)");
    expect(c.onProgress).toHaveBeenCalledWith(
      expect.objectContaining({ waitingFor: expect.stringMatching(/AWS reported a duplicate.*trying again/), attempt: 1, left: "3 of 3 tries left" }),
    );
  });

  it("gives up after a few tries and says what AWS answered", async () => {
    provision.mockResolvedValue(duplicate);
    await expect(run(context())).rejects.toThrow(/failed: The target returned 409/);
    expect(provision).toHaveBeenCalledTimes(4);
  });

  it("does not retry a failure that is not a duplicate (a missing given name)", async () => {
    provision.mockResolvedValue(answer({ result: "Failure", outcome: "failed", errorCode: "AttributeValidationFailed", errorMessage: "missing givenName" }));
    await expect(run(context())).rejects.toThrow(/missing givenName/);
    expect(provision).toHaveBeenCalledTimes(1);
  });
});
