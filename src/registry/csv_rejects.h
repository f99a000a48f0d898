// The rejects file of an import (../spec/exchange.md "Violations"): one CSV row per violation.
#pragma once

#include <cstdio>

#include "exchange/csv.h"
#include "registry/import.h"

namespace lmis {

class CsvRejects : public RejectSink {
 public:
  // Writes the header at once; `file` is not owned.
  explicit CsvRejects(std::FILE* file) : csv_(file) {
    csv_.Row({"line", "field", "code", "message_vi", "message_en"});
  }
  void Reject(int64_t line, const Violation& v) override {
    csv_.Row({std::to_string(line), v.field, SlugOf(v.code), v.message_vi, v.message_en});
    ++count_;
  }
  int64_t count() const { return count_; }

 private:
  CsvWriter csv_;
  int64_t count_ = 0;
};

}  // namespace lmis
