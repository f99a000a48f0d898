#include "exchange/csv.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace lmis {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string text,
                                              std::vector<int64_t>* lines = nullptr) {
  std::FILE* f = fmemopen(text.data(), text.size(), "r");
  CsvReader reader(f);
  CsvRecord rec;
  std::vector<std::vector<std::string>> out;
  while (reader.Next(&rec)) {
    out.emplace_back(rec.fields.begin(), rec.fields.end());
    if (lines) lines->push_back(rec.line);
  }
  std::fclose(f);
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, SplitsPlainAndQuotedFields) {
  EXPECT_EQ(ReadAll("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n"),
            (Rows{{"a", "b", "c"}, {"1", "x, y", "say \"hi\""}}));
}

TEST(CsvReader, KeepsEmptyFieldsIncludingATrailingOne) {
  EXPECT_EQ(ReadAll("a,,c,\n"), (Rows{{"a", "", "c", ""}}));
}

TEST(CsvReader, SkipsBomHandlesCrlfAndAMissingFinalNewline) {
  EXPECT_EQ(ReadAll("\xEF\xBB\xBFh1,h2\r\nv1,v2"), (Rows{{"h1", "h2"}, {"v1", "v2"}}));
}

TEST(CsvReader, CountsLinesAcrossQuotedNewlinesAndBlankLines) {
  std::vector<int64_t> lines;
  auto rows = ReadAll("h\n\"multi\nline\"\n\nlast\n", &lines);
  EXPECT_EQ(rows, (Rows{{"h"}, {"multi\nline"}, {"last"}}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 5}));
}

TEST(CsvReader, ReadsRecordsLongerThanItsBuffer) {
  std::string big(3 << 20, 'x');
  auto rows = ReadAll("a," + big + "\nb,c\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][1].size(), big.size());
  EXPECT_EQ(rows[1], (std::vector<std::string>{"b", "c"}));
}

TEST(CsvReader, RejectsAnUnterminatedQuoteWithItsLine) {
  try {
    ReadAll("h\nok\n\"never closed\n");
    ADD_FAILURE() << "expected CsvError";
  } catch (const CsvError& e) {
    EXPECT_EQ(e.line(), 3);
  }
}

TEST(CsvReader, MarksTextAfterAClosingQuoteAndReadsOn) {
  std::string text = "\"Thôn 18\" xóm A,c\nnext,row\n";
  std::FILE* f = fmemopen(text.data(), text.size(), "r");
  CsvReader reader(f);
  CsvRecord rec;
  ASSERT_TRUE(reader.Next(&rec));
  EXPECT_FALSE(rec.problem.empty());
  EXPECT_EQ(rec.fields.size(), 2u);
  ASSERT_TRUE(reader.Next(&rec));
  EXPECT_TRUE(rec.problem.empty());
  EXPECT_EQ(rec.line, 2);
  EXPECT_EQ(rec.fields[0], "next");
  std::fclose(f);
}

TEST(CsvReader, AQuoteInsideAnUnquotedFieldIsAnOrdinaryCharacter) {
  std::vector<int64_t> lines;
  EXPECT_EQ(ReadAll("a,Thôn 18 \"A\nb,c\nd,e\n", &lines),
            (Rows{{"a", "Thôn 18 \"A"}, {"b", "c"}, {"d", "e"}}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 3}));
}

TEST(CsvWriter, QuotesOnlyWhatNeedsQuotingAndRoundTrips) {
  char* buf = nullptr;
  size_t size = 0;
  std::FILE* f = open_memstream(&buf, &size);
  CsvWriter w(f);
  std::vector<std::string> row = {"plain", "a,b", "say \"hi\"", "two\nlines", ""};
  w.RowOf(row);
  std::fclose(f);
  std::string text(buf, size);
  free(buf);
  EXPECT_EQ(text, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\n");
  EXPECT_EQ(ReadAll(text), (Rows{row}));
}

}  // namespace
}  // namespace lmis
