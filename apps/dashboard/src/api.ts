/**
 * @module api
 * The one API client of the dashboard (`@fl/api-client`, fetch-based): the
 * coordinator's own origin, and the HttpOnly session cookie instead of a
 * token (auth/sessions.service: the browser never holds the token after
 * login, and the socket handshake carries the cookie too).
 */
import { ApiClient } from '@fl/api-client';

export const api = new ApiClient({ baseUrl: location.origin, credentials: 'same-origin' });
