// The portable SQL layer on both backends: parameters, NULLs, texts that need escaping in
// COPY, bulk appends and streams of many rows, lists, nested queries, transactions.
#include "store/sql.h"

#include <gtest/gtest.h>

#include "store/store.h"
#include "testing/test_database.h"

namespace lmis {
namespace {

class SqlTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = OpenStore(db_.spec());
    store_->Migrate();
    sql().Run("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, note TEXT)");
  }
  Sql& sql() { return store_->sql(); }

  TestDatabase db_{GetParam()};
  std::unique_ptr<Store> store_;
};

// Texts COPY must escape, and ones it must not touch.
const std::vector<std::string> kAwkward = {"tab\there", "new\nline", "back\\slash",
                                           "cr\rhere",  "\\N",       "Nguyễn Thị Thuỷ",
                                           "'quote'",   "\"dq\"",    "$1 dollar"};

TEST_P(SqlTest, RunsQueriesWithParametersAndNulls) {
  EXPECT_EQ(sql().Run("INSERT INTO t(id, name, note) VALUES ($1, $2, $3)",
                      {int64_t{1}, std::string("An"), SqlValue()}),
            1);
  EXPECT_EQ(sql().Run("INSERT INTO t(id, name, note) VALUES ($1, $2, $3)",
                      {int64_t{2}, TextOrNull(""), TextOrNull("x")}),
            1);
  std::vector<std::string> seen;
  sql().Query("SELECT id, name, note FROM t ORDER BY id", {}, [&](const SqlRow& r) {
    seen.push_back(std::to_string(r.Int(0)) + "|" + (r.IsNull(1) ? "NULL" : r.Str(1)) + "|" +
                   (r.IsNull(2) ? "NULL" : r.Str(2)));
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"1|An|NULL", "2|NULL|x"}));
  EXPECT_EQ(sql().OneInt("SELECT count(*) FROM t WHERE id > $1", {int64_t{0}}), 2);
  EXPECT_EQ(sql().OneText("SELECT name FROM t WHERE id = $1", {int64_t{1}}), "An");
  EXPECT_FALSE(sql().OneInt("SELECT id FROM t WHERE id = $1", {int64_t{99}}));
  EXPECT_EQ(sql().Run("UPDATE t SET note = $1 WHERE id > $2", {std::string("y"), int64_t{0}}), 2);
}

TEST_P(SqlTest, AppendAndStreamRoundTripEveryText) {
  int64_t next = 0;
  const int64_t n = 20000;
  std::vector<std::string_view> cols = {"id", "name", "note"};
  sql().Append("t", cols, [&](SqlValues* row) {
    if (next == n) return false;
    const std::string& text = kAwkward[next % kAwkward.size()];
    *row = {next, text, next % 3 == 0 ? SqlValue() : SqlValue(text + "!")};
    ++next;
    return true;
  });
  int64_t count = 0, nulls = 0;
  sql().Stream("SELECT id, name, note FROM t WHERE id >= $1 ORDER BY id", {int64_t{0}},
               [&](const SqlRow& r) {
                 const std::string& text = kAwkward[r.Int(0) % kAwkward.size()];
                 EXPECT_EQ(r.Text(1), text) << r.Int(0);
                 if (r.IsNull(2)) {
                   ++nulls;
                 } else {
                   EXPECT_EQ(r.Text(2), text + "!");
                 }
                 ++count;
               });
  EXPECT_EQ(count, n);
  EXPECT_EQ(nulls, (n + 2) / 3);
  // A literal inlined into a COPY query must survive quoting.
  const int64_t quoted = 6;  // the index of 'quote' in kAwkward
  ASSERT_EQ(kAwkward[quoted], "'quote'");
  const int64_t with_quotes = (n - 1 - quoted) / static_cast<int64_t>(kAwkward.size()) + 1;
  EXPECT_EQ(sql().OneInt("SELECT count(*) FROM t WHERE name = $1", {std::string("'quote'")}),
            with_quotes);
  int64_t streamed = 0;
  sql().Stream("SELECT id FROM t WHERE name = $1", {std::string("'quote'")},
               [&](const SqlRow&) { ++streamed; });
  EXPECT_EQ(streamed, with_quotes);
}

TEST_P(SqlTest, ListsOfTextsAndIntegers) {
  for (int64_t i = 0; i < 10; ++i)
    sql().Run("INSERT INTO t(id, name) VALUES ($1, $2)", {i, kAwkward[i % kAwkward.size()]});
  std::vector<std::string> names = {"tab\there", "\"dq\"", "Nguyễn Thị Thuỷ", "absent"};
  // Rows 0 and 9 hold the tab, 7 the quotes, 5 the Vietnamese name.
  EXPECT_EQ(sql().OneInt("SELECT count(*) FROM t WHERE " + sql().InTextList("name", 1),
                         {sql().TextList(names)}),
            4);
  std::vector<int64_t> ids = {1, 3, 5, 77};
  EXPECT_EQ(sql().OneInt("SELECT count(*) FROM t WHERE " + sql().InIntList("id", 1),
                         {sql().IntList(ids)}),
            3);
  EXPECT_EQ(sql().OneInt("SELECT count(*) FROM t WHERE " + sql().InIntList("id", 1),
                         {sql().IntList(std::vector<int64_t>{})}),
            0);
}

TEST_P(SqlTest, QueryInsideAnotherQuerysRowsGetsItsOwnStatement) {
  for (int64_t i = 0; i < 5; ++i) sql().Run("INSERT INTO t(id, name) VALUES ($1, 'n')", {i});
  int64_t inner_total = 0;
  sql().Query("SELECT id FROM t ORDER BY id", {}, [&](const SqlRow& r) {
    int64_t id = r.Int(0);
    sql().Query("SELECT id FROM t ORDER BY id", {}, [&](const SqlRow&) { ++inner_total; });
    EXPECT_EQ(r.Int(0), id);  // the outer row is intact
  });
  EXPECT_EQ(inner_total, 25);
}

TEST_P(SqlTest, WorksInsideTheStoresTransactions) {
  store_->Begin();
  sql().Run("INSERT INTO t(id, name) VALUES (1, 'a')");
  store_->Rollback();
  EXPECT_EQ(sql().OneInt("SELECT count(*) FROM t"), 0);
  store_->Begin();
  sql().Run("INSERT INTO t(id, name) VALUES (1, 'a')");
  store_->Commit();
  EXPECT_EQ(sql().OneInt("SELECT count(*) FROM t"), 1);
  EXPECT_EQ(sql().InsertReturningId("INSERT INTO t(id, name) VALUES (7, 'b') RETURNING id"), 7);
}

TEST_P(SqlTest, ErrorsAreStoreErrorsAndLeaveTheConnectionUsable) {
  EXPECT_THROW(sql().Run("INSERT INTO no_such_table VALUES (1)"), StoreError);
  EXPECT_THROW(sql().Stream("SELECT * FROM no_such_table", {}, [](const SqlRow&) {}), StoreError);
  EXPECT_EQ(sql().OneInt("SELECT 41 + 1"), 42);
  // A callback that gives up half-way through a stream of many rows.
  int64_t next = 0;
  std::vector<std::string_view> cols = {"id", "name", "note"};
  sql().Append("t", cols, [&](SqlValues* row) {
    if (next == 50000) return false;
    *row = {next++, std::string("x"), SqlValue()};
    return true;
  });
  int seen = 0;
  EXPECT_THROW(sql().Stream("SELECT id FROM t", {},
                            [&](const SqlRow&) {
                              if (++seen == 10) throw std::runtime_error("enough");
                            }),
               std::runtime_error);
  EXPECT_EQ(sql().OneInt("SELECT count(*) FROM t"), 50000);
}

INSTANTIATE_TEST_SUITE_P(Backends, SqlTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace lmis
