import type { ClaimValue } from './signUserToken.ts';

/** How one simulated user proves who it is. */
export type UserAuth =
  | { kind: 'jwt'; secret: string; issuer?: string; claims?: Readonly<Record<string, ClaimValue>> }
  | { kind: 'static'; token: string }
  | {
      kind: 'ticket';
      secret: string;
      issuer?: string;
      claims?: Readonly<Record<string, ClaimValue>>;
      ticketPath?: string;
    }
  /** No credential at all (auth probes). */
  | { kind: 'none' };

/** How the token reaches the server on connect. */
export type TokenTransport = 'subprotocol' | 'header' | 'query';
