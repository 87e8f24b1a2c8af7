export const MD_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
export const DS_NS = "http://www.w3.org/2000/09/xmldsig#";
