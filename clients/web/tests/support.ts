// What the browser tests share: Debian's Chromium, the API as someone (for
// the steps other people take meanwhile), and using controls by keyboard.
import { createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { chromium, type Browser, type Locator } from "playwright-core";
import { ConsensusService } from "../src/gen/equalsay/v1/consensus_pb";
import { PanelService } from "../src/gen/equalsay/v1/panels_pb";
import { ScoringService } from "../src/gen/equalsay/v1/scoring_pb";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export function apiAs(baseUrl: string, token: string) {
  const auth: Interceptor = (next) => (req) => {
    req.header.set("authorization", `Bearer ${token}`);
    return next(req);
  };
  const transport = createGrpcWebTransport({ baseUrl, useBinaryFormat: true, interceptors: [auth] });
  return {
    panels: createClient(PanelService, transport),
    scoring: createClient(ScoringService, transport),
    consensus: createClient(ConsensusService, transport),
  };
}

// By keyboard alone: each control is reached (focus, as Tab would) and used
// with the keys a keyboard user presses, never the mouse.
export async function press(control: Locator): Promise<void> {
  await control.focus();
  await control.page().keyboard.press("Enter");
}
export async function tick(control: Locator): Promise<void> {
  await control.focus();
  await control.page().keyboard.press("Space");
}
export async function type(control: Locator, text: string): Promise<void> {
  await control.focus();
  await control.page().keyboard.insertText(text);
}
