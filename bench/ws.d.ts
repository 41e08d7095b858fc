// The part of ws's API the bench uses (bench/heap.ts): a WebSocket client for the DevTools protocol.
declare module "ws" {
  import { EventEmitter } from "node:events";
  export default class WebSocket extends EventEmitter {
    constructor(address: string);
    send(data: string): void;
    close(): void;
    on(event: "message", listener: (data: Buffer) => void): this;
    on(event: "close", listener: () => void): this;
    once(event: "open", listener: () => void): this;
    once(event: "error", listener: (error: Error) => void): this;
  }
}
