#include "store/sql.h"

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace lmis {

SqlValue TextOrNull(std::string_view text) {
  if (text.empty()) return std::monostate();
  return std::string(text);
}

int64_t Sql::InsertReturningId(std::string_view sql, const SqlValues& params) {
  std::optional<int64_t> id = OneInt(sql, params);
  if (!id) throw StoreError("INSERT … RETURNING gave no row: " + std::string(sql));
  return *id;
}

std::optional<int64_t> Sql::OneInt(std::string_view sql, const SqlValues& params) {
  std::optional<int64_t> out;
  Query(sql, params, [&](const SqlRow& r) {
    if (!out) out = r.Int(0);
  });
  return out;
}

std::optional<std::string> Sql::OneText(std::string_view sql, const SqlValues& params) {
  std::optional<std::string> out;
  Query(sql, params, [&](const SqlRow& r) {
    if (!out) out = r.Str(0);
  });
  return out;
}

std::string Sql::InTextList(std::string_view column, int n) const {
  const std::string p = "$" + std::to_string(n);
  if (dialect() == SqlDialect::kSqlite)
    return std::string(column) + " IN (SELECT value FROM json_each(" + p + "))";
  return std::string(column) + " = ANY(" + p + "::text[])";
}

std::string Sql::InIntList(std::string_view column, int n) const {
  const std::string p = "$" + std::to_string(n);
  if (dialect() == SqlDialect::kSqlite)
    return std::string(column) + " IN (SELECT value FROM json_each(" + p + "))";
  return std::string(column) + " = ANY(" + p + "::bigint[])";
}

SqlValue Sql::TextList(std::span<const std::string> values) const {
  if (dialect() == SqlDialect::kSqlite)
    return nlohmann::json(std::vector<std::string>(values.begin(), values.end())).dump();
  std::string out = "{";
  for (const std::string& v : values) {
    if (out.size() > 1) out.push_back(',');
    out.push_back('"');
    for (char c : v) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  return out + "}";
}

SqlValue Sql::IntList(std::span<const int64_t> values) const {
  bool json = dialect() == SqlDialect::kSqlite;
  std::string out = json ? "[" : "{";
  for (int64_t v : values) {
    if (out.size() > 1) out.push_back(',');
    out += std::to_string(v);
  }
  return out + (json ? "]" : "}");
}

}  // namespace lmis
