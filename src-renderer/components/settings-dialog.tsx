import { useEffect, useState } from "react";
import { DEFAULT_PROVIDER, PROVIDER_NAMES, type ProviderName } from "../../common/providers";
import type { ProviderSettings } from "../../common/box-api";
import { PolicyEditor } from "./policy-editor";
import { PriceEditor } from "./price-editor";
import { useSettings } from "./stores";

function ProviderRow({ provider }: { provider: ProviderSettings }) {
  const update = useSettings((s) => s.update);
  const setKey = useSettings((s) => s.setKey);
  const [baseUrl, setBaseUrl] = useState(provider.baseUrl);
  const [key, setKeyText] = useState("");
  const name = provider.provider;
  return (
    <fieldset className="provider">
      <legend>{name}</legend>
      <label>
        Base URL
        <input value={baseUrl} placeholder="default" onChange={(e) => setBaseUrl(e.target.value)} onBlur={() => void update({ providerBaseUrls: { [name]: baseUrl.trim() } })} />
      </label>
      {name !== "ollama" && (
        <div className="key-row">
          <label>
            API key
            <input type="password" autoComplete="off" value={key} placeholder={provider.hasKey ? "stored on this computer" : "not set"} onChange={(e) => setKeyText(e.target.value)} />
          </label>
          <button type="button" disabled={!key} onClick={() => void setKey(name, key).then(() => setKeyText(""))}>Save key</button>
          {provider.hasKey && <button type="button" onClick={() => void setKey(name, null)}>Forget key</button>}
        </div>
      )}
    </fieldset>
  );
}

function OllamaSection() {
  const { ollamaModels, ollamaError, testing, testReport, listOllamaModels, testModel } = useSettings((s) => s);
  useEffect(() => {
    void listOllamaModels();
  }, [listOllamaModels]);
  return (
    <section aria-label="Ollama">
      <h3>Ollama models</h3>
      <button type="button" onClick={() => void listOllamaModels()}>Refresh models</button>
      {ollamaError && <p className="error" role="alert">{ollamaError}</p>}
      <ul className="ollama-models">
        {ollamaModels.map((m) => (
          <li key={m.name}>
            <span>{m.name}</span> <span className="muted">{m.parameterSize} {m.family}</span>
            <button type="button" disabled={testing !== undefined} onClick={() => void testModel(m.name)}>
              {testing === m.name ? "Testing…" : "Test model"}
            </button>
          </li>
        ))}
      </ul>
      {testReport && (
        <dl className="test-report" aria-label={`Test of ${testReport.model}`}>
          <dt>Streaming</dt><dd>{testReport.streams ? "yes" : "no"}</dd>
          <dt>Tool calls</dt><dd>{testReport.callsTools ? "yes" : "no"}</dd>
          <dt>JSON schema</dt><dd>{testReport.followsJsonSchema ? "yes" : "no"}</dd>
          <dt>Tokens per second</dt><dd>{testReport.tokensPerSecond === null ? "unknown" : testReport.tokensPerSecond.toFixed(1)}</dd>
          <dt>Notes</dt><dd><ul>{testReport.notes.map((n, i) => <li key={i}>{n}</li>)}</ul></dd>
        </dl>
      )}
    </section>
  );
}

function HostSection() {
  const { hostReport, checkingHost, checkHost } = useSettings((s) => s);
  return (
    <section aria-label="This computer">
      <h3>This computer</h3>
      <button type="button" disabled={checkingHost} onClick={() => void checkHost()}>{checkingHost ? "Checking…" : "Check this computer"}</button>
      {hostReport && (
        <>
          <p role="status">{hostReport.canStartBox ? "A box can start here." : "A box cannot start here."}</p>
          <ul className="host-report">
            {hostReport.lines.map((line) => (
              <li key={line.check} className={`host-${line.status}`}>
                <strong>{line.check}</strong> <span className="muted">{line.status}</span> {line.detail}
                {line.fix && <div className="hint">Fix: {line.fix}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const settings = useSettings((s) => s.settings);
  const error = useSettings((s) => s.error);
  const update = useSettings((s) => s.update);
  const [provider, setProvider] = useState<ProviderName>(settings?.defaultModel.provider ?? DEFAULT_PROVIDER);
  const [model, setModel] = useState(settings?.defaultModel.name ?? "");
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  if (!settings) return null;
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Settings">
        <header>
          <h2>Settings</h2>
          <button type="button" onClick={onClose}>Close</button>
        </header>
        {error && <p className="error" role="alert">{error}</p>}
        <section aria-label="Default model">
          <h3>Default model for new sessions</h3>
          <select aria-label="Provider" value={provider} onChange={(e) => setProvider(e.target.value as ProviderName)}>
            {PROVIDER_NAMES.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
          <input aria-label="Model name" value={model} onChange={(e) => setModel(e.target.value)} />
          <button type="button" disabled={!model.trim()} onClick={() => void update({ defaultModel: { provider, name: model.trim() } })}>Save model</button>
        </section>
        <section aria-label="Providers">
          <h3>Providers</h3>
          <p className="hint">Keys stay on this computer{window.boxApi ? ", encrypted by the system keychain" : " with the server process"}; boxes reach models through a gateway that adds them.</p>
          {settings.providers.map((p) => <ProviderRow key={p.provider} provider={p} />)}
        </section>
        <section aria-label="Model prices">
          <h3>Model prices</h3>
          {/* Keyed by the saved overrides: a save or reset shows what the host kept. */}
          <PriceEditor key={JSON.stringify(settings.priceOverrides)} overrides={settings.priceOverrides} onSave={(priceOverrides) => void update({ priceOverrides })} />
        </section>
        <OllamaSection />
        <HostSection />
        <section aria-label="Default policy">
          <h3>Default policy for new sessions</h3>
          <PolicyEditor label="Default policy" policy={settings.defaultPolicy} onSave={(defaultPolicy) => void update({ defaultPolicy })} />
        </section>
      </div>
    </div>
  );
}
