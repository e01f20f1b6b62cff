#include "services/oidc/service/oidc_client.h"

#include <curl/curl.h>

#include <memory>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace equalsay::oidc {
namespace {

struct Reply {
  long status = 0;
  std::string body;
};

size_t Collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

absl::StatusOr<google::protobuf::Struct> JsonObject(const std::string& body,
                                                    absl::string_view what) {
  google::protobuf::Struct object;
  if (!google::protobuf::util::JsonStringToMessage(body, &object).ok()) {
    return absl::UnavailableError(
        absl::StrCat("Your organisation's account service sent ", what,
                     " that equalsay cannot read. Try again later."));
  }
  return object;
}

std::string Field(const google::protobuf::Struct& object,
                  const std::string& key) {
  const auto it = object.fields().find(key);
  return it == object.fields().end() ? "" : it->second.string_value();
}

std::string Escaped(CURL* curl, const std::string& value) {
  char* escaped =
      curl_easy_escape(curl, value.data(), static_cast<int>(value.size()));
  std::string out = escaped == nullptr ? "" : escaped;
  curl_free(escaped);
  return out;
}

}  // namespace

absl::StatusOr<std::string> OidcClient::Fetch(
    const std::string& url, const std::string& form_body) const {
  const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(
      curl_easy_init(), curl_easy_cleanup);
  if (!curl) return absl::UnavailableError("could not start libcurl");
  CURL* c = curl.get();
  char error[CURL_ERROR_SIZE] = {};
  Reply reply;
  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  const std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(
      headers, curl_slist_free_all);
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(
      c, CURLOPT_TIMEOUT_MS,
      static_cast<long>(absl::ToInt64Milliseconds(settings_.timeout)));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
  if (!settings_.ca_file.empty()) {
    curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
  }
  if (!form_body.empty()) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form_body.c_str());
  }
  if (const CURLcode rc = curl_easy_perform(c); rc != CURLE_OK) {
    return absl::UnavailableError(absl::StrCat(
        "equalsay cannot reach your organisation's account service (",
        error[0] != '\0' ? error : curl_easy_strerror(rc),
        "). Try again in a few minutes; if it goes on, tell your "
        "administrator."));
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
  if (reply.status / 100 == 2) return std::move(reply.body);
  if (reply.status == 400 || reply.status == 401) {
    // The token endpoint's refusal of this sign-in (RFC 6749 §5.2).
    const absl::StatusOr<google::protobuf::Struct> refusal =
        JsonObject(reply.body, "a refusal");
    const std::string why = refusal.ok() ? Field(*refusal, "error") : "";
    if (why == "invalid_grant") {
      return absl::UnauthenticatedError(
          "This sign-in has already been used or took too long. Start "
          "again with \"Sign in with your organisation's account\".");
    }
    return absl::UnauthenticatedError(absl::StrCat(
        "Your organisation's account service refused the sign-in (",
        why.empty() ? absl::StrCat("HTTP ", reply.status) : why,
        "). Tell your administrator: equalsay's client settings may not "
        "match the provider's."));
  }
  return absl::UnavailableError(
      absl::StrCat("Your organisation's account service answered HTTP ",
                   reply.status, ". Try again in a few minutes."));
}

absl::StatusOr<Endpoints> OidcClient::Discover() {
  {
    absl::MutexLock lock(&mu_);
    if (endpoints_.has_value()) return *endpoints_;
    if (absl::Now() < retry_at_) return last_failure_;
  }
  absl::StatusOr<Endpoints> found = FetchEndpoints();
  absl::MutexLock lock(&mu_);
  if (found.ok()) {
    endpoints_ = *found;
  } else {
    last_failure_ = found.status();
    retry_at_ = absl::Now() + absl::Seconds(30);
  }
  return found;
}

absl::StatusOr<Endpoints> OidcClient::FetchEndpoints() const {
  const std::string issuer(absl::StripSuffix(settings_.issuer, "/"));
  absl::StatusOr<std::string> body =
      Fetch(absl::StrCat(issuer, "/.well-known/openid-configuration"), "");
  if (!body.ok()) return body.status();
  absl::StatusOr<google::protobuf::Struct> doc =
      JsonObject(*body, "a description of itself");
  if (!doc.ok()) return doc.status();
  Endpoints found{.authorization = Field(*doc, "authorization_endpoint"),
                  .token = Field(*doc, "token_endpoint"),
                  .jwks = Field(*doc, "jwks_uri"),
                  .issuer = Field(*doc, "issuer")};
  // A document that names another issuer is not this provider's (OpenID
  // Connect Discovery §4.3).
  if (absl::StripSuffix(found.issuer, "/") != issuer ||
      found.authorization.empty() || found.token.empty() ||
      found.jwks.empty()) {
    return absl::UnavailableError(absl::StrCat(
        "The account service at ", settings_.issuer,
        " does not describe itself as an OpenID Connect provider for that "
        "address. Tell your administrator to check EQUALSAY_OIDC_ISSUER."));
  }
  return found;
}

absl::StatusOr<std::string> OidcClient::Keys(bool refresh) {
  {
    absl::MutexLock lock(&mu_);
    if (!refresh && !jwks_.empty()) return jwks_;
  }
  absl::StatusOr<Endpoints> endpoints = Discover();
  if (!endpoints.ok()) return endpoints.status();
  absl::StatusOr<std::string> keys = Fetch(endpoints->jwks, "");
  if (!keys.ok()) return keys.status();
  absl::MutexLock lock(&mu_);
  jwks_ = *keys;
  return jwks_;
}

absl::StatusOr<Identity> OidcClient::Redeem(const std::string& code,
                                            const std::string& code_verifier,
                                            const std::string& redirect_uri,
                                            const std::string& nonce) {
  {
    absl::MutexLock lock(&mu_);
    if (redeeming_ >= settings_.most_redeeming) {
      return absl::ResourceExhaustedError(
          "Many people are signing in with their organisation's account at "
          "this moment. Please try again in a few seconds.");
    }
    ++redeeming_;
  }
  const absl::Cleanup done = [this] {
    absl::MutexLock lock(&mu_);
    --redeeming_;
  };
  absl::StatusOr<Endpoints> endpoints = Discover();
  if (!endpoints.ok()) return endpoints.status();
  std::string form;
  {
    const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(
        curl_easy_init(), curl_easy_cleanup);
    if (!curl) return absl::UnavailableError("could not start libcurl");
    form = absl::StrCat(
        "grant_type=authorization_code&code=", Escaped(curl.get(), code),
        "&redirect_uri=", Escaped(curl.get(), redirect_uri),
        "&client_id=", Escaped(curl.get(), settings_.client_id),
        "&code_verifier=", Escaped(curl.get(), code_verifier));
    if (!settings_.client_secret.empty()) {
      absl::StrAppend(&form, "&client_secret=",
                      Escaped(curl.get(), settings_.client_secret));
    }
  }
  absl::StatusOr<std::string> body = Fetch(endpoints->token, form);
  if (!body.ok()) return body.status();
  absl::StatusOr<google::protobuf::Struct> tokens = JsonObject(*body, "tokens");
  if (!tokens.ok()) return tokens.status();
  const std::string id_token = Field(*tokens, "id_token");
  const Expected expected{.issuer = endpoints->issuer,
                          .client_id = settings_.client_id,
                          .nonce = nonce,
                          .now = absl::Now(),
                          .trust_email = settings_.trust_email};
  absl::StatusOr<std::string> keys = Keys(/*refresh=*/false);
  if (!keys.ok()) return keys.status();
  absl::StatusOr<Identity> identity = VerifyIdToken(id_token, *keys, expected);
  if (identity.ok() || !IsUnknownKey(identity.status())) return identity;
  // The provider may have rotated its keys since they were fetched.
  keys = Keys(/*refresh=*/true);
  if (!keys.ok()) return keys.status();
  return VerifyIdToken(id_token, *keys, expected);
}

}  // namespace equalsay::oidc
