import { AreaMissing } from "@/components/shell/area-states";

export default function NotFound() {
  return <AreaMissing href="/provisioning" />;
}
