/** The gRPC face of the ControlPlane (and of policy changes to the service's sessions): each handler only converts wire types. */
import { policyFromWire, type ConfirmationAnswer } from "../../../common/session";
import type { AgentServiceHandlers } from "../../../common/generated/a3s/box/v1/AgentService";
import * as grpc from "@grpc/grpc-js";
import { toServiceError } from "../../../common/node/grpc-status";
import { checkToken, unary } from "../grpc-adapter";
import type { AgentService } from "../agent-service";
import { parsePolicy } from "../policy/evaluate";
import type { ControlPlane } from "./control-plane";

export function createControlHandlers(control: ControlPlane, service: AgentService, token: string | undefined): Partial<AgentServiceHandlers> {
  return {
    SetPermissionPolicy: unary(token, async (req) => {
      const policy = policyFromWire(req.policy) ?? {};
      parsePolicy(policy);
      await service.configure(req.sessionId, { permissionPolicy: policy });
      return {};
    }),
    RespondToConfirmation: unary(token, (req) => {
      const answer: ConfirmationAnswer = {
        decision: req.decision as ConfirmationAnswer["decision"],
        ...(req.remember ? { remember: req.remember as NonNullable<ConfirmationAnswer["remember"]> } : {}),
        ...(req.message ? { message: req.message } : {}),
      };
      control.respondToConfirmation(req.sessionId, req.requestId, answer);
      return {};
    }),
    // Written out rather than through serverStream: the client learns from the headers
    // sent here that its subscription is in place.
    WatchHooks: (call) => {
      let stop: () => void;
      try {
        checkToken(call.metadata, token);
        stop = control.watchHooks(call.request.events, (invocation) => call.write(invocation));
      } catch (err) {
        call.emit("error", toServiceError(err));
        return;
      }
      call.on("cancelled", () => stop());
      call.sendMetadata(new grpc.Metadata());
    },
    RespondToHook: unary(token, (req) => {
      control.respondToHook(req.invocationId, req.resultJson);
      return {};
    }),
    LoadSkill: unary(token, (req) => control.loadSkill(req.name, req.content)),
    UnloadSkill: unary(token, async (req) => {
      await control.unloadSkill(req.name);
      return {};
    }),
    ListSkills: unary(token, () => {
      const { skills, tools } = control.listSkills();
      return { skills, tools: tools.map(({ parameters, ...t }) => ({ ...t, parametersJson: JSON.stringify(parameters) })) };
    }),
  };
}
