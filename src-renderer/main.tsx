import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./monaco-setup";
import "./styles.css";
import { App } from "./components/app";
import { StoresProvider, type Stores } from "./components/stores";
import { createAppStore } from "./state/app-store";
import { createGuestStore } from "./state/guest-store";
import { createSettingsStore } from "./state/settings-store";
import { createWorkspaceStore } from "./state/workspace-store";
import { connectBoxApi } from "./transport/box-api";

// The server put the token in a cookie; keep it out of the address bar and history.
if (new URLSearchParams(location.search).has("token")) history.replaceState(null, "", location.pathname);

const api = connectBoxApi();
const stores: Stores = { api, app: createAppStore(api), workspace: createWorkspaceStore(api), settings: createSettingsStore(api), guest: createGuestStore(api) };

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>
  </StrictMode>,
);
