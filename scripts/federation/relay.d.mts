import type net from "node:net";

export function forward(from: net.Socket, to: net.Socket, delayMs?: number): void;
export function closeWith(from: net.Socket, to: net.Socket, delayMs?: number): void;
export function relayTo(target: { host: string; port: number }, wire?: (client: net.Socket, upstream: net.Socket) => void): net.Server;
export interface TrackedListener {
  port: number;
  /** Cuts every connection at once, as a dropped link would; the listener goes on accepting. */
  cut(): void;
  close(): Promise<void>;
}
export function listenTracked(server: net.Server, address: string, port?: number): Promise<TrackedListener>;
