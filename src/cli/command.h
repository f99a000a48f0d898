// What every verb of the `lmis` command shares: the global options, files named on the
// command line, the reference data (loaded once, on first use), an opened database, the exit
// codes scripts rely on, and the way verbs living in other files join the command.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/output.h"
#include "core/refdata.h"
#include "store/store.h"

namespace lmis {

// Exit codes scripts can rely on.
constexpr int kExitOk = 0;
constexpr int kExitError = 1;             // usage, file or database error
constexpr int kExitSomeRejected = 3;      // valid rows committed, some rows rejected
constexpr int kExitNothingCommitted = 4;  // --all-or-nothing with rejects, or file rejected

struct Globals {
  std::string db;
  std::string data_dir;
  std::string lang = "vi";
};

// A file opened for reading or writing, "-" meaning standard input/output.
class File {
 public:
  // Throws UserError when the file cannot be opened.
  File(const std::string& path, const char* mode);
  ~File();
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  // Flushes a written file; throws UserError when the data did not reach it (disk full).
  void Close();
  std::FILE* get() const { return f_; }
  // Size of a regular file, else 0.
  int64_t size() const;

 private:
  std::string path_;
  std::FILE* f_ = nullptr;
  bool owned_ = true;
};

class RefDataCache {
 public:
  explicit RefDataCache(const Globals& g) : g_(g) {}
  const RefData& get();

 private:
  const Globals& g_;
  std::unique_ptr<RefData> ref_;
};

// Opens an existing database at the schema version this build writes; never creates one.
// Throws UserError otherwise.
std::unique_ptr<Store> OpenReadyStore(const Globals& g);

// Writes `bytes` (or `j`, indented) to `path` ("-" = standard output). Throws UserError.
void WriteOut(const std::string& path, const std::string& bytes);
void WriteJson(const std::string& path, const nlohmann::json& j);

// What a verb runs with.
struct CliContext {
  const Globals& globals;
  const Output& out;
  RefDataCache& refs;
};

// A verb, and what runs it when it was chosen.
struct Command {
  CLI::App* app;
  std::function<int(CliContext&)> run;
};
using Commands = std::vector<Command>;

// Verbs kept in files of their own (cli/*_cmd.cc). `import` is the `import` verb, whose
// subcommands name the file kinds.
void AddRegisterCommands(CLI::App& app, CLI::App& import, Commands* commands);
void AddCollectCommands(CLI::App& app, Commands* commands);
void AddReportCommands(CLI::App& app, Commands* commands);

// The acting user of a command-line run, for provenance and the audit log: "cli:NAME".
std::string CliActor();
// The audit entry of a command-line action.
AuditEvent CliEvent(std::string_view action, std::string_view outcome, std::string detail);
// Writes one such entry.
void AuditCli(Store& store, const AuditEvent& event);

}  // namespace lmis
