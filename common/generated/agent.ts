import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AgentServiceClient as _a3s_box_v1_AgentServiceClient, AgentServiceDefinition as _a3s_box_v1_AgentServiceDefinition } from './a3s/box/v1/AgentService';
import type { CancelResponse as _a3s_box_v1_CancelResponse, CancelResponse__Output as _a3s_box_v1_CancelResponse__Output } from './a3s/box/v1/CancelResponse';
import type { Chunk as _a3s_box_v1_Chunk, Chunk__Output as _a3s_box_v1_Chunk__Output } from './a3s/box/v1/Chunk';
import type { CompactResponse as _a3s_box_v1_CompactResponse, CompactResponse__Output as _a3s_box_v1_CompactResponse__Output } from './a3s/box/v1/CompactResponse';
import type { ConfigureRequest as _a3s_box_v1_ConfigureRequest, ConfigureRequest__Output as _a3s_box_v1_ConfigureRequest__Output } from './a3s/box/v1/ConfigureRequest';
import type { ConfirmationAnswer as _a3s_box_v1_ConfirmationAnswer, ConfirmationAnswer__Output as _a3s_box_v1_ConfirmationAnswer__Output } from './a3s/box/v1/ConfirmationAnswer';
import type { ConfirmationRequest as _a3s_box_v1_ConfirmationRequest, ConfirmationRequest__Output as _a3s_box_v1_ConfirmationRequest__Output } from './a3s/box/v1/ConfirmationRequest';
import type { ConfirmationResolved as _a3s_box_v1_ConfirmationResolved, ConfirmationResolved__Output as _a3s_box_v1_ConfirmationResolved__Output } from './a3s/box/v1/ConfirmationResolved';
import type { ContainerMount as _a3s_box_v1_ContainerMount, ContainerMount__Output as _a3s_box_v1_ContainerMount__Output } from './a3s/box/v1/ContainerMount';
import type { ContainerServiceClient as _a3s_box_v1_ContainerServiceClient, ContainerServiceDefinition as _a3s_box_v1_ContainerServiceDefinition } from './a3s/box/v1/ContainerService';
import type { ContextUsage as _a3s_box_v1_ContextUsage, ContextUsage__Output as _a3s_box_v1_ContextUsage__Output } from './a3s/box/v1/ContextUsage';
import type { CreateSessionRequest as _a3s_box_v1_CreateSessionRequest, CreateSessionRequest__Output as _a3s_box_v1_CreateSessionRequest__Output } from './a3s/box/v1/CreateSessionRequest';
import type { Empty as _a3s_box_v1_Empty, Empty__Output as _a3s_box_v1_Empty__Output } from './a3s/box/v1/Empty';
import type { ErrorInfo as _a3s_box_v1_ErrorInfo, ErrorInfo__Output as _a3s_box_v1_ErrorInfo__Output } from './a3s/box/v1/ErrorInfo';
import type { FileChange as _a3s_box_v1_FileChange, FileChange__Output as _a3s_box_v1_FileChange__Output } from './a3s/box/v1/FileChange';
import type { FileContent as _a3s_box_v1_FileContent, FileContent__Output as _a3s_box_v1_FileContent__Output } from './a3s/box/v1/FileContent';
import type { FileDiff as _a3s_box_v1_FileDiff, FileDiff__Output as _a3s_box_v1_FileDiff__Output } from './a3s/box/v1/FileDiff';
import type { FileStat as _a3s_box_v1_FileStat, FileStat__Output as _a3s_box_v1_FileStat__Output } from './a3s/box/v1/FileStat';
import type { Finish as _a3s_box_v1_Finish, Finish__Output as _a3s_box_v1_Finish__Output } from './a3s/box/v1/Finish';
import type { GenerateObjectRequest as _a3s_box_v1_GenerateObjectRequest, GenerateObjectRequest__Output as _a3s_box_v1_GenerateObjectRequest__Output } from './a3s/box/v1/GenerateObjectRequest';
import type { GenerateObjectResponse as _a3s_box_v1_GenerateObjectResponse, GenerateObjectResponse__Output as _a3s_box_v1_GenerateObjectResponse__Output } from './a3s/box/v1/GenerateObjectResponse';
import type { GenerateRequest as _a3s_box_v1_GenerateRequest, GenerateRequest__Output as _a3s_box_v1_GenerateRequest__Output } from './a3s/box/v1/GenerateRequest';
import type { HealthCheckRequest as _a3s_box_v1_HealthCheckRequest, HealthCheckRequest__Output as _a3s_box_v1_HealthCheckRequest__Output } from './a3s/box/v1/HealthCheckRequest';
import type { HealthCheckResponse as _a3s_box_v1_HealthCheckResponse, HealthCheckResponse__Output as _a3s_box_v1_HealthCheckResponse__Output } from './a3s/box/v1/HealthCheckResponse';
import type { History as _a3s_box_v1_History, History__Output as _a3s_box_v1_History__Output } from './a3s/box/v1/History';
import type { HistoryMessage as _a3s_box_v1_HistoryMessage, HistoryMessage__Output as _a3s_box_v1_HistoryMessage__Output } from './a3s/box/v1/HistoryMessage';
import type { HookAnswer as _a3s_box_v1_HookAnswer, HookAnswer__Output as _a3s_box_v1_HookAnswer__Output } from './a3s/box/v1/HookAnswer';
import type { HookInvocation as _a3s_box_v1_HookInvocation, HookInvocation__Output as _a3s_box_v1_HookInvocation__Output } from './a3s/box/v1/HookInvocation';
import type { LaneStats as _a3s_box_v1_LaneStats, LaneStats__Output as _a3s_box_v1_LaneStats__Output } from './a3s/box/v1/LaneStats';
import type { ListDirResponse as _a3s_box_v1_ListDirResponse, ListDirResponse__Output as _a3s_box_v1_ListDirResponse__Output } from './a3s/box/v1/ListDirResponse';
import type { ListSessionsResponse as _a3s_box_v1_ListSessionsResponse, ListSessionsResponse__Output as _a3s_box_v1_ListSessionsResponse__Output } from './a3s/box/v1/ListSessionsResponse';
import type { ListSkillsResponse as _a3s_box_v1_ListSkillsResponse, ListSkillsResponse__Output as _a3s_box_v1_ListSkillsResponse__Output } from './a3s/box/v1/ListSkillsResponse';
import type { LoadSkillRequest as _a3s_box_v1_LoadSkillRequest, LoadSkillRequest__Output as _a3s_box_v1_LoadSkillRequest__Output } from './a3s/box/v1/LoadSkillRequest';
import type { ModelRef as _a3s_box_v1_ModelRef, ModelRef__Output as _a3s_box_v1_ModelRef__Output } from './a3s/box/v1/ModelRef';
import type { ObjectChunk as _a3s_box_v1_ObjectChunk, ObjectChunk__Output as _a3s_box_v1_ObjectChunk__Output } from './a3s/box/v1/ObjectChunk';
import type { PathRequest as _a3s_box_v1_PathRequest, PathRequest__Output as _a3s_box_v1_PathRequest__Output } from './a3s/box/v1/PathRequest';
import type { PermissionPolicy as _a3s_box_v1_PermissionPolicy, PermissionPolicy__Output as _a3s_box_v1_PermissionPolicy__Output } from './a3s/box/v1/PermissionPolicy';
import type { ProcessExit as _a3s_box_v1_ProcessExit, ProcessExit__Output as _a3s_box_v1_ProcessExit__Output } from './a3s/box/v1/ProcessExit';
import type { ProcessInput as _a3s_box_v1_ProcessInput, ProcessInput__Output as _a3s_box_v1_ProcessInput__Output } from './a3s/box/v1/ProcessInput';
import type { ProcessOutput as _a3s_box_v1_ProcessOutput, ProcessOutput__Output as _a3s_box_v1_ProcessOutput__Output } from './a3s/box/v1/ProcessOutput';
import type { ProcessStart as _a3s_box_v1_ProcessStart, ProcessStart__Output as _a3s_box_v1_ProcessStart__Output } from './a3s/box/v1/ProcessStart';
import type { SessionInfo as _a3s_box_v1_SessionInfo, SessionInfo__Output as _a3s_box_v1_SessionInfo__Output } from './a3s/box/v1/SessionInfo';
import type { SessionOptions as _a3s_box_v1_SessionOptions, SessionOptions__Output as _a3s_box_v1_SessionOptions__Output } from './a3s/box/v1/SessionOptions';
import type { SessionRef as _a3s_box_v1_SessionRef, SessionRef__Output as _a3s_box_v1_SessionRef__Output } from './a3s/box/v1/SessionRef';
import type { SetPermissionPolicyRequest as _a3s_box_v1_SetPermissionPolicyRequest, SetPermissionPolicyRequest__Output as _a3s_box_v1_SetPermissionPolicyRequest__Output } from './a3s/box/v1/SetPermissionPolicyRequest';
import type { SignalRequest as _a3s_box_v1_SignalRequest, SignalRequest__Output as _a3s_box_v1_SignalRequest__Output } from './a3s/box/v1/SignalRequest';
import type { SkillFilter as _a3s_box_v1_SkillFilter, SkillFilter__Output as _a3s_box_v1_SkillFilter__Output } from './a3s/box/v1/SkillFilter';
import type { SkillInfo as _a3s_box_v1_SkillInfo, SkillInfo__Output as _a3s_box_v1_SkillInfo__Output } from './a3s/box/v1/SkillInfo';
import type { ToolCall as _a3s_box_v1_ToolCall, ToolCall__Output as _a3s_box_v1_ToolCall__Output } from './a3s/box/v1/ToolCall';
import type { ToolDecision as _a3s_box_v1_ToolDecision, ToolDecision__Output as _a3s_box_v1_ToolDecision__Output } from './a3s/box/v1/ToolDecision';
import type { ToolInfo as _a3s_box_v1_ToolInfo, ToolInfo__Output as _a3s_box_v1_ToolInfo__Output } from './a3s/box/v1/ToolInfo';
import type { ToolResult as _a3s_box_v1_ToolResult, ToolResult__Output as _a3s_box_v1_ToolResult__Output } from './a3s/box/v1/ToolResult';
import type { UnloadSkillRequest as _a3s_box_v1_UnloadSkillRequest, UnloadSkillRequest__Output as _a3s_box_v1_UnloadSkillRequest__Output } from './a3s/box/v1/UnloadSkillRequest';
import type { Usage as _a3s_box_v1_Usage, Usage__Output as _a3s_box_v1_Usage__Output } from './a3s/box/v1/Usage';
import type { WatchFilesRequest as _a3s_box_v1_WatchFilesRequest, WatchFilesRequest__Output as _a3s_box_v1_WatchFilesRequest__Output } from './a3s/box/v1/WatchFilesRequest';
import type { WatchHooksRequest as _a3s_box_v1_WatchHooksRequest, WatchHooksRequest__Output as _a3s_box_v1_WatchHooksRequest__Output } from './a3s/box/v1/WatchHooksRequest';
import type { WriteFileRequest as _a3s_box_v1_WriteFileRequest, WriteFileRequest__Output as _a3s_box_v1_WriteFileRequest__Output } from './a3s/box/v1/WriteFileRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  a3s: {
    box: {
      v1: {
        AgentService: SubtypeConstructor<typeof grpc.Client, _a3s_box_v1_AgentServiceClient> & { service: _a3s_box_v1_AgentServiceDefinition }
        CancelResponse: MessageTypeDefinition<_a3s_box_v1_CancelResponse, _a3s_box_v1_CancelResponse__Output>
        Chunk: MessageTypeDefinition<_a3s_box_v1_Chunk, _a3s_box_v1_Chunk__Output>
        CompactResponse: MessageTypeDefinition<_a3s_box_v1_CompactResponse, _a3s_box_v1_CompactResponse__Output>
        ConfigureRequest: MessageTypeDefinition<_a3s_box_v1_ConfigureRequest, _a3s_box_v1_ConfigureRequest__Output>
        ConfirmationAnswer: MessageTypeDefinition<_a3s_box_v1_ConfirmationAnswer, _a3s_box_v1_ConfirmationAnswer__Output>
        ConfirmationRequest: MessageTypeDefinition<_a3s_box_v1_ConfirmationRequest, _a3s_box_v1_ConfirmationRequest__Output>
        ConfirmationResolved: MessageTypeDefinition<_a3s_box_v1_ConfirmationResolved, _a3s_box_v1_ConfirmationResolved__Output>
        ContainerMount: MessageTypeDefinition<_a3s_box_v1_ContainerMount, _a3s_box_v1_ContainerMount__Output>
        /**
         * Processes of Kubernetes containers in a pod sandbox's VM (`a3s-box cri`, docs/kubernetes.md).
         * A container's root is its image's rootfs in the sandbox's share; it runs in its own mount,
         * PID, IPC and UTS namespaces.
         */
        ContainerService: SubtypeConstructor<typeof grpc.Client, _a3s_box_v1_ContainerServiceClient> & { service: _a3s_box_v1_ContainerServiceDefinition }
        ContextUsage: MessageTypeDefinition<_a3s_box_v1_ContextUsage, _a3s_box_v1_ContextUsage__Output>
        CreateSessionRequest: MessageTypeDefinition<_a3s_box_v1_CreateSessionRequest, _a3s_box_v1_CreateSessionRequest__Output>
        Empty: MessageTypeDefinition<_a3s_box_v1_Empty, _a3s_box_v1_Empty__Output>
        ErrorInfo: MessageTypeDefinition<_a3s_box_v1_ErrorInfo, _a3s_box_v1_ErrorInfo__Output>
        FileChange: MessageTypeDefinition<_a3s_box_v1_FileChange, _a3s_box_v1_FileChange__Output>
        FileContent: MessageTypeDefinition<_a3s_box_v1_FileContent, _a3s_box_v1_FileContent__Output>
        FileDiff: MessageTypeDefinition<_a3s_box_v1_FileDiff, _a3s_box_v1_FileDiff__Output>
        FileStat: MessageTypeDefinition<_a3s_box_v1_FileStat, _a3s_box_v1_FileStat__Output>
        Finish: MessageTypeDefinition<_a3s_box_v1_Finish, _a3s_box_v1_Finish__Output>
        GenerateObjectRequest: MessageTypeDefinition<_a3s_box_v1_GenerateObjectRequest, _a3s_box_v1_GenerateObjectRequest__Output>
        GenerateObjectResponse: MessageTypeDefinition<_a3s_box_v1_GenerateObjectResponse, _a3s_box_v1_GenerateObjectResponse__Output>
        GenerateRequest: MessageTypeDefinition<_a3s_box_v1_GenerateRequest, _a3s_box_v1_GenerateRequest__Output>
        HealthCheckRequest: MessageTypeDefinition<_a3s_box_v1_HealthCheckRequest, _a3s_box_v1_HealthCheckRequest__Output>
        HealthCheckResponse: MessageTypeDefinition<_a3s_box_v1_HealthCheckResponse, _a3s_box_v1_HealthCheckResponse__Output>
        History: MessageTypeDefinition<_a3s_box_v1_History, _a3s_box_v1_History__Output>
        HistoryMessage: MessageTypeDefinition<_a3s_box_v1_HistoryMessage, _a3s_box_v1_HistoryMessage__Output>
        HookAnswer: MessageTypeDefinition<_a3s_box_v1_HookAnswer, _a3s_box_v1_HookAnswer__Output>
        HookInvocation: MessageTypeDefinition<_a3s_box_v1_HookInvocation, _a3s_box_v1_HookInvocation__Output>
        LaneStats: MessageTypeDefinition<_a3s_box_v1_LaneStats, _a3s_box_v1_LaneStats__Output>
        ListDirResponse: MessageTypeDefinition<_a3s_box_v1_ListDirResponse, _a3s_box_v1_ListDirResponse__Output>
        ListSessionsResponse: MessageTypeDefinition<_a3s_box_v1_ListSessionsResponse, _a3s_box_v1_ListSessionsResponse__Output>
        ListSkillsResponse: MessageTypeDefinition<_a3s_box_v1_ListSkillsResponse, _a3s_box_v1_ListSkillsResponse__Output>
        LoadSkillRequest: MessageTypeDefinition<_a3s_box_v1_LoadSkillRequest, _a3s_box_v1_LoadSkillRequest__Output>
        ModelRef: MessageTypeDefinition<_a3s_box_v1_ModelRef, _a3s_box_v1_ModelRef__Output>
        ObjectChunk: MessageTypeDefinition<_a3s_box_v1_ObjectChunk, _a3s_box_v1_ObjectChunk__Output>
        PathRequest: MessageTypeDefinition<_a3s_box_v1_PathRequest, _a3s_box_v1_PathRequest__Output>
        PermissionPolicy: MessageTypeDefinition<_a3s_box_v1_PermissionPolicy, _a3s_box_v1_PermissionPolicy__Output>
        ProcessExit: MessageTypeDefinition<_a3s_box_v1_ProcessExit, _a3s_box_v1_ProcessExit__Output>
        ProcessInput: MessageTypeDefinition<_a3s_box_v1_ProcessInput, _a3s_box_v1_ProcessInput__Output>
        ProcessOutput: MessageTypeDefinition<_a3s_box_v1_ProcessOutput, _a3s_box_v1_ProcessOutput__Output>
        ProcessStart: MessageTypeDefinition<_a3s_box_v1_ProcessStart, _a3s_box_v1_ProcessStart__Output>
        SessionInfo: MessageTypeDefinition<_a3s_box_v1_SessionInfo, _a3s_box_v1_SessionInfo__Output>
        SessionOptions: MessageTypeDefinition<_a3s_box_v1_SessionOptions, _a3s_box_v1_SessionOptions__Output>
        SessionRef: MessageTypeDefinition<_a3s_box_v1_SessionRef, _a3s_box_v1_SessionRef__Output>
        SetPermissionPolicyRequest: MessageTypeDefinition<_a3s_box_v1_SetPermissionPolicyRequest, _a3s_box_v1_SetPermissionPolicyRequest__Output>
        SignalRequest: MessageTypeDefinition<_a3s_box_v1_SignalRequest, _a3s_box_v1_SignalRequest__Output>
        SkillFilter: MessageTypeDefinition<_a3s_box_v1_SkillFilter, _a3s_box_v1_SkillFilter__Output>
        SkillInfo: MessageTypeDefinition<_a3s_box_v1_SkillInfo, _a3s_box_v1_SkillInfo__Output>
        ToolCall: MessageTypeDefinition<_a3s_box_v1_ToolCall, _a3s_box_v1_ToolCall__Output>
        ToolDecision: MessageTypeDefinition<_a3s_box_v1_ToolDecision, _a3s_box_v1_ToolDecision__Output>
        ToolInfo: MessageTypeDefinition<_a3s_box_v1_ToolInfo, _a3s_box_v1_ToolInfo__Output>
        ToolResult: MessageTypeDefinition<_a3s_box_v1_ToolResult, _a3s_box_v1_ToolResult__Output>
        UnloadSkillRequest: MessageTypeDefinition<_a3s_box_v1_UnloadSkillRequest, _a3s_box_v1_UnloadSkillRequest__Output>
        Usage: MessageTypeDefinition<_a3s_box_v1_Usage, _a3s_box_v1_Usage__Output>
        WatchFilesRequest: MessageTypeDefinition<_a3s_box_v1_WatchFilesRequest, _a3s_box_v1_WatchFilesRequest__Output>
        WatchHooksRequest: MessageTypeDefinition<_a3s_box_v1_WatchHooksRequest, _a3s_box_v1_WatchHooksRequest__Output>
        WriteFileRequest: MessageTypeDefinition<_a3s_box_v1_WriteFileRequest, _a3s_box_v1_WriteFileRequest__Output>
      }
    }
  }
}

