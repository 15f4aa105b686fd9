/**
 * Provider API keys, kept by the host process and never handed to a renderer or a VM.
 * In the desktop app a cipher (Electron's safeStorage) encrypts them at rest; under
 * `a3s-box serve` they sit in a file only the user can read.
 */
import { join } from "node:path";
import { readJsonFile, writeJsonAtomic } from "../../common/node/atomic-file";
import type { ProviderName } from "../../common/providers";

export interface SecretCipher {
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

export interface SecretStore {
  get(provider: ProviderName): Promise<string | undefined>;
  set(provider: ProviderName, key: string | null): Promise<void>;
  providersWithKeys(): Promise<ProviderName[]>;
}

type StoredKeys = Partial<Record<ProviderName, string>>;

export class FileSecretStore implements SecretStore {
  private readonly file: string;

  constructor(stateDir: string, private readonly cipher?: SecretCipher) {
    this.file = join(stateDir, cipher ? "keys.encrypted.json" : "keys.json");
  }

  async get(provider: ProviderName): Promise<string | undefined> {
    const stored = (await this.load())[provider];
    if (stored === undefined) return undefined;
    return this.cipher ? this.cipher.decrypt(Buffer.from(stored, "base64")) : stored;
  }

  async set(provider: ProviderName, key: string | null): Promise<void> {
    const keys = await this.load();
    if (key === null) delete keys[provider];
    else keys[provider] = this.cipher ? this.cipher.encrypt(key).toString("base64") : key;
    await writeJsonAtomic(this.file, keys, { mode: 0o600 });
  }

  async providersWithKeys(): Promise<ProviderName[]> {
    return Object.keys(await this.load()) as ProviderName[];
  }

  private async load(): Promise<StoredKeys> {
    return ((await readJsonFile(this.file)) as StoredKeys | undefined) ?? {};
  }
}
