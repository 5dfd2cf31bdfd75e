import type { JoinResource } from '../limits/join-gate';

export interface PortRange {
  min: number;
  max: number;
}

/**
 * The UDP ports media may use (`--udp-ports`), handed out one per peer connection. werift would search the range
 * itself, but every connection starts its search at the low end, and two gathering at once can pick the same free
 * port, after which the second bind fails and that connection has no candidate; so each connection is given a range
 * of exactly one port this pool holds for it until it closes.
 */
export class UdpPortPool implements JoinResource {
  private readonly free: number[] = [];
  private readonly taken = new Set<number>();

  constructor(readonly range: PortRange) {
    for (let port = range.min; port <= range.max; port++) this.free.push(port);
  }

  get available(): number {
    return this.free.length;
  }

  /** A port for one peer connection, or null when every port in the range is in use. */
  acquire(): number | null {
    // Oldest-released first, so a port is reused as late as possible after stray packets for its last holder.
    const port = this.free.shift();
    if (port === undefined) return null;
    this.taken.add(port);
    return port;
  }

  release(port: number): void {
    if (this.taken.delete(port)) this.free.push(port);
  }

  /** A participant needs two peer connections (one to publish, one to receive). */
  exhausted(): string | null {
    return this.free.length >= 2
      ? null
      : `this server's UDP ports for media (${this.range.min}-${this.range.max}) are all in use: try again later`;
  }
}
