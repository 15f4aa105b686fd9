import type { AuditEntry } from "../../common/audit";
import { NO_SPEND, addSpend, type Spend } from "../../common/spend";

/** What a box's model requests spent, by its audit log's gateway lines (the cost its gateway's prices gave). */
export function auditSpend(entries: readonly AuditEntry[]): Spend {
  let spend = NO_SPEND;
  for (const entry of entries) {
    if (entry.event === "gateway" && !entry.refused) spend = addSpend(spend, entry, entry.costUsd);
  }
  return spend;
}
