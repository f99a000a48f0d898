// What the command prints for people: messages in Vietnamese (or English), progress, records.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/refdata.h"
#include "store/store.h"

namespace lmis {

// A mistake of the person running the command: shown without a stack of technical detail.
class UserError : public std::runtime_error {
 public:
  UserError(std::string vi, std::string en) : std::runtime_error(en), vi_(std::move(vi)) {}
  const std::string& vi() const { return vi_; }
  std::string en() const { return what(); }

 private:
  std::string vi_;
};

// Messages on standard error in the chosen language; data goes to standard output.
class Output {
 public:
  explicit Output(std::string lang) : english_(lang == "en") {}
  void Say(const std::string& vi, const std::string& en) const;
  void Err(const std::string& vi, const std::string& en) const;
  bool english() const { return english_; }

 private:
  bool english_;
};

// A progress bar on a terminal: bytes read of the total.
class ProgressBar {
 public:
  ProgressBar(int64_t total_bytes, bool enabled, bool english);
  void Update(int64_t bytes, int64_t rows);
  void Done();

 private:
  int64_t total_;
  bool enabled_;
  bool english_;
  int last_permille_ = -1;
  std::chrono::steady_clock::time_point start_;
};

std::string Num(int64_t n);
std::string UserName();
// Parses a YYYY-MM-DD command-line value; throws UserError naming `flag`.
Date ParseDateArg(const std::string& text, const std::string& flag);

// A version as JSON: metadata plus every present field.
nlohmann::json VersionJson(const WorkerVersion& v);
// A version as a form-ordered, labelled listing.
void PrintVersion(const WorkerVersion& v, const RefData& ref, const Output& out);
// One line per version: seq, valid from, source, actor, and the fields that changed.
void PrintHistory(const std::vector<WorkerVersion>& versions, const Output& out);

}  // namespace lmis
