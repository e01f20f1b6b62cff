// A real OpenID Connect provider for the tests (the certified npm package
// oidc-provider), standing in for Microsoft Entra ID, Google Workspace or
// Keycloak. Its own sign-in page takes any login as the person's e-mail
// address (and any password); an address starting "unverified" comes back
// with email_verified false. Prints "ready" once it listens.
//   OIDC_PORT=9000 OIDC_REDIRECT=http://127.0.0.1:8080/ node oidc-provider.mjs
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: "equalsay-web",
    token_endpoint_auth_method: "none",  // A public client: PKCE alone.
    redirect_uris: [process.env.OIDC_REDIRECT],
    grant_types: ["authorization_code"],
    response_types: ["code"],
  }],
  pkce: { required: () => true },
  claims: { openid: ["sub"], email: ["email", "email_verified"] },
  // The e-mail claims in the ID token itself, as Entra and Google send them.
  conformIdTokenClaims: false,
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: !id.startsWith("unverified") };
      },
    };
  },
});
provider.proxy = false;
provider.listen(port, "127.0.0.1", () => console.log("ready"));
