// Staff sign in with their organisation's account: OpenID Connect's
// authorization code flow with PKCE (RFC 7636). The secret that proves this
// tab started the sign-in stays in this tab; the server redeems the code.
import type { OrganisationSignIn } from "./gen/equalsay/v1/panels_pb";

const FLOW_KEY = "equalsay.organisation";

// What this tab sent to the provider, to check and finish the sign-in.
interface Flow {
  verifier: string;
  state: string;
  nonce: string;
  redirectUri: string;
  keepOnDevice: boolean;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function random(size: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(size)));
}

// Sends the browser to the provider's sign-in page.
export async function startOrganisationSignIn(org: OrganisationSignIn, keepOnDevice: boolean): Promise<void> {
  const flow: Flow = {
    verifier: random(32),  // 43 characters.
    state: random(16),
    nonce: random(16),
    redirectUri: location.origin + location.pathname,
    keepOnDevice,
  };
  sessionStorage.setItem(FLOW_KEY, JSON.stringify(flow));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(flow.verifier))));
  const url = new URL(org.authorizationEndpoint);
  for (const [key, value] of Object.entries({
    response_type: "code", client_id: org.clientId, redirect_uri: flow.redirectUri, scope: org.scope,
    state: flow.state, nonce: flow.nonce, code_challenge: challenge, code_challenge_method: "S256",
  })) url.searchParams.set(key, value);
  location.assign(url.toString());
}

export type OrganisationAnswer =
  | { code: string; flow: Flow }
  | { problem: string };

// The provider's answer in this page's address (?code=…&state=…), taken out
// of the address bar and used once; null when there is none.
export function takeOrganisationAnswer(): OrganisationAnswer | null {
  const params = new URLSearchParams(location.search);
  if (!params.has("code") && !params.has("error")) return null;
  const saved = sessionStorage.getItem(FLOW_KEY);
  sessionStorage.removeItem(FLOW_KEY);
  history.replaceState(null, "", location.pathname + "#/");
  const flow: Flow | null = saved ? JSON.parse(saved) : null;
  // A sign-in this tab did not start (someone else's link) is never used.
  if (!flow || params.get("state") !== flow.state) {
    return { problem: "That sign-in was not started in this window, so it was not used. Start again with the button below." };
  }
  const code = params.get("code");
  if (!code) {
    return params.get("error") === "access_denied"
      ? { problem: "The sign-in with your organisation's account was cancelled. You can start again." }
      : { problem: `Your organisation's account service did not sign you in (${params.get("error_description") ?? params.get("error")}). Try again; if it happens again, tell your administrator.` };
  }
  return { code, flow };
}
