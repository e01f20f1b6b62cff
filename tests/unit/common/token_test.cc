#include "services/common/base/token.h"

#include <gtest/gtest.h>

#include <set>

#include "services/common/base/sha256.h"

namespace equalsay {
namespace {

TEST(TokenTest, HasPrefixAnd256RandomBits) {
  const std::string token = GenerateToken();
  ASSERT_EQ(token.rfind("eqs_", 0), 0u);
  EXPECT_EQ(token.size(), 4u + 43u);  // 32 bytes in unpadded base64url.
  for (char c : token.substr(4)) {
    EXPECT_TRUE(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')
        << c;
  }
}

TEST(TokenTest, TokensDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(GenerateToken());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(TokenTest, HashIsSha256InHex) {
  // FIPS 180-2 test vector.
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string token = GenerateToken();
  EXPECT_EQ(HashToken(token), Sha256Hex(token));
  EXPECT_EQ(HashToken(token).find(token.substr(4)), std::string::npos);
}

}  // namespace
}  // namespace equalsay
