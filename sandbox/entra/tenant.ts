import { SANDBOX } from "../fixtures";

/** The sandbox tenant and the Graph resource it issues tokens for: constants every Entra module may import. */
export const TENANT_ID = SANDBOX.entra.tenantId;
export const GRAPH_RESOURCE_APP_ID = "00000003-0000-0000-c000-000000000000";
export const GRAPH_RESOURCE = "https://graph.microsoft.com";
