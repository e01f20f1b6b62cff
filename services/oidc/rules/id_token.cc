#include "services/oidc/rules/id_token.h"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace equalsay::oidc {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

template <typename T, void (*Free)(T*)>
struct Freer {
  void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Freer<T, Free>>;

void FreeChars(char* p) { std::free(p); }

constexpr char kUnknownKey[] = "equalsay.oidc/unknown-key";

absl::Status Refused(absl::string_view why) {
  return absl::UnauthenticatedError(
      absl::StrCat("Your organisation's sign-in could not be accepted: ", why,
                   ". Try again; if it happens again, tell your "
                   "administrator."));
}

std::optional<Struct> ParseObject(absl::string_view json) {
  Struct object;
  if (!google::protobuf::util::JsonStringToMessage(std::string(json), &object)
           .ok()) {
    return std::nullopt;
  }
  return object;
}

std::string Text(const Struct& object, const std::string& key) {
  const auto it = object.fields().find(key);
  return it == object.fields().end() ? "" : it->second.string_value();
}

std::optional<double> Number(const Struct& object, const std::string& key) {
  const auto it = object.fields().find(key);
  if (it == object.fields().end() || !it->second.has_number_value()) {
    return std::nullopt;
  }
  return it->second.number_value();
}

// The PEM form libjwt reads of an RSA signing key in a JWK; nullopt for a
// key of another kind or use.
std::optional<std::string> RsaPem(const Struct& jwk) {
  if (Text(jwk, "kty") != "RSA") return std::nullopt;
  if (!Text(jwk, "use").empty() && Text(jwk, "use") != "sig") {
    return std::nullopt;
  }
  std::string n, e;
  if (!absl::WebSafeBase64Unescape(Text(jwk, "n"), &n) ||
      !absl::WebSafeBase64Unescape(Text(jwk, "e"), &e) || n.empty() ||
      e.empty()) {
    return std::nullopt;
  }
  const auto bytes = [](const std::string& s) {
    return reinterpret_cast<const unsigned char*>(s.data());
  };
  Owned<BIGNUM, BN_free> bn_n(BN_bin2bn(bytes(n), n.size(), nullptr));
  Owned<BIGNUM, BN_free> bn_e(BN_bin2bn(bytes(e), e.size(), nullptr));
  Owned<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free> build(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !build ||
      !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
      !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
    return std::nullopt;
  }
  Owned<OSSL_PARAM, OSSL_PARAM_free> params(
      OSSL_PARAM_BLD_to_param(build.get()));
  Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw_key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &raw_key, EVP_PKEY_PUBLIC_KEY,
                        params.get()) <= 0) {
    return std::nullopt;
  }
  Owned<EVP_PKEY, EVP_PKEY_free> key(raw_key);
  Owned<BIO, BIO_free_all> bio(BIO_new(BIO_s_mem()));
  if (!bio || !PEM_write_bio_PUBKEY(bio.get(), key.get())) return std::nullopt;
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, size);
}

// The token's claims when one of `pems` verifies its signature.
std::optional<Struct> VerifiedClaims(const std::string& token,
                                     const std::vector<std::string>& pems) {
  for (const std::string& pem : pems) {
    jwt_t* raw = nullptr;
    if (jwt_decode(&raw, token.c_str(),
                   reinterpret_cast<const unsigned char*>(pem.data()),
                   static_cast<int>(pem.size())) != 0) {
      continue;
    }
    Owned<jwt_t, jwt_free> jwt(raw);
    if (jwt_get_alg(jwt.get()) != JWT_ALG_RS256) continue;
    Owned<char, FreeChars> json(jwt_get_grants_json(jwt.get(), nullptr));
    if (json) return ParseObject(json.get());
  }
  return std::nullopt;
}

bool EmailVerified(const Struct& claims) {
  const auto it = claims.fields().find("email_verified");
  if (it == claims.fields().end()) return false;
  // Some providers send the JSON string "true".
  return (it->second.has_bool_value() && it->second.bool_value()) ||
         it->second.string_value() == "true";
}

absl::StatusOr<Identity> CheckClaims(const Struct& claims,
                                     const Expected& expected) {
  if (Text(claims, "iss") != expected.issuer) {
    return Refused("it was issued by another provider");
  }
  const auto aud = claims.fields().find("aud");
  std::vector<std::string> audience;
  if (aud != claims.fields().end()) {
    if (aud->second.has_list_value()) {
      for (const Value& v : aud->second.list_value().values()) {
        audience.push_back(v.string_value());
      }
    } else {
      audience.push_back(aud->second.string_value());
    }
  }
  if (std::find(audience.begin(), audience.end(), expected.client_id) ==
      audience.end()) {
    return Refused("it was made for another service, not for equalsay");
  }
  if (audience.size() > 1 && Text(claims, "azp") != expected.client_id) {
    return Refused("it was handed to another service, not to equalsay");
  }
  const std::optional<double> exp = Number(claims, "exp");
  if (!exp.has_value() ||
      absl::FromUnixSeconds(static_cast<int64_t>(*exp)) + expected.leeway <
          expected.now) {
    return Refused("it has expired");
  }
  const std::optional<double> iat = Number(claims, "iat");
  if (iat.has_value() && absl::FromUnixSeconds(static_cast<int64_t>(*iat)) >
                             expected.now + expected.leeway) {
    return Refused("it says it was made in the future");
  }
  if (expected.nonce.empty() || Text(claims, "nonce") != expected.nonce) {
    return Refused("it belongs to another sign-in");
  }
  Identity identity{.subject = Text(claims, "sub"),
                    .email = Text(claims, "email")};
  if (identity.subject.empty()) return Refused("it does not say who you are");
  if (identity.email.empty()) {
    return Refused(
        "it does not give your e-mail address (the provider must be asked "
        "for the \"email\" scope)");
  }
  if (!expected.trust_email && !EmailVerified(claims)) {
    return Refused("your organisation has not verified your e-mail address");
  }
  return identity;
}

}  // namespace

absl::StatusOr<Identity> VerifyIdToken(const std::string& token,
                                       absl::string_view jwks_json,
                                       const Expected& expected) {
  // The header's algorithm is read before any key is tried, so anything but
  // RS256 is refused: libjwt accepts "none" without a key, and would take a
  // public key as an HMAC secret.
  std::string header_json;
  const std::optional<Struct> header =
      absl::WebSafeBase64Unescape(token.substr(0, token.find('.')),
                                  &header_json)
          ? ParseObject(header_json)
          : std::nullopt;
  if (!header.has_value() || token.find('.') == std::string::npos) {
    return Refused("what the provider sent is not a sign-in token");
  }
  if (const std::string alg = Text(*header, "alg"); alg != "RS256") {
    return Refused(absl::StrCat("it is signed with ",
                                alg.empty() ? "no algorithm" : alg,
                                ", and equalsay accepts only RS256"));
  }
  const std::optional<Struct> jwks = ParseObject(jwks_json);
  std::vector<std::string> pems;
  if (jwks.has_value()) {
    const auto keys = jwks->fields().find("keys");
    if (keys != jwks->fields().end()) {
      for (const Value& key : keys->second.list_value().values()) {
        if (auto pem = RsaPem(key.struct_value())) pems.push_back(*pem);
      }
    }
  }
  const std::optional<Struct> claims = VerifiedClaims(token, pems);
  if (!claims.has_value()) {
    absl::Status refused =
        Refused("it is not signed with your organisation's keys");
    refused.SetPayload(kUnknownKey, absl::Cord());
    return refused;
  }
  return CheckClaims(*claims, expected);
}

bool IsUnknownKey(const absl::Status& status) {
  return status.GetPayload(kUnknownKey).has_value();
}

}  // namespace equalsay::oidc
