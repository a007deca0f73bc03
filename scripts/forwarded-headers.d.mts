import type { IncomingMessage } from 'node:http';

export function applyTrustedProxy(request: IncomingMessage, hops: number): void;
export function trustedProxyHops(value: string | undefined): number;
