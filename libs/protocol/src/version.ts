/**
 * @module version
 * Protocol version. A client whose major version differs is refused at
 * registration with `PROTOCOL_VERSION`. A breaking change adds a `V2` event
 * beside the old one instead of changing it in place.
 */
/**
 * 2: challenge-response authentication and enrollment tokens (`client:hello`, signed `client:register`).
 * 3: secure aggregation blame (docs/secure-aggregation.md "Blame"): signed share ciphertexts (the
 *    coordinator refuses unsigned ones in the active model) and complaints at masked-input.
 * 4: per-pair share-encryption keys (docs/secure-aggregation.md "Blame"): advertise-keys carries one
 *    c_{u,v}^PK per neighbour (`cTo`, `cPks`) instead of one c^PK, and a complaint reveals one
 *    per-pair key per accused (`cSks`) instead of the whole c^SK.
 */
export const PROTOCOL_VERSION = 4 as const;

/** Socket.io path used by the coordinator for edge clients. */
export const SOCKET_PATH = '/fl' as const;
/** Socket.io namespace for admin (dashboard) live updates. */
export const ADMIN_NAMESPACE = '/admin' as const;
