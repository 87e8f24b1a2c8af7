import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ActionResult } from "@/lib/actions/result";
import { TokenRotation } from "./token-rotation-client";

const never = async (): Promise<ActionResult<unknown>> => ({ ok: false, formError: "not in this test" });
const render = (oldTokenPending: boolean) =>
  renderToStaticMarkup(<TokenRotation federationId="f" oldTokenPending={oldTokenPending} rotate={never} retire={never} generateScreen={null} deleteScreen={null} />);

describe("TokenRotation", () => {
  it("offers the paste form when no old token is pending", () => {
    const html = render(false);
    expect(html).toContain('aria-label="Rotate the SCIM access token"');
    expect(html).not.toContain("Start over with a new token");
  });

  it("while an old token is pending it still offers a way forward: start over with a new token, beside the confirm", () => {
    const html = render(true);
    // The paste form is folded away (stage 2 done) but never unreachable: the start-over path is on the page.
    expect(html).not.toContain('aria-label="Rotate the SCIM access token"');
    expect(html).toMatch(/<button type="button"[^>]*>Start over with a new token…<\/button>/);
    expect(html).toContain("Check: old token refused, new token accepted");
  });
});
