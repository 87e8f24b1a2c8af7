import type { ComponentProps } from "react";
import { AwsAccessTokensScreen } from "@/components/console/aws-identity-center-screens";
import { Card } from "@/components/ui/card";
import type { RotationStatus } from "@/lib/setup/rotate-scim-token";
import { TokenRotation } from "./token-rotation-client";

type ConsoleValues = ComponentProps<typeof AwsAccessTokensScreen>["values"];
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");

/** The SCIM token rotation with the two AWS console pictures it needs: generate the new token, delete the old one. */
export function TokenRotationCard<R, C>({
  federationId,
  rotation,
  consoleValues,
  rotate,
  retire,
}: {
  federationId: string;
  rotation: RotationStatus;
  consoleValues: ConsoleValues;
  rotate: ComponentProps<typeof TokenRotation<R, C>>["rotate"];
  retire: ComponentProps<typeof TokenRotation<R, C>>["retire"];
}) {
  const currentToken = { created: day(rotation.tokenCreatedAt), expires: day(rotation.tokenExpiresAt), current: true };
  const oldToken = { created: "(earlier)", expires: "(sooner)", current: false };
  return (
    <div id="rotate-token">
      <Card
        title="Rotate the SCIM access token"
        description="AWS tokens last one year and cannot be generated through an API: you generate the new one in the AWS console, the portal does the rest and checks each step."
      >
        <TokenRotation
          federationId={federationId}
          oldTokenPending={rotation.oldTokenPending}
          rotate={rotate}
          retire={retire}
          generateScreen={<AwsAccessTokensScreen values={consoleValues} highlight="generate" tokens={[currentToken]} />}
          deleteScreen={<AwsAccessTokensScreen values={consoleValues} highlight="delete" tokens={[{ ...oldToken }, { ...currentToken }]} />}
        />
      </Card>
    </div>
  );
}
