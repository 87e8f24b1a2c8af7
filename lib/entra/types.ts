/** A directory user as the gateway returns it: the fields the checklist, lint and helpdesk need. */
export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  givenName: string | null;
  surname: string | null;
  displayName: string | null;
  accountEnabled: boolean | null;
  userType: "Member" | "Guest" | null;
  proxyAddresses: string[];
  otherMails: string[];
  department: string | null;
  jobTitle: string | null;
}

/** v1.0 returns a small default set; accountEnabled, userType, proxyAddresses… must be selected. */
export const USER_SELECT = "id,userPrincipalName,mail,givenName,surname,displayName,accountEnabled,userType,proxyAddresses,otherMails,department,jobTitle";

export interface GraphUserRow {
  id: string;
  userPrincipalName?: string | null;
  mail?: string | null;
  givenName?: string | null;
  surname?: string | null;
  displayName?: string | null;
  accountEnabled?: boolean | null;
  userType?: string | null;
  proxyAddresses?: string[] | null;
  otherMails?: string[] | null;
  department?: string | null;
  jobTitle?: string | null;
}

export function toDirectoryUser(row: GraphUserRow): DirectoryUser {
  return {
    id: row.id,
    userPrincipalName: row.userPrincipalName ?? "",
    mail: row.mail ?? null,
    givenName: row.givenName ?? null,
    surname: row.surname ?? null,
    displayName: row.displayName ?? null,
    accountEnabled: row.accountEnabled ?? null,
    userType: row.userType === "Guest" ? "Guest" : row.userType === "Member" ? "Member" : null,
    proxyAddresses: row.proxyAddresses ?? [],
    otherMails: row.otherMails ?? [],
    department: row.department ?? null,
    jobTitle: row.jobTitle ?? null,
  };
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
