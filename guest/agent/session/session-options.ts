import { A3sError, ErrorCodes } from "../../../common/errors";
import type { SessionOptions } from "../../../common/session";
import { PROVIDER_NAMES, isProviderName, thinkingProblem } from "../../../common/providers";
import { checkSkillFilter } from "../../../common/skill-filter";
import type { Workspace } from "../tools/workspace";
import { statSync } from "node:fs";

/** Checks options from a caller; throws INVALID_ARGUMENT naming the bad field. */
export function validateSessionOptions(options: SessionOptions, workspace: Workspace): void {
  if (options.model) {
    if (!isProviderName(options.model.provider)) {
      throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `model.provider "${options.model.provider}" is not one of ${PROVIDER_NAMES.join(", ")}`);
    }
    if (!options.model.name) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "model.name is empty");
    const problem = options.thinking ? thinkingProblem(options.model.provider, options.model.name) : undefined;
    if (problem) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, problem);
  }
  if (options.cwd !== undefined && options.cwd !== "") {
    const path = workspace.resolve(options.cwd);
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `cwd "${options.cwd}" is not a folder in the workspace`);
  }
  if (options.maxSteps !== undefined && options.maxSteps < 1) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "maxSteps must be at least 1");
  }
  if (options.skillFilter) checkSkillFilter(options.skillFilter);
}
