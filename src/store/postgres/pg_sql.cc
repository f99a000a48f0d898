#include "store/postgres/pg_sql.h"

#include <algorithm>
#include <charconv>
#include <deque>

#include "store/store.h"

namespace lmis {
namespace {

PgParams ToPg(const SqlValues& params) {
  PgParams out;
  out.reserve(params.size());
  for (const SqlValue& v : params) {
    if (const auto* x = std::get_if<int64_t>(&v))
      out.emplace_back(std::to_string(*x));
    else if (const auto* t = std::get_if<std::string>(&v))
      out.emplace_back(*t);
    else
      out.emplace_back(std::nullopt);
  }
  return out;
}

int64_t ParseInt(std::string_view t) {
  int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

class ResultRow : public SqlRow {
 public:
  ResultRow(const PgResult& r, int row) : r_(r), row_(row) {}
  bool IsNull(int col) const override { return r_.IsNull(row_, col); }
  int64_t Int(int col) const override { return r_.Int(row_, col); }
  std::string_view Text(int col) const override { return r_.Text(row_, col); }
  void At(int row) { row_ = row; }

 private:
  const PgResult& r_;
  int row_;
};

// One data row of COPY … TO STDOUT in text format: fields split at tabs, \N for NULL,
// backslash escapes decoded.
class CopyRow : public SqlRow {
 public:
  void Parse(std::string_view line) {
    fields_.clear();
    nulls_.clear();
    // One pass: a field ends at a tab or the line's end; a backslash anywhere in it means
    // escapes to decode.
    const char* p = line.data();
    const char* end = p + line.size();
    const char* start = p;
    bool escaped = false;
    for (;; ++p) {
      if (p == end || *p == '\t') {
        std::string_view raw(start, static_cast<size_t>(p - start));
        nulls_.push_back(raw.size() == 2 && raw[0] == '\\' && raw[1] == 'N');
        if (escaped && buffers_.size() <= fields_.size()) buffers_.resize(fields_.size() + 8);
        fields_.push_back(escaped ? Unescape(raw, fields_.size()) : raw);
        if (p == end) break;
        start = p + 1;
        escaped = false;
      } else if (*p == '\\') {
        escaped = true;
      }
    }
  }
  bool IsNull(int col) const override { return Check(col) && nulls_[col]; }
  int64_t Int(int col) const override { return ParseInt(Text(col)); }
  std::string_view Text(int col) const override {
    return Check(col) && !nulls_[col] ? fields_[col] : std::string_view();
  }

 private:
  bool Check(int col) const {
    if (col < 0 || static_cast<size_t>(col) >= fields_.size())
      throw StoreError("COPY row has no column " + std::to_string(col));
    return true;
  }
  // The decoded text of a field holding escapes, in a buffer of its own.
  std::string_view Unescape(std::string_view raw, size_t index) {
    std::string& out = buffers_[index];
    out.clear();
    for (size_t i = 0; i < raw.size(); ++i) {
      char c = raw[i];
      if (c != '\\' || i + 1 == raw.size()) {
        out.push_back(c);
        continue;
      }
      char e = raw[++i];
      switch (e) {
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'v':
          out.push_back('\v');
          break;
        default:
          if (e >= '0' && e <= '7') {  // up to three octal digits
            int v = e - '0';
            for (int k = 0; k < 2 && i + 1 < raw.size() && raw[i + 1] >= '0' && raw[i + 1] <= '7';
                 ++k)
              v = v * 8 + (raw[++i] - '0');
            out.push_back(static_cast<char>(v));
          } else {
            out.push_back(e);  // \\ and any other escaped character
          }
      }
    }
    return out;
  }
  std::vector<std::string_view> fields_;
  std::vector<bool> nulls_;
  std::deque<std::string> buffers_;  // decoded fields; growing a deque moves none of them
};

// `sql` with $n replaced by the quoted literal of parameter n (COPY takes no parameters).
std::string Inline(PgConn& conn, std::string_view sql, const SqlValues& params) {
  std::string out;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
      out.push_back(c);
      continue;
    }
    if (c == '\'' || c == '"') quote = c;
    if (c != '$' || i + 1 >= sql.size() || sql[i + 1] < '0' || sql[i + 1] > '9') {
      out.push_back(c);
      continue;
    }
    size_t j = i + 1;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') ++j;
    size_t n = static_cast<size_t>(ParseInt(sql.substr(i + 1, j - i - 1)));
    if (n == 0 || n > params.size()) throw StoreError("no value for $" + std::to_string(n));
    const SqlValue& v = params[n - 1];
    if (const auto* x = std::get_if<int64_t>(&v))
      out += std::to_string(*x);
    else if (const auto* t = std::get_if<std::string>(&v))
      out += conn.Literal(*t);
    else
      out += "NULL";
    i = j - 1;
  }
  return out;
}

// A value in COPY text format.
void AppendCopyValue(const SqlValue& v, std::string* out) {
  if (const auto* x = std::get_if<int64_t>(&v)) {
    out->append(std::to_string(*x));
    return;
  }
  const auto* t = std::get_if<std::string>(&v);
  if (!t) {
    out->append("\\N");
    return;
  }
  for (char c : *t) {
    switch (c) {
      case '\\':
        out->append("\\\\");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      default:
        out->push_back(c);
    }
  }
}

}  // namespace

PgResult PgSql::ExecGeneric(std::string_view sql, const SqlValues& params) {
  conn_.Exec("SET plan_cache_mode = force_generic_plan");
  try {
    conn_.Prepare("", std::string(sql));
    PgResult r = conn_.ExecPrepared("", ToPg(params));
    conn_.Exec("RESET plan_cache_mode");
    return r;
  } catch (...) {
    if (!conn_.TransactionFailed()) conn_.Exec("RESET plan_cache_mode");
    throw;
  }
}

int64_t PgSql::Run(std::string_view sql, const SqlValues& params) {
  return conn_.Exec(std::string(sql), ToPg(params)).affected();
}

void PgSql::Query(std::string_view sql, const SqlValues& params,
                  const std::function<void(const SqlRow&)>& row, Plan plan) {
  PgResult r = plan == Plan::kGeneric ? ExecGeneric(sql, params)
                                      : conn_.Exec(std::string(sql), ToPg(params));
  ResultRow current(r, 0);
  for (int i = 0; i < r.rows(); ++i) {
    current.At(i);
    row(current);
  }
}

void PgSql::Stream(std::string_view sql, const SqlValues& params,
                   const std::function<void(const SqlRow&)>& row) {
  CopyRow current;
  conn_.CopyOut("COPY (" + Inline(conn_, sql, params) + ") TO STDOUT", [&](std::string_view line) {
    current.Parse(line);
    row(current);
  });
}

void PgSql::Append(std::string_view table, std::span<const std::string_view> columns,
                   const std::function<bool(SqlValues* row)>& next) {
  std::string sql = "COPY " + std::string(table) + "(";
  for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + std::string(columns[i]);
  sql += ") FROM STDIN";
  conn_.CopyStart(sql);
  std::string buf;
  SqlValues row;
  try {
    while (true) {
      row.clear();
      if (!next(&row)) break;
      if (row.size() != columns.size())
        throw StoreError("Append to " + std::string(table) + ": " + std::to_string(row.size()) +
                         " values for " + std::to_string(columns.size()) + " columns");
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) buf.push_back('\t');
        AppendCopyValue(row[i], &buf);
      }
      buf.push_back('\n');
      if (buf.size() >= (1 << 20)) {
        conn_.CopyPut(buf);
        buf.clear();
      }
    }
    if (!buf.empty()) conn_.CopyPut(buf);
  } catch (...) {
    conn_.CopyAbort();
    throw;
  }
  conn_.CopyEnd();
}

}  // namespace lmis
