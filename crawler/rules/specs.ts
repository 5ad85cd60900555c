// The spec sentences the rules rest on, quoted (not paraphrased) from the XEP and RFC sources.
export interface SpecCitation {
  document: string;
  section: string;
  quote: string;
  url: string;
}

const xep = (n: string, anchor = "") => `https://xmpp.org/extensions/xep-${n}.html${anchor}`;

export const SPEC = {
  xep0030Identity: {
    document: "XEP-0030 Service Discovery 2.5.0",
    section: "§3.1",
    quote: "Every entity MUST have at least one identity, and every entity MUST support at least the 'http://jabber.org/protocol/disco#info' feature",
    url: xep("0030", "#info-basic"),
  },
  xep0030IdentityConflict: {
    document: "XEP-0030 Service Discovery 2.5.0",
    section: "§3.1",
    quote: "the <query/> element MUST NOT include multiple <identity/> elements with the same category+type+xml:lang but with different 'name' values",
    url: xep("0030", "#info-basic"),
  },
  xep0030InferFeature: {
    document: "XEP-0030 Service Discovery 2.5.0",
    section: "§3.1 (2.5.0)",
    quote: "Entities receiving otherwise valid responses which do not include this feature SHOULD infer the support.",
    url: xep("0030", "#info-basic"),
  },
  xep0030Items: {
    document: "XEP-0030 Service Discovery 2.5.0",
    section: "§6.2",
    quote: "a requesting entity SHOULD NOT send follow-up requests to all items … if the list of such items is long (e.g., more than twenty items)",
    url: xep("0030", "#items-nodes"),
  },
  xep0115IllFormed: {
    document: "XEP-0115 Entity Capabilities 1.6.0",
    section: "§5.4, step 3.3 and 3.4",
    quote:
      "If the response includes more than one service discovery identity with the same category/type/lang/name … [or] more than one service discovery feature with the same XML character data, consider the entire response to be ill-formed.",
    url: xep("0115", "#ver-proc"),
  },
  xep0115DuplicateForm: {
    document: "XEP-0115 Entity Capabilities 1.6.0",
    section: "§5.4, step 3.5",
    quote:
      "If the response includes more than one extended service discovery information form with the same FORM_TYPE or the FORM_TYPE field contains more than one <value/> element with different XML character data, consider the entire response to be ill-formed.",
    url: xep("0115", "#ver-proc"),
  },
  xep0157Should: {
    document: "XEP-0157 Contact Addresses for XMPP Services 1.1.1",
    section: "§3",
    quote:
      'a server SHOULD return in response to service discovery information ("disco#info") requests sent to the bare domain of the server. This information MUST be scoped using a FORM_TYPE of "http://jabber.org/network/serverinfo"',
    url: xep("0157", "#approach"),
  },
  xep0157Uris: {
    document: "XEP-0157 Contact Addresses for XMPP Services 1.1.1",
    section: "§3",
    quote:
      "Values of 'status-addresses' form field MUST be valid URIs, i.e. comply with the 'xs:anyURI' datatype of [XML Schema Part 2]. Values of the 'abuse-addresses', 'admin-addresses', 'feedback-addresses', 'sales-addresses', 'security-addresses' and 'support-addresses' SHOULD be valid URIs.",
    url: xep("0157", "#approach"),
  },
  xep0157Advertise: {
    document: "XEP-0157 Contact Addresses for XMPP Services 1.1.1",
    section: "§4",
    quote:
      "may advertise the service through a Mailto URI (see RFC 2368) of <mailto:xmpp@domain.tld> and through appropriate XMPP URIs (see RFC 5122) such as <xmpp:admins@domain.tld>",
    url: xep("0157", "#additional"),
  },
  xep0157Registry: {
    document: "XEP-0157 Contact Addresses for XMPP Services 1.1.1",
    section: "§7.1",
    quote:
      "registers seven list-multi fields: abuse-addresses, admin-addresses, feedback-addresses, sales-addresses, security-addresses, status-addresses and support-addresses",
    url: xep("0157", "#registrar-formtype"),
  },
  xep0128Result: {
    document: "XEP-0128 Service Discovery Extensions 1.0.1",
    section: "§2",
    quote:
      "contained within an <x/> element of type \"result\" qualified by the 'jabber:x:data' namespace; this <x/> element SHOULD be a child of the <query/> element",
    url: xep("0128", "#intro"),
  },
  xep0128Hidden: {
    document: "XEP-0128 Service Discovery Extensions 1.0.1",
    section: "§2",
    quote: "the field that specifies the FORM_TYPE … whose 'type' attribute has a value of \"hidden\"",
    url: xep("0128", "#intro"),
  },
  xep0068Hidden: {
    document: "XEP-0068 Field Standardization for Data Forms 1.3.0",
    section: "§4.3",
    quote: 'If the FORM_TYPE field is not hidden in a form with type="form" or type="result", it MUST be ignored as a context indicator.',
    url: xep("0068", "#approach-formtype"),
  },
  xep0068Registered: {
    document: "XEP-0068 Field Standardization for Data Forms 1.3.0",
    section: "§3.4",
    quote: "fields in an XSF FORM_TYPE MUST be registered … Fields from third parties MUST be namespaced using Clark notation",
    url: xep("0068", "#approach-fieldnames"),
  },
  xep0004Var: {
    document: "XEP-0004 Data Forms 2.13.2",
    section: "§3.2",
    quote: "var … uniquely identifies the field in the context of the form",
    url: xep("0004", "#protocol-field"),
  },
  xep0004Type: {
    document: "XEP-0004 Data Forms 2.13.2",
    section: "§3.2",
    quote:
      'For data forms of type "submit", "result" or "error", the recieving entity can infer the \'type\' attribute value from context. Nevertheless, the \'type\' attribute MAY be present',
    url: xep("0004", "#protocol-field"),
  },
  xep0004JidMulti: {
    document: "XEP-0004 Data Forms 2.13.2",
    section: "§3.3",
    quote: "jid fields MUST contain one or more valid Jabber IDs … duplicate JIDs MUST be ignored",
    url: xep("0004", "#protocol-fieldtypes"),
  },
  proto: {
    document: "XMPP Service Administrators (proto-XEP 0.0.1)",
    section: "§2.1",
    quote:
      'In order to discover whether a XMPP Service entity has an administrators list configured an entity MUST use Service Discovery (XEP-0030). … This information MUST be scoped using a FORM_TYPE of "http://jabber.org/network/serverinfo"',
    url: "https://xmpp.org/extensions/inbox/service-administrators.html",
  },
  protoJids: {
    document: "XMPP Service Administrators (proto-XEP 0.0.1)",
    section: "§2 and §5.1",
    quote:
      "The administrators are defined as a list of JIDs … <field var='administrators' type='list-multi' label='One or more JIDs listing the administrators of the service'/>",
    url: "https://xmpp.org/extensions/inbox/service-administrators.html",
  },
  protoOwners: {
    document: "XMPP Service Administrators (proto-XEP 0.0.1)",
    section: "§2.2",
    quote: "A Multi-User Chat (XEP-0045) Service should consider an administrator as having the same rights as an owner of all the managed rooms.",
    url: "https://xmpp.org/extensions/inbox/service-administrators.html",
  },
  protoPubsubOwners: {
    document: "XMPP Service Administrators (proto-XEP 0.0.1)",
    section: "§2.2",
    quote: "A Publish-Subscribe (XEP-0060) Service should consider an administrator as having the same rights as an owner of all the managed nodes.",
    url: "https://xmpp.org/extensions/inbox/service-administrators.html",
  },
  protoNotListed: {
    document: "XMPP Service Administrators (proto-XEP 0.0.1)",
    section: "§2.2",
    quote: "To prevent confusion an administrator SHOULD NOT be listed as owner of a room or a node.",
    url: "https://xmpp.org/extensions/inbox/service-administrators.html",
  },
  xep0045OwnerConfig: {
    document: "XEP-0045 Multi-User Chat 1.35.1",
    section: "§10.2",
    quote: "If the <user@host> of the 'from' address does not match the bare JID of a room owner, the service MUST return a <forbidden/> error to the sender.",
    url: xep("0045", "#roomconfig"),
  },
  xep0060ConfigureForbidden: {
    document: "XEP-0060 Publish-Subscribe 1.26.0",
    section: "§8.2.3",
    quote:
      "There are several reasons why the node configuration request might fail: … The requesting entity does not have sufficient privileges to configure the node.",
    url: xep("0060", "#owner-configure-error"),
  },
  rfc7622: {
    document: "RFC 7622 XMPP Address Format",
    section: "§3",
    quote:
      'jid = [ localpart "@" ] domainpart [ "/" resourcepart ] … each allowable portion of a JID … MUST NOT be zero octets in length and MUST NOT be more than 1023 octets in length',
    url: "https://www.rfc-editor.org/rfc/rfc7622#section-3",
  },
  rfc5122: {
    document: "RFC 5122 IRIs and URIs for XMPP",
    section: "§2.2",
    quote: 'xmppuri = "xmpp" ":" hierxmpp [ "?" querycomp ] [ "#" fragment ] … pathxmpp = [ nodeid "@" ] host [ "/" resid ]',
    url: "https://www.rfc-editor.org/rfc/rfc5122#section-2.2",
  },
  rfc6068: {
    document: "RFC 6068 The 'mailto' URI Scheme",
    section: "§2",
    quote: 'mailtoURI = "mailto:" [ to ] [ hfields ] … to = addr-spec *("," addr-spec )',
    url: "https://www.rfc-editor.org/rfc/rfc6068#section-2",
  },
  rfc3986: {
    document: "RFC 3986 URI Generic Syntax",
    section: "§3",
    quote: 'URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]',
    url: "https://www.rfc-editor.org/rfc/rfc3986#section-3",
  },
  rfc6120RemoteServerNotFound: {
    document: "RFC 6120 XMPP Core",
    section: "§8.3.3.16",
    quote: "The remote server or service specified as part or all of the JID of the intended recipient does not exist or cannot be resolved",
    url: "https://www.rfc-editor.org/rfc/rfc6120#section-8.3.3.16",
  },
  xep0045RoomInfo: {
    document: "XEP-0045 Multi-User Chat",
    section: "§6.4",
    quote:
      "Using the disco#info protocol, an entity may also query a specific chat room for more detailed information about the room. … The room MUST return its identity and SHOULD return the features it supports",
    url: xep("0045", "#disco-roominfo"),
  },
  xep0045MembersOnly: {
    document: "XEP-0045 Multi-User Chat",
    section: "§7.2.6",
    quote:
      "If the room is members-only but the user is not on the member list, the service MUST deny access to the room and inform the user that they are not allowed to enter the room",
    url: xep("0045", "#enter-members"),
  },
  rfc5321Fallback: {
    document: "RFC 5321 Simple Mail Transfer Protocol",
    section: "§5.1",
    quote:
      "If an empty list of MXs is returned, the address is treated as if it was associated with an implicit MX RR, with a preference of 0, pointing to that host.",
    url: "https://www.rfc-editor.org/rfc/rfc5321#section-5.1",
  },
  rfc5321Unusable: {
    document: "RFC 5321 Simple Mail Transfer Protocol",
    section: "§5.1",
    quote: "If MX records are present, but none of them are usable, or the implicit MX is unusable, this situation MUST be reported as an error.",
    url: "https://www.rfc-editor.org/rfc/rfc5321#section-5.1",
  },
  rfc5321MxAddress: {
    document: "RFC 5321 Simple Mail Transfer Protocol",
    section: "§5.1",
    quote:
      "That domain name, when queried, MUST return at least one address record (e.g., A or AAAA RR) that gives the IP address of the SMTP server to which the message should be directed.",
    url: "https://www.rfc-editor.org/rfc/rfc5321#section-5.1",
  },
  rfc6761Localhost: {
    document: "RFC 6761 Special-Use Domain Names",
    section: "§6.3",
    quote: 'The domain "localhost." and any names falling within ".localhost." are special in the following ways:',
    url: "https://www.rfc-editor.org/rfc/rfc6761#section-6.3",
  },
  rfc6761Example: {
    document: "RFC 6761 Special-Use Domain Names",
    section: "§6.5",
    quote: "Users SHOULD understand that example names are reserved for use in documentation.",
    url: "https://www.rfc-editor.org/rfc/rfc6761#section-6.5",
  },
  rfc6762Local: {
    document: "RFC 6762 Multicast DNS",
    section: "§3",
    quote:
      'Any DNS query for a name ending with ".local." MUST be sent to the mDNS IPv4 link-local multicast address 224.0.0.251 (or its IPv6 equivalent FF02::FB).',
    url: "https://www.rfc-editor.org/rfc/rfc6762#section-3",
  },
  rfc8375HomeArpa: {
    document: "RFC 8375 Special-Use Domain 'home.arpa.'",
    section: "Abstract",
    quote: "'home.arpa.' is designated for non-unique use in residential home networks.",
    url: "https://www.rfc-editor.org/rfc/rfc8375",
  },
  icannInternal: {
    document: "ICANN Board resolution 2024.07.29.06",
    section: "Reserving .INTERNAL for Private-Use Applications",
    quote: "the Board reserves .INTERNAL from delegation in the DNS root zone permanently to provide for its use in private-use applications.",
    url: "https://www.icann.org/en/board-activities-and-meetings/materials/approved-resolutions-special-meeting-of-the-icann-board-29-07-2024-en",
  },
  rfc6120Gone: {
    document: "RFC 6120 XMPP Core",
    section: "§8.3.3.5",
    quote:
      "The recipient or server can no longer be contacted at this address, typically on a permanent basis (as opposed to the <redirect/> error condition, which is used for temporary addressing failures).",
    url: "https://www.rfc-editor.org/rfc/rfc6120#section-8.3.3.5",
  },
  rfc7505NullMx: {
    document: 'RFC 7505 A "Null MX" No Service Resource Record for Domains That Accept No Mail',
    section: "§3",
    quote: "A domain that advertises a null MX MUST NOT advertise any other MX RR.",
    url: "https://www.rfc-editor.org/rfc/rfc7505#section-3",
  },
  rfc9110ClientError: {
    document: "RFC 9110 HTTP Semantics",
    section: "§15.5",
    quote: "The 4xx (Client Error) class of status code indicates that the client seems to have erred.",
    url: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5",
  },
  rfc9110ServerError: {
    document: "RFC 9110 HTTP Semantics",
    section: "§15.6",
    quote:
      "The 5xx (Server Error) class of status code indicates that the server is aware that it has erred or is incapable of performing the requested method.",
    url: "https://www.rfc-editor.org/rfc/rfc9110#section-15.6",
  },
  rfc9110Https: {
    document: "RFC 9110 HTTP Semantics",
    section: "§4.2.2",
    quote:
      'A client MUST ensure that its HTTP requests for an "https" resource are secured, prior to being communicated, and that it only accepts secured responses to those requests.',
    url: "https://www.rfc-editor.org/rfc/rfc9110#section-4.2.2",
  },
  rfc9116Contact: {
    document: "RFC 9116 A File Format to Aid in Security Vulnerability Disclosure",
    section: "§2.5.3",
    quote: 'This field MUST always be present in a "security.txt" file.',
    url: "https://www.rfc-editor.org/rfc/rfc9116#section-2.5.3",
  },
  rfc9116Expires: {
    document: "RFC 9116 A File Format to Aid in Security Vulnerability Disclosure",
    section: "§2.5.5",
    quote: "This field MUST always be present and MUST NOT appear more than once.",
    url: "https://www.rfc-editor.org/rfc/rfc9116#section-2.5.5",
  },
  operators: {
    document: "XMPP Operators Channel FAQ",
    section: "Who is authbot?",
    quote: "It performs a contact addresses (XEP-0157) query on servers and looks for a match with any of the returned XMPP addresses.",
    url: "https://xmpp.org/community/channels/operators/",
  },
} satisfies Record<string, SpecCitation>;
