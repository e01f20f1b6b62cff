#include "clients/cli/session.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace equalsay::cli {

std::shared_ptr<grpc::Channel> Session::Channel() const {
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::InsecureChannelCredentials();
  if (tls) {
    grpc::SslCredentialsOptions options;
    if (!ca_cert_file.empty()) {
      std::ifstream in(ca_cert_file);
      std::stringstream pem;
      pem << in.rdbuf();
      options.pem_root_certs = pem.str();
    }
    credentials = grpc::SslCredentials(options);
  }
  return grpc::CreateChannel(server, credentials);
}

std::unique_ptr<grpc::ClientContext> Session::Context() const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(timeout_seconds));
  return context;
}

std::string TokenFilePath(const std::string& who) {
  std::string dir;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    dir = std::string(xdg) + "/equalsay";
  } else {
    const char* home = std::getenv("HOME");
    dir = std::string(home && *home ? home : ".") + "/.config/equalsay";
  }
  return who.empty() ? dir + "/token" : dir + "/people/" + who;
}

std::optional<std::string> ReadSavedToken(const std::string& who) {
  std::ifstream in(TokenFilePath(who));
  std::string token;
  if (!in || !std::getline(in, token) || token.empty()) return std::nullopt;
  return token;
}

std::optional<std::string> SaveToken(const std::string& token,
                                     const std::string& who) {
  namespace fs = std::filesystem;
  const fs::path path = TokenFilePath(who);
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec)
    return "cannot create " + path.parent_path().string() + ": " + ec.message();
  ::chmod(path.parent_path().c_str(), 0700);
  // Created owner-only before the token is written into it.
  const mode_t old_mask = ::umask(077);
  {
    std::ofstream out(path, std::ios::trunc);
    out << token << "\n";
    if (!out) {
      ::umask(old_mask);
      return "cannot write " + path.string();
    }
  }
  ::umask(old_mask);
  ::chmod(path.c_str(), 0600);
  return std::nullopt;
}

bool ForgetToken() {
  std::error_code ec;
  return std::filesystem::remove(TokenFilePath(), ec);
}

std::string NewRequestId() {
  std::random_device random;
  char id[4 + 24 + 1];
  std::snprintf(id, sizeof id, "cli-%08x%08x%08x", random(), random(),
                random());
  return id;
}

}  // namespace equalsay::cli
