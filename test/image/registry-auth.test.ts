// The Bearer token flow against a real registry configured for token authentication, with
// a real token service in front; credentials come from a docker config.json.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { A3sError } from "../../common/errors";
import { ImageStore, prepareRootfs, pullImage } from "../../runtime/image";
import { buildImage } from "../support/oci-builder";
import { TestRegistry } from "../support/registry";
import { TokenServer } from "../support/token-server";

let tokens: TokenServer;
let registry: TestRegistry;
let work: string;
const login = { username: "alice", password: "s3cret" };
const image = buildImage({ layers: [[{ path: "private.txt", data: "only for alice" }]] });
const savedDockerConfig = process.env.DOCKER_CONFIG;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "a3s-auth-"));
  tokens = await TokenServer.start({ [login.username]: login.password });
  registry = await TestRegistry.start({ tokenAuth: tokens, login });
  await registry.pushImage("team/private", "1", image);
});

afterAll(async () => {
  if (savedDockerConfig === undefined) delete process.env.DOCKER_CONFIG;
  else process.env.DOCKER_CONFIG = savedDockerConfig;
  await registry?.stop();
  await tokens?.stop();
  rmSync(work, { recursive: true, force: true });
});

function useDockerConfig(auths: Record<string, unknown>): void {
  const dir = mkdtempSync(join(work, "docker-"));
  writeFileSync(join(dir, "config.json"), JSON.stringify({ auths }));
  process.env.DOCKER_CONFIG = dir;
}

it("answers the Bearer challenge with a token bought with credentials from config.json", async () => {
  useDockerConfig({ [registry.host]: { auth: Buffer.from(`${login.username}:${login.password}`).toString("base64") } });
  tokens.requests.length = 0;
  const store = new ImageStore({ root: join(work, "store-ok") });
  const ref = `${registry.host}/team/private:1`;
  const { digest } = await pullImage(ref, { store });
  expect(digest).toBe(image.manifest.digest);
  expect(tokens.requests).toEqual([{ scope: "repository:team/private:pull", service: tokens.service, user: "alice" }]);
  const prepared = await prepareRootfs(ref, { store, pull: "never" });
  expect(readFileSync(join(prepared.rootfsDir, "private.txt"), "utf8")).toBe("only for alice");
  prepared.release();
});

it("fails clearly without credentials and with wrong ones, storing nothing", async () => {
  useDockerConfig({});
  const store = new ImageStore({ root: join(work, "store-anon") });
  const anonymous = await pullImage(`${registry.host}/team/private:1`, { store }).catch((e: unknown) => e);
  expect(A3sError.is(anonymous, "UNAUTHENTICATED")).toBe(true);
  expect((anonymous as Error).message).toMatch(/refused access to 127\.0\.0\.1:\d+\/team\/private/);

  useDockerConfig({ [`https://${registry.host}`]: { username: "alice", password: "wrong" } });
  const wrong = await pullImage(`${registry.host}/team/private:1`, { store }).catch((e: unknown) => e);
  expect(A3sError.is(wrong, "UNAUTHENTICATED")).toBe(true);
  expect((wrong as Error).message).toMatch(/needs credentials \(the token service answered HTTP 401\)/);
  expect(store.readIndex().images).toEqual({});
});
