import type { ComponentProps, ReactNode } from "react";
import { AzurePortalFrame, type EnterpriseAppMenuItem } from "./azure-portal-frame";
import { AwsAppIcon } from "./glyph";
import { V } from "./shown";
import type { FilledValues } from "./values";

type FrameProps = ComponentProps<typeof AzurePortalFrame>;

/** An Azure portal blade of the enterprise application: breadcrumb, the app's name and icon, its left menu. */
export function EnterpriseAppBlade({
  f,
  menu,
  section,
  crumbs = [],
  ...rest
}: {
  f: FilledValues;
  menu: EnterpriseAppMenuItem;
  section?: string;
  /** Breadcrumb entries after the app's name. */
  crumbs?: string[];
  label: string;
  caption?: ReactNode;
  toolbar?: FrameProps["toolbar"];
  panel?: FrameProps["panel"];
  title?: ReactNode;
  children: ReactNode;
}) {
  return (
    <AzurePortalFrame
      tenantDomain={f.tenantDomain.known ? f.tenantDomain.text : undefined}
      breadcrumb={["Home", "Enterprise applications | All applications", <V key="app" s={f.appDisplayName} />, ...crumbs]}
      title={<V s={f.appDisplayName} />}
      section={section ?? (rest.title === undefined ? menu : undefined)}
      subtitle="Enterprise Application"
      icon={<AwsAppIcon className="mt-0.5" />}
      menu={menu}
      {...rest}
    />
  );
}
