/**
 * Turns still waiting in the generate lane, by session, so that Cancel reaches them too:
 * a cancelled waiting turn leaves the queue and never reaches the model.
 */
export class QueuedTurns {
  private readonly bySession = new Map<string, Set<() => void>>();

  /** Registers a waiting turn's cancel; the returned function unregisters it (it started or left). */
  add(sessionId: string, cancel: () => void): () => void {
    let set = this.bySession.get(sessionId);
    if (!set) this.bySession.set(sessionId, (set = new Set()));
    set.add(cancel);
    return () => {
      set.delete(cancel);
      if (set.size === 0 && this.bySession.get(sessionId) === set) this.bySession.delete(sessionId);
    };
  }

  /** Cancels every waiting turn of the session; how many there were. */
  cancel(sessionId: string): number {
    const set = this.bySession.get(sessionId);
    if (!set) return 0;
    this.bySession.delete(sessionId);
    for (const cancel of set) cancel();
    return set.size;
  }
}
