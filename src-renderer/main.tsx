import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import type { AppInfo, BoxApi } from "../common/box-api";

declare global {
  interface Window {
    boxApi: BoxApi;
  }
}

function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    void window.boxApi.getAppInfo().then(setInfo);
  }, []);
  return (
    <main>
      <h1>A3S Box</h1>
      <p>{info ? `version ${info.version} (${info.host})` : "connecting…"}</p>
    </main>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
