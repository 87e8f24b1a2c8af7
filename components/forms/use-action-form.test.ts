import { describe, expect, it } from "vitest";
import { CONNECTION_LOST, settle } from "./use-action-form";

describe("settle", () => {
  it("passes the action's own result through", async () => {
    const result = await settle(async () => ({ ok: true as const, data: 1 }), null, new FormData());
    expect(result).toEqual({ ok: true, data: 1 });
  });

  // Bug: the server killed during step 2 made the open tab say "Nothing was changed" although the app existed.
  it("turns a call that never answered into a failure that does not claim nothing changed", async () => {
    const result = await settle(
      async () => {
        throw new TypeError("Failed to fetch");
      },
      null,
      new FormData(),
    );
    expect(result).toEqual({ ok: false, formError: CONNECTION_LOST });
    expect(CONNECTION_LOST).not.toMatch(/nothing was changed/i);
  });

  it("lets Next.js redirects through", async () => {
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/sign-in;307;" });
    await expect(
      settle(
        async () => {
          throw redirect;
        },
        null,
        new FormData(),
      ),
    ).rejects.toBe(redirect);
  });
});
