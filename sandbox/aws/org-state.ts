/** The sandbox organization: its management account, root, organizational units and member accounts. */

export interface OrgAccount {
  id: string;
  name: string;
  email: string;
  parentId: string;
  joinedMethod: "INVITED" | "CREATED";
  joinedAt: number;
}

export interface OrgUnit {
  id: string;
  name: string;
  parentId: string;
}

export interface OrgState {
  organizationId: string;
  managementAccountId: string;
  managementEmail: string;
  rootId: string;
  accounts: OrgAccount[];
  ous: OrgUnit[];
  /** How many accounts the sandbox has generated so far (seed and admin routes): the next id and name follow from it. */
  generatedAccounts: number;
}
