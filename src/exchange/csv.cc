#include "exchange/csv.h"

#include <cstring>

namespace lmis {
namespace {
constexpr size_t kChunk = 1 << 20;
}

CsvReader::CsvReader(std::FILE* file) : file_(file), buf_(kChunk) {}

bool CsvReader::Fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);  // a record longer than the buffer
  size_t n = std::fread(buf_.data() + end_, 1, buf_.size() - end_, file_);
  if (n == 0 && std::ferror(file_)) throw CsvError(line_, "read error");
  if (n == 0) eof_ = true;
  end_ += n;
  return n > 0;
}

size_t CsvReader::FindRecordEnd(int64_t* newlines) const {
  // A quote opens a quoted field only at the start of a field; elsewhere it is a character.
  enum { kFieldStart, kUnquoted, kQuoted, kClosed } state = kFieldStart;
  *newlines = 0;
  for (size_t i = pos_; i < end_; ++i) {
    char c = buf_[i];
    switch (state) {
      case kQuoted:
        if (c == '"') state = kClosed;
        if (c == '\n') ++*newlines;
        continue;
      case kClosed:
        if (c == '"') {  // an escaped quote ("")
          state = kQuoted;
          continue;
        }
        break;
      case kFieldStart:
        if (c == '"') {
          state = kQuoted;
          continue;
        }
        break;
      case kUnquoted:
        break;
    }
    state = kUnquoted;
    if (c == ',') state = kFieldStart;
    if (c == '\n') {
      ++*newlines;
      return i;
    }
  }
  return std::string_view::npos;
}

bool CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  record->problem.clear();
  for (;;) {
    if (!started_) {
      while (end_ - pos_ < 3 && Fill()) {
      }
      if (end_ - pos_ >= 3 && std::memcmp(buf_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) {
        pos_ += 3;
        consumed_ += 3;
      }
      started_ = true;
    }
    int64_t newlines = 0;
    size_t rec_end = FindRecordEnd(&newlines);
    if (rec_end == std::string_view::npos) {
      if (Fill()) continue;
      if (pos_ == end_) return false;
      rec_end = end_;  // the last record has no final newline
    }
    size_t next = rec_end < end_ ? rec_end + 1 : end_;
    size_t stop = rec_end;
    if (stop > pos_ && buf_[stop - 1] == '\r') --stop;
    record->line = line_;
    line_ += newlines;
    consumed_ += static_cast<int64_t>(next - pos_);
    size_t start = pos_;
    pos_ = next;
    if (stop == start) {
      if (rec_end < end_) continue;  // blank line
      return false;
    }
    // Split fields, unescaping quoted ones in place (the result is never longer).
    char* p = buf_.data() + start;
    char* const e = buf_.data() + stop;
    for (;;) {
      if (p < e && *p == '"') {
        char* out = p;
        char* field = p;
        ++p;
        for (;;) {
          if (p >= e) throw CsvError(record->line, "unterminated quoted field");
          if (*p == '"') {
            if (p + 1 < e && p[1] == '"') {
              *out++ = '"';
              p += 2;
              continue;
            }
            ++p;
            break;
          }
          *out++ = *p++;
        }
        record->fields.emplace_back(field, static_cast<size_t>(out - field));
        if (p < e && *p != ',') {
          // Text after the closing quote: the record is still delimited, so only it is bad.
          record->problem = "text after a closing quote";
          char* comma = static_cast<char*>(std::memchr(p, ',', static_cast<size_t>(e - p)));
          p = comma ? comma : e;
        }
      } else {
        char* comma = static_cast<char*>(std::memchr(p, ',', static_cast<size_t>(e - p)));
        char* field_end = comma ? comma : e;
        record->fields.emplace_back(p, static_cast<size_t>(field_end - p));
        p = field_end;
      }
      if (p >= e) break;
      ++p;  // skip the comma
      if (p == e) {
        record->fields.emplace_back();
        break;
      }
    }
    return true;
  }
}

void CsvWriter::Row(const std::vector<std::string_view>& fields) {
  line_.clear();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) line_.push_back(',');
    std::string_view f = fields[i];
    if (f.find_first_of(",\"\r\n") == std::string_view::npos) {
      line_.append(f);
      continue;
    }
    line_.push_back('"');
    for (char c : f) {
      if (c == '"') line_.push_back('"');
      line_.push_back(c);
    }
    line_.push_back('"');
  }
  line_.push_back('\n');
  std::fwrite(line_.data(), 1, line_.size(), file_);
}

}  // namespace lmis
