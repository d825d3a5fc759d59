/**
 * @module zero-mask-transport
 * The Node WebSocket transport of engine.io-client with an all-zero frame
 * mask, which `ws` recognises on both ends and skips: no 4 MB copy-and-XOR per
 * upload on the client, no unmasking pass on the coordinator.
 *
 * RFC 6455 §5.3 asks clients for unpredictable masks so that script running
 * in a *browser* cannot choose the bytes an intermediary sees (cache
 * poisoning, Huang et al., "Talking to Yourself for Fun and Profit", 2011).
 * An edge client is not a browser and sends only protocol frames it builds
 * itself, so that threat does not apply; use TLS (`https://`) against any
 * untrusted network path. The dashboard (a browser) keeps normal masking.
 */
import { NodeWebSocket } from 'engine.io-client';

type CreateSocket = NodeWebSocket['createSocket'];

export class ZeroMaskWebSocket extends NodeWebSocket {
  override createSocket(...[uri, protocols, opts]: Parameters<CreateSocket>): ReturnType<CreateSocket> {
    return super.createSocket(uri, protocols, { ...opts, generateMask: (mask: Uint8Array) => mask.fill(0) });
  }
}
