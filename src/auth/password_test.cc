#include "auth/password.h"

#include <gtest/gtest.h>

namespace lmis {
namespace {

TEST(Password, HashesAreArgon2idSaltedAndVerify) {
  std::string a = HashPassword("đúng-mật-khẩu-2026");
  std::string b = HashPassword("đúng-mật-khẩu-2026");
  EXPECT_TRUE(a.starts_with("$argon2id$"));
  EXPECT_NE(a, b);  // a fresh salt every time
  EXPECT_EQ(a.find("đúng"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(a, "đúng-mật-khẩu-2026"));
  EXPECT_TRUE(VerifyPassword(b, "đúng-mật-khẩu-2026"));
  EXPECT_FALSE(VerifyPassword(a, "sai-mật-khẩu-2026"));
  EXPECT_FALSE(VerifyPassword(a, ""));
  EXPECT_FALSE(VerifyPassword("not a hash", "đúng-mật-khẩu-2026"));
}

TEST(Password, ShortOrBrokenPasswordsAreRefusedWithReasons) {
  EXPECT_FALSE(CheckPassword("mười ký tự!"));
  auto short_one = CheckPassword("ngắn");
  ASSERT_TRUE(short_one);
  EXPECT_NE(short_one->vi.find("ít nhất 10"), std::string::npos);
  EXPECT_NE(short_one->en.find("at least 10"), std::string::npos);
  EXPECT_TRUE(CheckPassword(std::string("abcdefghij\xff", 11)));
}

}  // namespace
}  // namespace lmis
