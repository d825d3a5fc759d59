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
 */
export const PROTOCOL_VERSION = 3 as const;

/** Socket.io path used by the coordinator for edge clients. */
export const SOCKET_PATH = '/fl' as const;
/** Socket.io namespace for admin (dashboard) live updates. */
export const ADMIN_NAMESPACE = '/admin' as const;
