// The equalsay services over gRPC-Web, as the signed-in person.
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { ConsensusService } from "./gen/equalsay/v1/consensus_pb";
import { PanelService } from "./gen/equalsay/v1/panels_pb";
import { ScoringService } from "./gen/equalsay/v1/scoring_pb";

const TOKEN_KEY = "equalsay.token";
const LINK_KEY = "equalsay.link";

// The sign-in lives in this tab's session only (closing the tab signs out),
// unless the person said this is their own device: then it is kept on the
// device until it ends on the server.
export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(TOKEN_KEY);
}
export function signIn(value: string, keepOnDevice = false): void {
  // Someone else's link in a tab still signed in: their drafts are not ours.
  const current = token();
  if (current !== null && current !== value.trim()) sessionStorage.clear();
  localStorage.removeItem(TOKEN_KEY);
  (keepOnDevice ? localStorage : sessionStorage).setItem(TOKEN_KEY, value.trim());
}
// Signing out on purpose also forgets this tab's unsent drafts: the next
// person at a shared device must not find them. A sign-in that merely
// expired keeps them (`keepDrafts`), for the same person to send later.
export function signOut(keepDrafts = false): void {
  localStorage.removeItem(TOKEN_KEY);
  if (keepDrafts) {
    sessionStorage.removeItem(TOKEN_KEY);
  } else {
    sessionStorage.clear();
  }
}

// A sign-in link opened but not yet used: kept through a reload, and used
// only when the person presses "Sign in" (so a mail scanner that opens
// links cannot use it up).
export function pendingLink(): string | null {
  return sessionStorage.getItem(LINK_KEY);
}
export function holdLink(code: string | null): void {
  if (code === null) sessionStorage.removeItem(LINK_KEY);
  else sessionStorage.setItem(LINK_KEY, code);
}

// A call that names its own credentials (a sign-in link) keeps them.
const auth: Interceptor = (next) => async (req) => {
  const t = token();
  if (t && !req.header.has("authorization")) req.header.set("authorization", `Bearer ${t}`);
  return next(req);
};

export function makeClients(baseUrl: string) {
  const transport = createGrpcWebTransport({
    baseUrl,
    useBinaryFormat: true,
    interceptors: [auth],
  });
  return {
    panels: createClient(PanelService, transport),
    scoring: createClient(ScoringService, transport),
    consensus: createClient(ConsensusService, transport),
  };
}
export type Clients = ReturnType<typeof makeClients>;

// A fresh id for each change, so a retry never counts twice.
export function requestId(): string {
  return crypto.randomUUID();
}

// What to tell the person when a call fails, in the server's own words.
export function problem(e: unknown): { message: string; signedOut: boolean } {
  const err = ConnectError.from(e);
  if (err.code === Code.Unauthenticated) {
    return { message: "Your sign-in has ended or did not work. Sign in again with your link, or ask for a new one.", signedOut: true };
  }
  if (err.code === Code.Unavailable || err.code === Code.Unknown) {
    return { message: "equalsay cannot be reached just now. Check your connection and try again.", signedOut: false };
  }
  return { message: err.rawMessage, signedOut: false };
}
export { Code, ConnectError };
