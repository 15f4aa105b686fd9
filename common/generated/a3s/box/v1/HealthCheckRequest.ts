// Original file: proto/agent.proto


export interface HealthCheckRequest {
}

export interface HealthCheckRequest__Output {
}
