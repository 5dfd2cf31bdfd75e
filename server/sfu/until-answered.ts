/**
 * Subscriber-side changes that take effect only once the client has answered an offer made after them: a change
 * queued while an offer is in flight waits for the next one, since that answer says nothing about it.
 */
export class UntilAnswered<T> {
  private readonly queued: T[] = [];
  private readonly inOffer: T[] = [];

  add(item: T): void {
    this.queued.push(item);
  }

  /** An offer is going out: everything queued so far is in it. */
  offered(): void {
    this.inOffer.push(...this.queued.splice(0));
  }

  /** The answer to that offer is in: what it covered, now in effect. */
  answered(): T[] {
    return this.inOffer.splice(0);
  }
}
