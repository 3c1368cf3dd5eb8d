// Memory that request bodies may hold before their signature is verified, shared by all requests.
// The checks made from the headers (the home's access key, a fresh date) keep strangers out before
// any body is read; a request that passes them may still be forged or replayed, so until its body
// has been checked against the signature, its bytes come from this budget. Over it, a request waits
// unread (its body stays in the client and the kernel's socket buffers), then is told to retry.
//
// Two lanes, so that large uploads waiting their turn never hold up the small calls (listings,
// configuration, most invokes and log reads) that keep the explorer responsive.
import { REQUEST_BODY_MAX_BYTES } from '../../core/limits';

export interface UnverifiedBodyLimits {
  /** Bytes all large bodies may hold at once. */
  readonly largeBytes: number;
  /** Bytes all small bodies (up to SMALL_BODY_BYTES) may hold at once. */
  readonly smallBytes: number;
  /** How long a request waits for room before it is told to retry. */
  readonly waitMs: number;
}

export const SMALL_BODY_BYTES = 1024 * 1024;

export const DEFAULT_UNVERIFIED_BODY_LIMITS: UnverifiedBodyLimits = {
  // One CreateFunction of the largest zip, or several smaller uploads, at a time.
  largeBytes: REQUEST_BODY_MAX_BYTES,
  smallBytes: 16 * SMALL_BODY_BYTES,
  // Under the AWS CLI's 60-second read time-out, so that the CLI sees the throttling error (and
  // retries it) rather than a time-out of its own.
  waitMs: 20_000,
};

/** Gives back the bytes a reservation took; calling it again does nothing. */
export type Release = () => void;

export class UnverifiedBodyBudget {
  private readonly large: ByteLane;
  private readonly small: ByteLane;

  constructor(private readonly limits: UnverifiedBodyLimits = DEFAULT_UNVERIFIED_BODY_LIMITS) {
    this.large = new ByteLane(limits.largeBytes);
    this.small = new ByteLane(limits.smallBytes);
  }

  /** Room for a body of `bytes`, once there is some; undefined when none came within the wait. */
  reserve(bytes: number): Promise<Release | undefined> {
    if (bytes <= 0) return Promise.resolve(() => {});
    return (bytes <= SMALL_BODY_BYTES ? this.small : this.large).take(bytes, this.limits.waitMs);
  }
}

interface Waiter {
  readonly bytes: number;
  readonly grant: () => void;
}

/** A semaphore on bytes, first come first served. */
class ByteLane {
  private used = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly capacity: number) {}

  take(requested: number, waitMs: number): Promise<Release | undefined> {
    // A body larger than the lane still gets through, alone.
    const bytes = Math.min(requested, this.capacity);
    const release = this.releaser(bytes);
    if (this.queue.length === 0 && this.used + bytes <= this.capacity) {
      this.used += bytes;
      return Promise.resolve(release);
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        bytes,
        grant: () => {
          clearTimeout(timer);
          resolve(release);
        },
      };
      const timer = setTimeout(() => {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        this.grantWaiting(); // the head may have been the one that did not fit
        resolve(undefined);
      }, waitMs);
      timer.unref(); // a request still waiting when the endpoint stops must not keep the process up
      this.queue.push(waiter);
    });
  }

  private releaser(bytes: number): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= bytes;
      this.grantWaiting();
    };
  }

  private grantWaiting(): void {
    for (
      let next = this.queue[0];
      next && this.used + next.bytes <= this.capacity;
      next = this.queue[0]
    ) {
      this.queue.shift();
      this.used += next.bytes;
      next.grant();
    }
  }
}
