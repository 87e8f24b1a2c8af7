import { AreaLoading } from "@/components/shell/area-states";

export default function Loading() {
  return <AreaLoading href="/access" />;
}
