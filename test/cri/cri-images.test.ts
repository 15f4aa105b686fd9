// The CRI server's handshakes and ImageService, replayed the way crictl calls them (Version
// on every runtime connection, ImageFsInfo on every image connection), against a real
// registry (Debian's docker-registry) with token authentication in front of it.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ImageStore } from "../../runtime/image";
import { startCriServer, type CriServer } from "../../runtime/cri/cri-server";
import { buildImage } from "../support/oci-builder";
import { TestRegistry } from "../support/registry";
import { TokenServer } from "../support/token-server";
import { criClient, type CriClient } from "./cri-client";

const work = mkdtempSync(join(tmpdir(), "a3s-cri-images-"));
const login = { username: "carol", password: "pa55" };
const image = buildImage({ layers: [[{ path: "hello.txt", data: "hi" }]], config: { User: "1000:1000", Cmd: ["/hello"] } });
const savedDockerConfig = process.env.DOCKER_CONFIG;
let tokens: TokenServer;
let registry: TestRegistry;
let server: CriServer;
let cri: CriClient;
let store: ImageStore;

beforeAll(async () => {
  // No credentials on disk: they can only come from the CRI request.
  writeFileSync(join(work, "config.json"), JSON.stringify({ auths: {} }));
  process.env.DOCKER_CONFIG = work;
  tokens = await TokenServer.start({ [login.username]: login.password });
  registry = await TestRegistry.start({ tokenAuth: tokens, login });
  await registry.pushImage("team/app", "1", image);
  store = new ImageStore({ root: join(work, "store") });
  server = await startCriServer({ listen: `unix://${join(work, "cri.sock")}`, version: "9.9.9", store });
  cri = criClient(server.address);
});

afterAll(async () => {
  cri?.close();
  await server?.close();
  await registry?.stop();
  await tokens?.stop();
  if (savedDockerConfig === undefined) delete process.env.DOCKER_CONFIG;
  else process.env.DOCKER_CONFIG = savedDockerConfig;
  rmSync(work, { recursive: true, force: true });
});

it("answers crictl's handshakes: Version, Status, ImageFsInfo, UpdateRuntimeConfig", async () => {
  expect(await cri.runtime.Version({ version: "v1" })).toEqual({ version: "0.1.0", runtimeName: "a3s-box", runtimeVersion: "9.9.9", runtimeApiVersion: "v1" });
  const status = await cri.runtime.Status({});
  expect(status.status.conditions.map((c: { type: string; status: boolean }) => [c.type, c.status])).toEqual([
    ["RuntimeReady", true],
    ["NetworkReady", true],
  ]);
  expect(await cri.runtime.UpdateRuntimeConfig({ runtimeConfig: { networkConfig: { podCidr: "10.88.0.0/16" } } })).toEqual({});
  expect(JSON.parse((await cri.runtime.Status({ verbose: true })).info.config)).toMatchObject({ podCidr: "10.88.0.0/16" });
  const fs = await cri.image.ImageFsInfo({});
  expect(fs.imageFilesystems[0].fsId.mountpoint).toBe(store.root);
  expect(Number(fs.imageFilesystems[0].timestamp)).toBeGreaterThan(0);
  // The socket is the runtime's door: only its owner may open it.
  expect(statSync(join(work, "cri.sock")).mode & 0o777).toBe(0o600);
});

it("answers UNIMPLEMENTED with a message for what it does not serve", async () => {
  const error = (await cri.runtime.PortForward({ podSandboxId: "x", port: [80] }).catch((e: unknown) => e)) as grpc.ServiceError;
  expect(error.code).toBe(grpc.status.UNIMPLEMENTED);
  expect(error.details).toMatch(/PortForward is not implemented by a3s-box/);
});

it("pulls with the request's credentials, then lists, inspects and removes the image", async () => {
  const ref = `${registry.host}/team/app:1`;
  const anonymous = (await cri.image.PullImage({ image: { image: ref } }).catch((e: unknown) => e)) as grpc.ServiceError;
  expect(anonymous.code).toBe(grpc.status.UNAUTHENTICATED);

  const auth = Buffer.from(`${login.username}:${login.password}`).toString("base64");
  const pulled = await cri.image.PullImage({ image: { image: ref }, auth: { auth } });
  expect(pulled.imageRef).toBe(image.manifest.digest);

  const { images } = await cri.image.ListImages({});
  expect(images).toHaveLength(1);
  expect(images[0]).toMatchObject({ id: image.manifest.digest, repoTags: [ref], repoDigests: [`${registry.host}/team/app@${image.manifest.digest}`], uid: { value: "1000" } });
  expect(Number(images[0].size)).toBeGreaterThan(0);

  const byTag = await cri.image.ImageStatus({ image: { image: ref } });
  const byId = await cri.image.ImageStatus({ image: { image: image.manifest.digest } });
  expect(byTag.image.id).toBe(image.manifest.digest);
  expect(byId.image).toEqual(byTag.image);

  await cri.image.RemoveImage({ image: { image: ref } });
  expect((await cri.image.ImageStatus({ image: { image: ref } })).image).toBeNull();
  expect((await cri.image.ListImages({})).images).toEqual([]);
  // Removing what is gone succeeds (kubelet retries).
  expect(await cri.image.RemoveImage({ image: { image: ref } })).toEqual({});
});

it("fails a pull of a missing image clearly and keeps nothing", async () => {
  const auth = Buffer.from(`${login.username}:${login.password}`).toString("base64");
  const missing = (await cri.image.PullImage({ image: { image: `${registry.host}/team/nothing:9` }, auth: { auth } }).catch((e: unknown) => e)) as grpc.ServiceError;
  expect(missing.code).not.toBe(grpc.status.OK);
  expect(missing.details).toMatch(/team\/nothing/);
  const noImage = (await cri.image.PullImage({ image: { image: "" } }).catch((e: unknown) => e)) as grpc.ServiceError;
  expect(noImage.code).toBe(grpc.status.INVALID_ARGUMENT);
  expect((await cri.image.ListImages({})).images).toEqual([]);
});
