// Generates common/generated/ from proto/agent.proto: TypeScript types (proto-loader-gen-types)
// and the JSON descriptor the client and the agent load at run time, so no .proto file has
// to be found on disk inside a VM. Usage: node scripts/gen-proto.mjs [outDir]
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = resolve(process.argv[2] ?? join(root, "common/generated"));
const protoFile = "proto/agent.proto"; // relative: the generated files name it

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
execFileSync(
  process.execPath,
  [
    join(root, "node_modules/@grpc/proto-loader/build/bin/proto-loader-gen-types.js"),
    "--longs=String", "--enums=String", "--defaults", "--oneofs", "--includeComments",
    "--grpcLib=@grpc/grpc-js", `--outDir=${outDir}`, protoFile,
  ],
  { stdio: "inherit", cwd: root },
);
const descriptor = protobuf.loadSync(join(root, protoFile)).toJSON();
writeFileSync(join(outDir, "agent-descriptor.json"), JSON.stringify(descriptor, null, 2) + "\n");

const typeFiles = readdirSync(join(outDir, "a3s/box/v1")).map((f) => f.replace(/\.ts$/, "")).sort();
writeFileSync(
  join(outDir, "wire.ts"),
  typeFiles.map((name) => `export type * from "./a3s/box/v1/${name}";`).join("\n") + "\n",
);
