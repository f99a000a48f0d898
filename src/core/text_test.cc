#include "core/text.h"

#include <gtest/gtest.h>

#include "core/codes.h"

namespace lmis {
namespace {

TEST(Text, FoldingIgnoresCaseDiacriticsSpacingAndDStroke) {
  EXPECT_EQ(FoldVietnamese("  Nguyễn   Văn ĐẠT "), "nguyen van dat");
  EXPECT_EQ(FoldVietnamese("Lê Thị Hoa"), FoldVietnamese("LE THI HOA"));
  EXPECT_EQ(FoldVietnamese("Đồng Tháp"), "dong thap");
}

TEST(Text, NameKeyIgnoresCaseSpacingAndTonePlacementButNotLetters) {
  EXPECT_EQ(NameKey("  Nguyễn   Văn  HÒA "), NameKey("nguyễn văn hoà"));
  EXPECT_EQ(NameKey("Trần Thị Thủy"), NameKey("TRẦN THỊ THUỶ"));
  EXPECT_EQ(NameKey("Lê Khỏe"), NameKey("Lê Khoẻ"));
  EXPECT_EQ(NameKey("Le\xcc\x82 Van"), NameKey("Lê Van"));  // decomposed input
  EXPECT_NE(NameKey("Nguyễn Văn An"), NameKey("Nguyễn Văn Ân"));
  EXPECT_NE(NameKey("Trần Thị Hương"), NameKey("Trần Thị Hường"));
  EXPECT_NE(NameKey("Nguyen Van An"), NameKey("Nguyễn Văn An"));
  EXPECT_EQ(NameKey("Đặng  Đức"), "đăng5 đưc1");
}

TEST(Text, NfcComposesCombiningMarks) {
  EXPECT_EQ(ToNfc("Le\xcc\x82"), "Lê");
  EXPECT_EQ(ToNfc("plain ascii"), "plain ascii");
}

TEST(Text, RecognisesInvalidUtf8) {
  EXPECT_TRUE(IsValidUtf8("Nguyễn"));
  EXPECT_FALSE(IsValidUtf8("\xC3\x28"));
}

TEST(Codes, LookupAcceptsSlugsAndLabelsWithOrWithoutDiacritics) {
  EXPECT_EQ(ParseCode<Qualification>("university"), Qualification::kUniversity);
  EXPECT_EQ(ParseCode<Qualification>("Đại học"), Qualification::kUniversity);
  EXPECT_EQ(ParseCode<Qualification>("dai hoc"), Qualification::kUniversity);
  EXPECT_EQ(ParseCode<Qualification>("CNKT KHÔNG CÓ BẰNG"), Qualification::kWorkerNoDegree);
  EXPECT_EQ(ParseCode<Sex>("nu"), Sex::kFemale);
  EXPECT_EQ(ParseCode<LfStatus>("Không tham gia hoạt động kinh tế"), LfStatus::kOutside);
  EXPECT_FALSE(ParseCode<Sex>("x"));
}

TEST(Codes, EverySlugIsUniqueWithinItsList) {
  for (const CodeList* list : {&CodeListOf<Qualification>(), &CodeListOf<WorkplaceType>(),
                               &CodeListOf<NilfReason>(), &CodeListOf<EmploymentStatus>()}) {
    for (const CodeOption& a : list->options())
      for (const CodeOption& b : list->options())
        if (&a != &b) EXPECT_NE(a.slug, b.slug) << list->id();
  }
}

TEST(Text, CharacterCountCountsCodePointsNotBytes) {
  EXPECT_EQ(CharacterCount(""), 0u);
  EXPECT_EQ(CharacterCount("Dat"), 3u);
  EXPECT_EQ(CharacterCount("Đạt"), 3u);
  EXPECT_EQ(CharacterCount("Nguyễn Văn"), 10u);
  EXPECT_EQ(CharacterCount("\xF0\x9F\x98\x80"), 1u);  // one four-byte character
}

}  // namespace
}  // namespace lmis
