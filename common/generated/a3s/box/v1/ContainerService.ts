// Original file: proto/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Empty as _a3s_box_v1_Empty, Empty__Output as _a3s_box_v1_Empty__Output } from '../../../a3s/box/v1/Empty';
import type { ProcessInput as _a3s_box_v1_ProcessInput, ProcessInput__Output as _a3s_box_v1_ProcessInput__Output } from '../../../a3s/box/v1/ProcessInput';
import type { ProcessOutput as _a3s_box_v1_ProcessOutput, ProcessOutput__Output as _a3s_box_v1_ProcessOutput__Output } from '../../../a3s/box/v1/ProcessOutput';
import type { SignalRequest as _a3s_box_v1_SignalRequest, SignalRequest__Output as _a3s_box_v1_SignalRequest__Output } from '../../../a3s/box/v1/SignalRequest';

/**
 * Processes of Kubernetes containers in a pod sandbox's VM (`a3s-box cri`, docs/kubernetes.md).
 * A container's root is its image's rootfs in the sandbox's share; it runs in its own mount,
 * PID, IPC and UTS namespaces.
 */
export interface ContainerServiceClient extends grpc.Client {
  /**
   * The first input is `start`; then stdin. Outputs: `started` once running, stdout/stderr,
   * and last `exit`. Cancelling the call kills the process (an exec) or the container.
   */
  Run(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_a3s_box_v1_ProcessInput, _a3s_box_v1_ProcessOutput__Output>;
  Run(options?: grpc.CallOptions): grpc.ClientDuplexStream<_a3s_box_v1_ProcessInput, _a3s_box_v1_ProcessOutput__Output>;
  /**
   * The first input is `start`; then stdin. Outputs: `started` once running, stdout/stderr,
   * and last `exit`. Cancelling the call kills the process (an exec) or the container.
   */
  run(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_a3s_box_v1_ProcessInput, _a3s_box_v1_ProcessOutput__Output>;
  run(options?: grpc.CallOptions): grpc.ClientDuplexStream<_a3s_box_v1_ProcessInput, _a3s_box_v1_ProcessOutput__Output>;
  
  /**
   * Sends a signal to a container's main process (its PID 1).
   */
  Signal(argument: _a3s_box_v1_SignalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  Signal(argument: _a3s_box_v1_SignalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  Signal(argument: _a3s_box_v1_SignalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  Signal(argument: _a3s_box_v1_SignalRequest, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  /**
   * Sends a signal to a container's main process (its PID 1).
   */
  signal(argument: _a3s_box_v1_SignalRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  signal(argument: _a3s_box_v1_SignalRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  signal(argument: _a3s_box_v1_SignalRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  signal(argument: _a3s_box_v1_SignalRequest, callback: grpc.requestCallback<_a3s_box_v1_Empty__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Processes of Kubernetes containers in a pod sandbox's VM (`a3s-box cri`, docs/kubernetes.md).
 * A container's root is its image's rootfs in the sandbox's share; it runs in its own mount,
 * PID, IPC and UTS namespaces.
 */
export interface ContainerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * The first input is `start`; then stdin. Outputs: `started` once running, stdout/stderr,
   * and last `exit`. Cancelling the call kills the process (an exec) or the container.
   */
  Run: grpc.handleBidiStreamingCall<_a3s_box_v1_ProcessInput__Output, _a3s_box_v1_ProcessOutput>;
  
  /**
   * Sends a signal to a container's main process (its PID 1).
   */
  Signal: grpc.handleUnaryCall<_a3s_box_v1_SignalRequest__Output, _a3s_box_v1_Empty>;
  
}

export interface ContainerServiceDefinition extends grpc.ServiceDefinition {
  Run: MethodDefinition<_a3s_box_v1_ProcessInput, _a3s_box_v1_ProcessOutput, _a3s_box_v1_ProcessInput__Output, _a3s_box_v1_ProcessOutput__Output>
  Signal: MethodDefinition<_a3s_box_v1_SignalRequest, _a3s_box_v1_Empty, _a3s_box_v1_SignalRequest__Output, _a3s_box_v1_Empty__Output>
}
