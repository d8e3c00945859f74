/** How one simulated user proves who it is. */
export type UserAuth =
  | { kind: 'jwt'; secret: string; issuer?: string }
  | { kind: 'static'; token: string }
  | { kind: 'ticket'; secret: string; issuer?: string; ticketPath?: string }
  /** No credential at all (auth probes). */
  | { kind: 'none' };

/** How the token reaches the server on connect. */
export type TokenTransport = 'subprotocol' | 'header' | 'query';
