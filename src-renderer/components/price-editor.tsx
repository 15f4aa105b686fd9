import { useState } from "react";
import { DEFAULT_PRICES, type ModelPrice } from "../../common/prices";
import { PROVIDER_NAMES, type ProviderName } from "../../common/providers";
import { formatUsd } from "../../common/spend";

/** The most a price may be, as the host's validation has it (US dollars per million tokens). */
const MAX_PER_MILLION = 100_000;

interface Row {
  provider: string;
  model: string;
  input: string;
  output: string;
  /** The shipped entry; absent for a model added here. */
  shipped?: ModelPrice;
}

const keyOf = (entry: { provider: string; model: string }) => `${entry.provider}\u0000${entry.model}`;
const modelLabel = (row: { provider: string; model: string }) => `${row.provider} ${row.model || "(any model)"}`;

/** The shipped table's rows with the overrides in place, then the models added by the user. */
function rowsOf(overrides: readonly ModelPrice[]): Row[] {
  const byKey = new Map(overrides.map((entry) => [keyOf(entry), entry]));
  const row = (price: ModelPrice, shipped?: ModelPrice): Row => ({
    provider: price.provider,
    model: price.model,
    input: String(price.inputPerMillion),
    output: String(price.outputPerMillion),
    ...(shipped ? { shipped } : {}),
  });
  const shippedKeys = new Set(DEFAULT_PRICES.models.map(keyOf));
  return [
    ...DEFAULT_PRICES.models.map((shipped) => row(byKey.get(keyOf(shipped)) ?? shipped, shipped)),
    ...overrides.filter((entry) => !shippedKeys.has(keyOf(entry))).map((entry) => row(entry)),
  ];
}

/** A price typed into the form, or why it is not one. */
function parsePrice(text: string): number | string {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) return "must be a number ≥ 0";
  if (value > MAX_PER_MILLION) return `must be at most ${MAX_PER_MILLION.toLocaleString()}`;
  return value;
}

/** The overrides the rows stand for (the rows that differ from the shipped price), or the problems found. */
function overridesOf(rows: readonly Row[]): { overrides: ModelPrice[]; problems: string[] } {
  const overrides: ModelPrice[] = [];
  const problems: string[] = [];
  for (const row of rows) {
    const input = parsePrice(row.input);
    const output = parsePrice(row.output);
    if (typeof input === "string") problems.push(`The input price of ${modelLabel(row)} ${input}.`);
    if (typeof output === "string") problems.push(`The output price of ${modelLabel(row)} ${output}.`);
    if (typeof input === "string" || typeof output === "string") continue;
    if (row.shipped && row.shipped.inputPerMillion === input && row.shipped.outputPerMillion === output) continue;
    overrides.push({ provider: row.provider, model: row.model, inputPerMillion: input, outputPerMillion: output });
  }
  return { overrides, problems };
}

/** When a provider's shipped prices were read (the table's date where its source does not say). */
function shippedDate(provider: string): string {
  return DEFAULT_PRICES.sources?.find((source) => source.provider === provider)?.checked ?? DEFAULT_PRICES.date;
}

/**
 * Prices per million tokens, per provider and model: the shipped price and its date beside
 * each, saved as overrides (only the prices that differ from the shipped ones).
 */
export function PriceEditor({ overrides, onSave }: { overrides: ModelPrice[]; onSave: (overrides: ModelPrice[]) => void }) {
  const [rows, setRows] = useState(() => rowsOf(overrides));
  const [provider, setProvider] = useState<ProviderName>(PROVIDER_NAMES[0]);
  const [model, setModel] = useState("");
  const { overrides: edited, problems } = overridesOf(rows);
  const changed = JSON.stringify(edited) !== JSON.stringify(overrides);
  const setField = (index: number, field: "input" | "output", value: string) => setRows(rows.map((row, i) => (i === index ? { ...row, [field]: value } : row)));
  const known = rows.some((row) => keyOf(row) === keyOf({ provider, model: model.trim() }));

  return (
    <form
      className="price-editor"
      aria-label="Prices"
      onSubmit={(e) => {
        e.preventDefault();
        if (problems.length === 0) onSave(edited);
      }}
    >
      <table>
        <thead>
          <tr><th>Provider</th><th>Model</th><th>Input $ / M tokens</th><th>Output $ / M tokens</th><th>Shipped</th><th /></tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const label = modelLabel(row);
            const overridden = overrides.some((entry) => keyOf(entry) === keyOf(row));
            return (
              <tr key={keyOf(row)} aria-label={`Price of ${label}`}>
                <td>{row.provider}</td>
                <td>{row.model || <span className="muted">any model</span>}</td>
                <td><input aria-label={`Input price of ${label}`} inputMode="decimal" value={row.input} onChange={(e) => setField(index, "input", e.target.value)} /></td>
                <td><input aria-label={`Output price of ${label}`} inputMode="decimal" value={row.output} onChange={(e) => setField(index, "output", e.target.value)} /></td>
                <td className="muted">
                  {row.shipped ? `${formatUsd(row.shipped.inputPerMillion)} / ${formatUsd(row.shipped.outputPerMillion)}, ${shippedDate(row.provider)}` : "not in the shipped table"}
                </td>
                <td>
                  {overridden && (
                    <button type="button" aria-label={`Reset ${label}`} onClick={() => onSave(overrides.filter((entry) => keyOf(entry) !== keyOf(row)))}>
                      {row.shipped ? "Reset" : "Remove"}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="price-add">
        <select aria-label="Provider of a new price" value={provider} onChange={(e) => setProvider(e.target.value as ProviderName)}>
          {PROVIDER_NAMES.map((p) => <option key={p} value={p}>{p}</option>)}
        </select>
        <input aria-label="Model of a new price" placeholder="model name (a prefix matches its versions)" maxLength={200} value={model} onChange={(e) => setModel(e.target.value)} />
        <button
          type="button"
          disabled={!model.trim() || known}
          onClick={() => {
            setRows([...rows, { provider, model: model.trim(), input: "0", output: "0" }]);
            setModel("");
          }}
        >
          Add model
        </button>
      </div>
      {problems.length > 0 && (
        <ul className="error" role="alert">
          {problems.map((problem) => <li key={problem}>{problem}</li>)}
        </ul>
      )}
      <p className="hint">US dollars per million tokens. A session's cost counts each turn at the prices saved when it ends.</p>
      <div className="price-actions">
        <button type="submit" disabled={!changed || problems.length > 0}>Save prices</button>
        <button type="button" disabled={overrides.length === 0} onClick={() => onSave([])}>Reset all to shipped prices</button>
      </div>
    </form>
  );
}
