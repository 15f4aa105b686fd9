// Original file: proto/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelResponse as _a3s_box_v1_CancelResponse, CancelResponse__Output as _a3s_box_v1_CancelResponse__Output } from '../../../a3s/box/v1/CancelResponse';
import type { Chunk as _a3s_box_v1_Chunk, Chunk__Output as _a3s_box_v1_Chunk__Output } from '../../../a3s/box/v1/Chunk';
import type { CompactResponse as _a3s_box_v1_CompactResponse, CompactResponse__Output as _a3s_box_v1_CompactResponse__Output } from '../../../a3s/box/v1/CompactResponse';
import type { ConfigureRequest as _a3s_box_v1_ConfigureRequest, ConfigureRequest__Output as _a3s_box_v1_ConfigureRequest__Output } from '../../../a3s/box/v1/ConfigureRequest';
import type { ConfirmationAnswer as _a3s_box_v1_ConfirmationAnswer, ConfirmationAnswer__Output as _a3s_box_v1_ConfirmationAnswer__Output } from '../../../a3s/box/v1/ConfirmationAnswer';
import type { ContextUsage as _a3s_box_v1_ContextUsage, ContextUsage__Output as _a3s_box_v1_ContextUsage__Output } from '../../../a3s/box/v1/ContextUsage';
import type { CreateSessionRequest as _a3s_box_v1_CreateSessionRequest, CreateSessionRequest__Output as _a3s_box_v1_CreateSessionRequest__Output } from '../../../a3s/box/v1/CreateSessionRequest';
import type { Empty as _a3s_box_v1_Empty, Empty__Output as _a3s_box_v1_Empty__Output } from '../../../a3s/box/v1/Empty';
import type { FileChange as _a3s_box_v1_FileChange, FileChange__Output as _a3s_box_v1_FileChange__Output } from '../../../a3s/box/v1/FileChange';
import type { FileContent as _a3s_box_v1_FileContent, FileContent__Output as _a3s_box_v1_FileContent__Output } from '../../../a3s/box/v1/FileContent';
import type { FileStat as _a3s_box_v1_FileStat, FileStat__Output as _a3s_box_v1_FileStat__Output } from '../../../a3s/box/v1/FileStat';
import type { GenerateObjectRequest as _a3s_box_v1_GenerateObjectRequest, GenerateObjectRequest__Output as _a3s_box_v1_GenerateObjectRequest__Output } from '../../../a3s/box/v1/GenerateObjectRequest';
import type { GenerateObjectResponse as _a3s_box_v1_GenerateObjectResponse, GenerateObjectResponse__Output as _a3s_box_v1_GenerateObjectResponse__Output } from '../../../a3s/box/v1/GenerateObjectResponse';
import type { GenerateRequest as _a3s_box_v1_GenerateRequest, GenerateRequest__Output as _a3s_box_v1_GenerateRequest__Output } from '../../../a3s/box/v1/GenerateRequest';
import type { HealthCheckRequest as _a3s_box_v1_HealthCheckRequest, HealthCheckRequest__Output as _a3s_box_v1_HealthCheckRequest__Output } from '../../../a3s/box/v1/HealthCheckRequest';
import type { HealthCheckResponse as _a3s_box_v1_HealthCheckResponse, HealthCheckResponse__Output as _a3s_box_v1_HealthCheckResponse__Output } from '../../../a3s/box/v1/HealthCheckResponse';
import type { History as _a3s_box_v1_History, History__Output as _a3s_box_v1_History__Output } from '../../../a3s/box/v1/History';
import type { HookAnswer as _a3s_box_v1_HookAnswer, HookAnswer__Output as _a3s_box_v1_HookAnswer__Output } from '../../../a3s/box/v1/HookAnswer';
import type { HookInvocation as _a3s_box_v1_HookInvocation, HookInvocation__Output as _a3s_box_v1_HookInvocation__Output } from '../../../a3s/box/v1/HookInvocation';
import type { ListDirResponse as _a3s_box_v1_ListDirResponse, ListDirResponse__Output as _a3s_box_v1_ListDirResponse__Output } from '../../../a3s/box/v1/ListDirResponse';
import type { ListSessionsResponse as _a3s_box_v1_ListSessionsResponse, ListSessionsResponse__Output as _a3s_box_v1_ListSessionsResponse__Output } from '../../../a3s/box/v1/ListSessionsResponse';
import type { ListSkillsResponse as _a3s_box_v1_ListSkillsResponse, ListSkillsResponse__Output as _a3s_box_v1_ListSkillsResponse__Output } from '../../../a3s/box/v1/ListSkillsResponse';
import type { LoadSkillRequest as _a3s_box_v1_LoadSkillRequest, LoadSkillRequest__Output as _a3s_box_v1_LoadSkillRequest__Output } from '../../../a3s/box/v1/LoadSkillRequest';
import type { ObjectChunk as _a3s_box_v1_ObjectChunk, ObjectChunk__Output as _a3s_box_v1_ObjectChunk__Output } from '../../../a3s/box/v1/ObjectChunk';
import type { PathRequest as _a3s_box_v1_PathRequest, PathRequest__Output as _a3s_box_v1_PathRequest__Output } from '../../../a3s/box/v1/PathRequest';
import type { SessionInfo as _a3s_box_v1_SessionInfo, SessionInfo__Output as _a3s_box_v1_SessionInfo__Output } from '../../../a3s/box/v1/SessionInfo';
import type { SessionRef as _a3s_box_v1_SessionRef, SessionRef__Output as _a3s_box_v1_SessionRef__Output } from '../../../a3s/box/v1/SessionRef';
import type { SetPermissionPolicyRequest as _a3s_box_v1_SetPermissionPolicyRequest, SetPermissionPolicyRequest__Output as _a3s_box_v1_SetPermissionPolicyRequest__Output } from '../../../a3s/box/v1/SetPermissionPolicyRequest';
import type { SkillInfo as _a3s_box_v1_SkillInfo, SkillInfo__Output as _a3s_box_v1_SkillInfo__Output } from '../../../a3s/box/v1/SkillInfo';
import type { UnloadSkillRequest as _a3s_box_v1_UnloadSkillRequest, UnloadSkillRequest__Output as _a3s_box_v1_UnloadSkillRequest__Output } from '../../../a3s/box/v1/UnloadSkillRequest';
import type { WatchFilesRequest as _a3s_box_v1_WatchFilesRequest, WatchFilesRequest__Output as _a3s_box_v1_WatchFilesRequest__Output } from '../../../a3s/box/v1/WatchFilesRequest';
import type { WatchHooksRequest as _a3s_box_v1_WatchHooksRequest, WatchHooksRequest__Output as _a3s_box_v1_WatchHooksRequest__Output } from '../../../a3s/box/v1/WatchHooksRequest';
import type { WriteFileRequest as _a3s_box_v1_WriteFileRequest, WriteFileRequest__Output as _a3s_box_v1_WriteFileRequest__Output } from '../../../a3s/box/v1/WriteFileRequest';

export interface AgentServiceClient extends grpc.Client {
  /**
   * Aborts the session's running turn (model stream and tools) and withdraws its
   * pending confirmation requests.
   */
  Cancel(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _a3s_box_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _a3s_box_v1_SessionRef, callback: grpc.requestCallback<_a3s_box_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Aborts the session's running turn (model stream and tools) and withdraws its
   * pending confirmation requests.
   */
  cancel(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _a3s_box_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _a3s_box_v1_SessionRef, callback: grpc.requestCallback<_a3s_box_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  
  Clear(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  Clear(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  Clear(argument: _a3s_box_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  Clear(argument: _a3s_box_v1_SessionRef, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  clear(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  clear(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  clear(argument: _a3s_box_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  clear(argument: _a3s_box_v1_SessionRef, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  Compact(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  Compact(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  Compact(argument: _a3s_box_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  Compact(argument: _a3s_box_v1_SessionRef, callback: grpc.requestCallback<_a3s_box_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  compact(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  compact(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  compact(argument: _a3s_box_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  compact(argument: _a3s_box_v1_SessionRef, callback: grpc.requestCallback<_a3s_box_v1_CompactResponse__Output>): grpc.ClientUnaryCall;
  
  Configure(argument: _a3s_box_v1_ConfigureRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  Configure(argument: _a3s_box_v1_ConfigureRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  Configure(argument: _a3s_box_v1_ConfigureRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  Configure(argument: _a3s_box_v1_ConfigureRequest, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  configure(argument: _a3s_box_v1_ConfigureRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  configure(argument: _a3s_box_v1_ConfigureRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  configure(argument: _a3s_box_v1_ConfigureRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  configure(argument: _a3s_box_v1_ConfigureRequest, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sessions
   */
  CreateSession(argument: _a3s_box_v1_CreateSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  CreateSession(argument: _a3s_box_v1_CreateSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  CreateSession(argument: _a3s_box_v1_CreateSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  CreateSession(argument: _a3s_box_v1_CreateSessionRequest, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  /**
   * Sessions
   */
  createSession(argument: _a3s_box_v1_CreateSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  createSession(argument: _a3s_box_v1_CreateSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  createSession(argument: _a3s_box_v1_CreateSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  createSession(argument: _a3s_box_v1_CreateSessionRequest, callback: grpc.requestCallback<_a3s_box_v1_SessionInfo__Output>): grpc.ClientUnaryCall;
  
  DestroySession(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  DestroySession(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  DestroySession(argument: _a3s_box_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  DestroySession(argument: _a3s_box_v1_SessionRef, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  destroySession(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  destroySession(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  destroySession(argument: _a3s_box_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  destroySession(argument: _a3s_box_v1_SessionRef, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  /**
   * Model turns
   */
  Generate(argument: _a3s_box_v1_GenerateRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_Chunk__Output>;
  Generate(argument: _a3s_box_v1_GenerateRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_Chunk__Output>;
  /**
   * Model turns
   */
  generate(argument: _a3s_box_v1_GenerateRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_Chunk__Output>;
  generate(argument: _a3s_box_v1_GenerateRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_Chunk__Output>;
  
  GenerateObject(argument: _a3s_box_v1_GenerateObjectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_GenerateObjectResponse__Output>): grpc.ClientUnaryCall;
  GenerateObject(argument: _a3s_box_v1_GenerateObjectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_GenerateObjectResponse__Output>): grpc.ClientUnaryCall;
  GenerateObject(argument: _a3s_box_v1_GenerateObjectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_GenerateObjectResponse__Output>): grpc.ClientUnaryCall;
  GenerateObject(argument: _a3s_box_v1_GenerateObjectRequest, callback: grpc.requestCallback<_a3s_box_v1_GenerateObjectResponse__Output>): grpc.ClientUnaryCall;
  generateObject(argument: _a3s_box_v1_GenerateObjectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_GenerateObjectResponse__Output>): grpc.ClientUnaryCall;
  generateObject(argument: _a3s_box_v1_GenerateObjectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_GenerateObjectResponse__Output>): grpc.ClientUnaryCall;
  generateObject(argument: _a3s_box_v1_GenerateObjectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_GenerateObjectResponse__Output>): grpc.ClientUnaryCall;
  generateObject(argument: _a3s_box_v1_GenerateObjectRequest, callback: grpc.requestCallback<_a3s_box_v1_GenerateObjectResponse__Output>): grpc.ClientUnaryCall;
  
  GetContextUsage(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ContextUsage__Output>): grpc.ClientUnaryCall;
  GetContextUsage(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_ContextUsage__Output>): grpc.ClientUnaryCall;
  GetContextUsage(argument: _a3s_box_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ContextUsage__Output>): grpc.ClientUnaryCall;
  GetContextUsage(argument: _a3s_box_v1_SessionRef, callback: grpc.requestCallback<_a3s_box_v1_ContextUsage__Output>): grpc.ClientUnaryCall;
  getContextUsage(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ContextUsage__Output>): grpc.ClientUnaryCall;
  getContextUsage(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_ContextUsage__Output>): grpc.ClientUnaryCall;
  getContextUsage(argument: _a3s_box_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ContextUsage__Output>): grpc.ClientUnaryCall;
  getContextUsage(argument: _a3s_box_v1_SessionRef, callback: grpc.requestCallback<_a3s_box_v1_ContextUsage__Output>): grpc.ClientUnaryCall;
  
  GetHistory(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_History__Output>): grpc.ClientUnaryCall;
  GetHistory(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_History__Output>): grpc.ClientUnaryCall;
  GetHistory(argument: _a3s_box_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_History__Output>): grpc.ClientUnaryCall;
  GetHistory(argument: _a3s_box_v1_SessionRef, callback: grpc.requestCallback<_a3s_box_v1_History__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_History__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _a3s_box_v1_SessionRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_History__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _a3s_box_v1_SessionRef, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_History__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _a3s_box_v1_SessionRef, callback: grpc.requestCallback<_a3s_box_v1_History__Output>): grpc.ClientUnaryCall;
  
  HealthCheck(argument: _a3s_box_v1_HealthCheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  HealthCheck(argument: _a3s_box_v1_HealthCheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  HealthCheck(argument: _a3s_box_v1_HealthCheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  HealthCheck(argument: _a3s_box_v1_HealthCheckRequest, callback: grpc.requestCallback<_a3s_box_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  healthCheck(argument: _a3s_box_v1_HealthCheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  healthCheck(argument: _a3s_box_v1_HealthCheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  healthCheck(argument: _a3s_box_v1_HealthCheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  healthCheck(argument: _a3s_box_v1_HealthCheckRequest, callback: grpc.requestCallback<_a3s_box_v1_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Workspace file access for the UI; paths are relative to the workspace and confined to it.
   */
  ListDir(argument: _a3s_box_v1_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ListDirResponse__Output>): grpc.ClientUnaryCall;
  ListDir(argument: _a3s_box_v1_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_ListDirResponse__Output>): grpc.ClientUnaryCall;
  ListDir(argument: _a3s_box_v1_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ListDirResponse__Output>): grpc.ClientUnaryCall;
  ListDir(argument: _a3s_box_v1_PathRequest, callback: grpc.requestCallback<_a3s_box_v1_ListDirResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Workspace file access for the UI; paths are relative to the workspace and confined to it.
   */
  listDir(argument: _a3s_box_v1_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ListDirResponse__Output>): grpc.ClientUnaryCall;
  listDir(argument: _a3s_box_v1_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_ListDirResponse__Output>): grpc.ClientUnaryCall;
  listDir(argument: _a3s_box_v1_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ListDirResponse__Output>): grpc.ClientUnaryCall;
  listDir(argument: _a3s_box_v1_PathRequest, callback: grpc.requestCallback<_a3s_box_v1_ListDirResponse__Output>): grpc.ClientUnaryCall;
  
  ListSessions(argument: _a3s_box_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  ListSessions(argument: _a3s_box_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  ListSessions(argument: _a3s_box_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  ListSessions(argument: _a3s_box_v1_Empty, callback: grpc.requestCallback<_a3s_box_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _a3s_box_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _a3s_box_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _a3s_box_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _a3s_box_v1_Empty, callback: grpc.requestCallback<_a3s_box_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  
  ListSkills(argument: _a3s_box_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ListSkillsResponse__Output>): grpc.ClientUnaryCall;
  ListSkills(argument: _a3s_box_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_ListSkillsResponse__Output>): grpc.ClientUnaryCall;
  ListSkills(argument: _a3s_box_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ListSkillsResponse__Output>): grpc.ClientUnaryCall;
  ListSkills(argument: _a3s_box_v1_Empty, callback: grpc.requestCallback<_a3s_box_v1_ListSkillsResponse__Output>): grpc.ClientUnaryCall;
  listSkills(argument: _a3s_box_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ListSkillsResponse__Output>): grpc.ClientUnaryCall;
  listSkills(argument: _a3s_box_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_ListSkillsResponse__Output>): grpc.ClientUnaryCall;
  listSkills(argument: _a3s_box_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_ListSkillsResponse__Output>): grpc.ClientUnaryCall;
  listSkills(argument: _a3s_box_v1_Empty, callback: grpc.requestCallback<_a3s_box_v1_ListSkillsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Skills
   */
  LoadSkill(argument: _a3s_box_v1_LoadSkillRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_SkillInfo__Output>): grpc.ClientUnaryCall;
  LoadSkill(argument: _a3s_box_v1_LoadSkillRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_SkillInfo__Output>): grpc.ClientUnaryCall;
  LoadSkill(argument: _a3s_box_v1_LoadSkillRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_SkillInfo__Output>): grpc.ClientUnaryCall;
  LoadSkill(argument: _a3s_box_v1_LoadSkillRequest, callback: grpc.requestCallback<_a3s_box_v1_SkillInfo__Output>): grpc.ClientUnaryCall;
  /**
   * Skills
   */
  loadSkill(argument: _a3s_box_v1_LoadSkillRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_SkillInfo__Output>): grpc.ClientUnaryCall;
  loadSkill(argument: _a3s_box_v1_LoadSkillRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_SkillInfo__Output>): grpc.ClientUnaryCall;
  loadSkill(argument: _a3s_box_v1_LoadSkillRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_SkillInfo__Output>): grpc.ClientUnaryCall;
  loadSkill(argument: _a3s_box_v1_LoadSkillRequest, callback: grpc.requestCallback<_a3s_box_v1_SkillInfo__Output>): grpc.ClientUnaryCall;
  
  ReadFile(argument: _a3s_box_v1_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_FileContent__Output>): grpc.ClientUnaryCall;
  ReadFile(argument: _a3s_box_v1_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_FileContent__Output>): grpc.ClientUnaryCall;
  ReadFile(argument: _a3s_box_v1_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_FileContent__Output>): grpc.ClientUnaryCall;
  ReadFile(argument: _a3s_box_v1_PathRequest, callback: grpc.requestCallback<_a3s_box_v1_FileContent__Output>): grpc.ClientUnaryCall;
  readFile(argument: _a3s_box_v1_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_FileContent__Output>): grpc.ClientUnaryCall;
  readFile(argument: _a3s_box_v1_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_FileContent__Output>): grpc.ClientUnaryCall;
  readFile(argument: _a3s_box_v1_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_FileContent__Output>): grpc.ClientUnaryCall;
  readFile(argument: _a3s_box_v1_PathRequest, callback: grpc.requestCallback<_a3s_box_v1_FileContent__Output>): grpc.ClientUnaryCall;
  
  RespondToConfirmation(argument: _a3s_box_v1_ConfirmationAnswer, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  RespondToConfirmation(argument: _a3s_box_v1_ConfirmationAnswer, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  RespondToConfirmation(argument: _a3s_box_v1_ConfirmationAnswer, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  RespondToConfirmation(argument: _a3s_box_v1_ConfirmationAnswer, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  respondToConfirmation(argument: _a3s_box_v1_ConfirmationAnswer, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  respondToConfirmation(argument: _a3s_box_v1_ConfirmationAnswer, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  respondToConfirmation(argument: _a3s_box_v1_ConfirmationAnswer, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  respondToConfirmation(argument: _a3s_box_v1_ConfirmationAnswer, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  RespondToHook(argument: _a3s_box_v1_HookAnswer, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  RespondToHook(argument: _a3s_box_v1_HookAnswer, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  RespondToHook(argument: _a3s_box_v1_HookAnswer, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  RespondToHook(argument: _a3s_box_v1_HookAnswer, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  respondToHook(argument: _a3s_box_v1_HookAnswer, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  respondToHook(argument: _a3s_box_v1_HookAnswer, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  respondToHook(argument: _a3s_box_v1_HookAnswer, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  respondToHook(argument: _a3s_box_v1_HookAnswer, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  /**
   * Control: permission policy, human-in-the-loop, host-side hooks
   */
  SetPermissionPolicy(argument: _a3s_box_v1_SetPermissionPolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  SetPermissionPolicy(argument: _a3s_box_v1_SetPermissionPolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  SetPermissionPolicy(argument: _a3s_box_v1_SetPermissionPolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  SetPermissionPolicy(argument: _a3s_box_v1_SetPermissionPolicyRequest, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  /**
   * Control: permission policy, human-in-the-loop, host-side hooks
   */
  setPermissionPolicy(argument: _a3s_box_v1_SetPermissionPolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  setPermissionPolicy(argument: _a3s_box_v1_SetPermissionPolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  setPermissionPolicy(argument: _a3s_box_v1_SetPermissionPolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  setPermissionPolicy(argument: _a3s_box_v1_SetPermissionPolicyRequest, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  Stat(argument: _a3s_box_v1_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  Stat(argument: _a3s_box_v1_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  Stat(argument: _a3s_box_v1_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  Stat(argument: _a3s_box_v1_PathRequest, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  stat(argument: _a3s_box_v1_PathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  stat(argument: _a3s_box_v1_PathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  stat(argument: _a3s_box_v1_PathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  stat(argument: _a3s_box_v1_PathRequest, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  
  StreamObject(argument: _a3s_box_v1_GenerateObjectRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_ObjectChunk__Output>;
  StreamObject(argument: _a3s_box_v1_GenerateObjectRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_ObjectChunk__Output>;
  streamObject(argument: _a3s_box_v1_GenerateObjectRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_ObjectChunk__Output>;
  streamObject(argument: _a3s_box_v1_GenerateObjectRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_ObjectChunk__Output>;
  
  UnloadSkill(argument: _a3s_box_v1_UnloadSkillRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  UnloadSkill(argument: _a3s_box_v1_UnloadSkillRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  UnloadSkill(argument: _a3s_box_v1_UnloadSkillRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  UnloadSkill(argument: _a3s_box_v1_UnloadSkillRequest, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  unloadSkill(argument: _a3s_box_v1_UnloadSkillRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  unloadSkill(argument: _a3s_box_v1_UnloadSkillRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  unloadSkill(argument: _a3s_box_v1_UnloadSkillRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  unloadSkill(argument: _a3s_box_v1_UnloadSkillRequest, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  WatchFiles(argument: _a3s_box_v1_WatchFilesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_FileChange__Output>;
  WatchFiles(argument: _a3s_box_v1_WatchFilesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_FileChange__Output>;
  watchFiles(argument: _a3s_box_v1_WatchFilesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_FileChange__Output>;
  watchFiles(argument: _a3s_box_v1_WatchFilesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_FileChange__Output>;
  
  /**
   * The host subscribes to hook events it handles; the agent waits (with a timeout) for
   * the matching RespondToHook.
   */
  WatchHooks(argument: _a3s_box_v1_WatchHooksRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_HookInvocation__Output>;
  WatchHooks(argument: _a3s_box_v1_WatchHooksRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_HookInvocation__Output>;
  /**
   * The host subscribes to hook events it handles; the agent waits (with a timeout) for
   * the matching RespondToHook.
   */
  watchHooks(argument: _a3s_box_v1_WatchHooksRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_HookInvocation__Output>;
  watchHooks(argument: _a3s_box_v1_WatchHooksRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_a3s_box_v1_HookInvocation__Output>;
  
  WriteFile(argument: _a3s_box_v1_WriteFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  WriteFile(argument: _a3s_box_v1_WriteFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  WriteFile(argument: _a3s_box_v1_WriteFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  WriteFile(argument: _a3s_box_v1_WriteFileRequest, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  writeFile(argument: _a3s_box_v1_WriteFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  writeFile(argument: _a3s_box_v1_WriteFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  writeFile(argument: _a3s_box_v1_WriteFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  writeFile(argument: _a3s_box_v1_WriteFileRequest, callback: grpc.requestCallback<_a3s_box_v1_FileStat__Output>): grpc.ClientUnaryCall;
  
}

export interface AgentServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Aborts the session's running turn (model stream and tools) and withdraws its
   * pending confirmation requests.
   */
  Cancel: grpc.handleUnaryCall<_a3s_box_v1_SessionRef__Output, _a3s_box_v1_CancelResponse>;
  
  Clear: grpc.handleUnaryCall<_a3s_box_v1_SessionRef__Output, _a3s_box_v1_Empty>;
  
  Compact: grpc.handleUnaryCall<_a3s_box_v1_SessionRef__Output, _a3s_box_v1_CompactResponse>;
  
  Configure: grpc.handleUnaryCall<_a3s_box_v1_ConfigureRequest__Output, _a3s_box_v1_SessionInfo>;
  
  /**
   * Sessions
   */
  CreateSession: grpc.handleUnaryCall<_a3s_box_v1_CreateSessionRequest__Output, _a3s_box_v1_SessionInfo>;
  
  DestroySession: grpc.handleUnaryCall<_a3s_box_v1_SessionRef__Output, _a3s_box_v1_Empty>;
  
  /**
   * Model turns
   */
  Generate: grpc.handleServerStreamingCall<_a3s_box_v1_GenerateRequest__Output, _a3s_box_v1_Chunk>;
  
  GenerateObject: grpc.handleUnaryCall<_a3s_box_v1_GenerateObjectRequest__Output, _a3s_box_v1_GenerateObjectResponse>;
  
  GetContextUsage: grpc.handleUnaryCall<_a3s_box_v1_SessionRef__Output, _a3s_box_v1_ContextUsage>;
  
  GetHistory: grpc.handleUnaryCall<_a3s_box_v1_SessionRef__Output, _a3s_box_v1_History>;
  
  HealthCheck: grpc.handleUnaryCall<_a3s_box_v1_HealthCheckRequest__Output, _a3s_box_v1_HealthCheckResponse>;
  
  /**
   * Workspace file access for the UI; paths are relative to the workspace and confined to it.
   */
  ListDir: grpc.handleUnaryCall<_a3s_box_v1_PathRequest__Output, _a3s_box_v1_ListDirResponse>;
  
  ListSessions: grpc.handleUnaryCall<_a3s_box_v1_Empty__Output, _a3s_box_v1_ListSessionsResponse>;
  
  ListSkills: grpc.handleUnaryCall<_a3s_box_v1_Empty__Output, _a3s_box_v1_ListSkillsResponse>;
  
  /**
   * Skills
   */
  LoadSkill: grpc.handleUnaryCall<_a3s_box_v1_LoadSkillRequest__Output, _a3s_box_v1_SkillInfo>;
  
  ReadFile: grpc.handleUnaryCall<_a3s_box_v1_PathRequest__Output, _a3s_box_v1_FileContent>;
  
  RespondToConfirmation: grpc.handleUnaryCall<_a3s_box_v1_ConfirmationAnswer__Output, _a3s_box_v1_Empty>;
  
  RespondToHook: grpc.handleUnaryCall<_a3s_box_v1_HookAnswer__Output, _a3s_box_v1_Empty>;
  
  /**
   * Control: permission policy, human-in-the-loop, host-side hooks
   */
  SetPermissionPolicy: grpc.handleUnaryCall<_a3s_box_v1_SetPermissionPolicyRequest__Output, _a3s_box_v1_Empty>;
  
  Stat: grpc.handleUnaryCall<_a3s_box_v1_PathRequest__Output, _a3s_box_v1_FileStat>;
  
  StreamObject: grpc.handleServerStreamingCall<_a3s_box_v1_GenerateObjectRequest__Output, _a3s_box_v1_ObjectChunk>;
  
  UnloadSkill: grpc.handleUnaryCall<_a3s_box_v1_UnloadSkillRequest__Output, _a3s_box_v1_Empty>;
  
  WatchFiles: grpc.handleServerStreamingCall<_a3s_box_v1_WatchFilesRequest__Output, _a3s_box_v1_FileChange>;
  
  /**
   * The host subscribes to hook events it handles; the agent waits (with a timeout) for
   * the matching RespondToHook.
   */
  WatchHooks: grpc.handleServerStreamingCall<_a3s_box_v1_WatchHooksRequest__Output, _a3s_box_v1_HookInvocation>;
  
  WriteFile: grpc.handleUnaryCall<_a3s_box_v1_WriteFileRequest__Output, _a3s_box_v1_FileStat>;
  
}

export interface AgentServiceDefinition extends grpc.ServiceDefinition {
  Cancel: MethodDefinition<_a3s_box_v1_SessionRef, _a3s_box_v1_CancelResponse, _a3s_box_v1_SessionRef__Output, _a3s_box_v1_CancelResponse__Output>
  Clear: MethodDefinition<_a3s_box_v1_SessionRef, _a3s_box_v1_Empty, _a3s_box_v1_SessionRef__Output, _a3s_box_v1_Empty__Output>
  Compact: MethodDefinition<_a3s_box_v1_SessionRef, _a3s_box_v1_CompactResponse, _a3s_box_v1_SessionRef__Output, _a3s_box_v1_CompactResponse__Output>
  Configure: MethodDefinition<_a3s_box_v1_ConfigureRequest, _a3s_box_v1_SessionInfo, _a3s_box_v1_ConfigureRequest__Output, _a3s_box_v1_SessionInfo__Output>
  CreateSession: MethodDefinition<_a3s_box_v1_CreateSessionRequest, _a3s_box_v1_SessionInfo, _a3s_box_v1_CreateSessionRequest__Output, _a3s_box_v1_SessionInfo__Output>
  DestroySession: MethodDefinition<_a3s_box_v1_SessionRef, _a3s_box_v1_Empty, _a3s_box_v1_SessionRef__Output, _a3s_box_v1_Empty__Output>
  Generate: MethodDefinition<_a3s_box_v1_GenerateRequest, _a3s_box_v1_Chunk, _a3s_box_v1_GenerateRequest__Output, _a3s_box_v1_Chunk__Output>
  GenerateObject: MethodDefinition<_a3s_box_v1_GenerateObjectRequest, _a3s_box_v1_GenerateObjectResponse, _a3s_box_v1_GenerateObjectRequest__Output, _a3s_box_v1_GenerateObjectResponse__Output>
  GetContextUsage: MethodDefinition<_a3s_box_v1_SessionRef, _a3s_box_v1_ContextUsage, _a3s_box_v1_SessionRef__Output, _a3s_box_v1_ContextUsage__Output>
  GetHistory: MethodDefinition<_a3s_box_v1_SessionRef, _a3s_box_v1_History, _a3s_box_v1_SessionRef__Output, _a3s_box_v1_History__Output>
  HealthCheck: MethodDefinition<_a3s_box_v1_HealthCheckRequest, _a3s_box_v1_HealthCheckResponse, _a3s_box_v1_HealthCheckRequest__Output, _a3s_box_v1_HealthCheckResponse__Output>
  ListDir: MethodDefinition<_a3s_box_v1_PathRequest, _a3s_box_v1_ListDirResponse, _a3s_box_v1_PathRequest__Output, _a3s_box_v1_ListDirResponse__Output>
  ListSessions: MethodDefinition<_a3s_box_v1_Empty, _a3s_box_v1_ListSessionsResponse, _a3s_box_v1_Empty__Output, _a3s_box_v1_ListSessionsResponse__Output>
  ListSkills: MethodDefinition<_a3s_box_v1_Empty, _a3s_box_v1_ListSkillsResponse, _a3s_box_v1_Empty__Output, _a3s_box_v1_ListSkillsResponse__Output>
  LoadSkill: MethodDefinition<_a3s_box_v1_LoadSkillRequest, _a3s_box_v1_SkillInfo, _a3s_box_v1_LoadSkillRequest__Output, _a3s_box_v1_SkillInfo__Output>
  ReadFile: MethodDefinition<_a3s_box_v1_PathRequest, _a3s_box_v1_FileContent, _a3s_box_v1_PathRequest__Output, _a3s_box_v1_FileContent__Output>
  RespondToConfirmation: MethodDefinition<_a3s_box_v1_ConfirmationAnswer, _a3s_box_v1_Empty, _a3s_box_v1_ConfirmationAnswer__Output, _a3s_box_v1_Empty__Output>
  RespondToHook: MethodDefinition<_a3s_box_v1_HookAnswer, _a3s_box_v1_Empty, _a3s_box_v1_HookAnswer__Output, _a3s_box_v1_Empty__Output>
  SetPermissionPolicy: MethodDefinition<_a3s_box_v1_SetPermissionPolicyRequest, _a3s_box_v1_Empty, _a3s_box_v1_SetPermissionPolicyRequest__Output, _a3s_box_v1_Empty__Output>
  Stat: MethodDefinition<_a3s_box_v1_PathRequest, _a3s_box_v1_FileStat, _a3s_box_v1_PathRequest__Output, _a3s_box_v1_FileStat__Output>
  StreamObject: MethodDefinition<_a3s_box_v1_GenerateObjectRequest, _a3s_box_v1_ObjectChunk, _a3s_box_v1_GenerateObjectRequest__Output, _a3s_box_v1_ObjectChunk__Output>
  UnloadSkill: MethodDefinition<_a3s_box_v1_UnloadSkillRequest, _a3s_box_v1_Empty, _a3s_box_v1_UnloadSkillRequest__Output, _a3s_box_v1_Empty__Output>
  WatchFiles: MethodDefinition<_a3s_box_v1_WatchFilesRequest, _a3s_box_v1_FileChange, _a3s_box_v1_WatchFilesRequest__Output, _a3s_box_v1_FileChange__Output>
  WatchHooks: MethodDefinition<_a3s_box_v1_WatchHooksRequest, _a3s_box_v1_HookInvocation, _a3s_box_v1_WatchHooksRequest__Output, _a3s_box_v1_HookInvocation__Output>
  WriteFile: MethodDefinition<_a3s_box_v1_WriteFileRequest, _a3s_box_v1_FileStat, _a3s_box_v1_WriteFileRequest__Output, _a3s_box_v1_FileStat__Output>
}
