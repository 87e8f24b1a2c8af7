import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConfirmBlock } from "./confirm-block";

const noop = () => undefined;

describe("ConfirmBlock", () => {
  it("sends confirm=yes with a submit button and a Cancel that does not submit", () => {
    const html = renderToStaticMarkup(
      <ConfirmBlock confirmLabel="Confirm: pause" isPending={false} onCancel={noop}>
        Pause provisioning.
      </ConfirmBlock>,
    );
    expect(html).toContain('<input type="hidden" name="confirm" value="yes"/>');
    expect(html).toMatch(/<button type="submit"[^>]*>Confirm: pause<\/button>/);
    expect(html).toMatch(/<button type="button"[^>]*>Cancel<\/button>/);
    expect(html).toContain("Pause provisioning.");
  });

  it("shows the pending label and disables the confirm button while the action runs, or when told to", () => {
    const pending = renderToStaticMarkup(
      <ConfirmBlock confirmLabel="Confirm: provision now" pendingLabel="Provisioning…" isPending onCancel={noop}>
        x
      </ConfirmBlock>,
    );
    expect(pending).toMatch(/<button type="submit" disabled=""[^>]*>Provisioning…<\/button>/);
    const blocked = renderToStaticMarkup(
      <ConfirmBlock confirmLabel="Confirm: restart" isPending={false} disabled onCancel={noop} tone="warn">
        x
      </ConfirmBlock>,
    );
    expect(blocked).toMatch(/<button type="submit" disabled=""[^>]*>Confirm: restart<\/button>/);
    expect(blocked).toContain("bg-amber-50");
  });
});
