// The verbs of the other registers: importing their extracts, reconciling the worker records
// with them, and deciding the linkage proposals.
//
//   lmis import population|insurance|enterprises FILE [--rejects R] [--warnings W]
//   lmis reconcile population|insurance|enterprises --as-of DATE --out FILE [--unit CODE]
//   lmis register show CCCD
//   lmis linkage list [--unit CODE] [--state S];  lmis linkage decide ID accept|reject
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "core/clock.h"
#include "exchange/csv.h"
#include "reconcile/linkage_decision.h"
#include "reconcile/reconcile_service.h"
#include "registry/csv_rejects.h"
#include "registry/extract_import.h"
#include "registry/lookup.h"
#include "store/extract_tables.h"

namespace lmis {
namespace {

// Rejects listed on standard error when no rejects file was asked for.
class StderrRejects : public RejectSink {
 public:
  explicit StderrRejects(bool english) : english_(english) {}
  void Reject(int64_t line, const Violation& v) override {
    std::cerr << (english_ ? "line " : "dòng ") << line << ", " << v.field << " [" << SlugOf(v.code)
              << "]: " << (english_ ? v.message_en : v.message_vi) << "\n";
  }

 private:
  bool english_;
};

struct ImportExtractArgs {
  std::string file, rejects, warnings, format, actor;
  bool all_or_nothing = false, quiet = false;
  int64_t batch = 100000;
};

int RunImportExtract(CliContext& c, ExtractKind kind, const ImportExtractArgs& a) {
  const ExtractFormat& format = FormatOf(kind);
  const RefData& ref = c.refs.get();
  auto store = OpenReadyStore(c.globals);
  std::error_code ec;
  for (const std::string* out : {&a.rejects, &a.warnings})
    if (!out->empty() && a.file != "-" && std::filesystem::equivalent(a.file, *out, ec))
      throw UserError("tệp --rejects/--warnings không được trùng tệp nhập",
                      "--rejects and --warnings must not be the input file");
  File in(a.file, "rb");
  std::unique_ptr<File> rejects_file, warnings_file;
  std::unique_ptr<RejectSink> rejects, warnings;
  if (!a.rejects.empty()) {
    rejects_file = std::make_unique<File>(a.rejects, "wb");
    rejects = std::make_unique<CsvRejects>(rejects_file->get());
  } else {
    rejects = std::make_unique<StderrRejects>(c.out.english());
  }
  if (!a.warnings.empty()) {
    warnings_file = std::make_unique<File>(a.warnings, "wb");
    warnings = std::make_unique<CsvRejects>(warnings_file->get());
  }
  std::unique_ptr<TableRowSource> rows;
  try {
    rows = OpenTableRows(in.get(), FormatFor(a.format, a.file), ColumnNames(format),
                         RequiredColumnNames(format));
  } catch (const FileRejected& e) {
    for (const Violation& v : e.violations()) rejects->Reject(1, v);
    if (rejects_file) rejects_file->Close();
    c.out.Say("Tệp bị từ chối: tiêu đề có cột không hợp lệ hoặc thiếu cột bắt buộc.",
              "File rejected: the header has invalid columns or lacks a required one.");
    return kExitNothingCommitted;
  }
  ExtractImportOptions options;
  options.all_or_nothing = a.all_or_nothing;
  options.batch_size = a.batch;
  options.actor = a.actor.empty() ? CliActor() : a.actor;
  options.file_label = a.file;
  ProgressBar bar(in.size(), !a.quiet && isatty(STDERR_FILENO), c.out.english());
  options.progress = [&bar](int64_t bytes, int64_t rows) { bar.Update(bytes, rows); };
  ExtractImportResult r =
      ImportExtract(format, *rows, ref, *store, SystemClock(), *rejects, warnings.get(), options);
  bar.Done();
  if (rejects_file) rejects_file->Close();
  if (warnings_file) warnings_file->Close();
  AuditCli(*store, CliEvent("import_" + std::string(format.slug), r.committed ? "allow" : "fail",
                            a.file + ": " + std::to_string(r.run.added) + " added, " +
                                std::to_string(r.run.changed) + " changed"));
  const ExtractRunRecord& run = r.run;
  c.out.Say("Đã đọc " + Num(run.rows_read) + " dòng: " + Num(run.added) + " mới, " +
                Num(run.changed) + " thay đổi, " + Num(run.unchanged) + " không đổi, " +
                Num(run.stale) + " cũ hơn dữ liệu đã có, " + Num(run.rejected) +
                " dòng bị từ chối, " + Num(run.warnings) + " cảnh báo.",
            "Read " + Num(run.rows_read) + " rows: " + Num(run.added) + " new, " +
                Num(run.changed) + " changed, " + Num(run.unchanged) + " unchanged, " +
                Num(run.stale) + " older than what is stored, " + Num(run.rejected) +
                " rows rejected, " + Num(run.warnings) + " warnings.");
  if (!r.committed) {
    c.out.Say("Không lưu gì vì có dòng bị từ chối (--all-or-nothing).",
              "Nothing was saved because rows were rejected (--all-or-nothing).");
    return kExitNothingCommitted;
  }
  return run.rejected > 0 ? kExitSomeRejected : kExitOk;
}

struct ReconcileArgs {
  std::string as_of, out = "-", unit, tree = "2025", summary, proposals;
  bool no_proposals = false, timings = false;
};

// The communes a --unit (of the tree named) stands for; nullopt for the whole database.
std::optional<std::vector<std::string>> ScopeOf(const RefData& ref, const std::string& unit,
                                                const std::string& tree) {
  if (unit.empty()) return std::nullopt;
  Date day = tree == "pre2025" ? Date{2025, 6, 30} : Date{2025, 7, 1};
  auto units = ResidenceUnitsFor(ref.units, unit, day);
  if (!units)
    throw UserError("không có đơn vị hành chính " + unit + " (" + tree + ")",
                    "no administrative unit " + unit + " in the " + tree + " tree");
  return units;
}

std::string UnitName(const RefData& ref, const std::string& key) {
  auto unit = ParseUnitKey(key);
  if (!unit) return "";
  const AdminUnit* u = ref.units.Find(unit->edition, unit->code);
  return u ? u->name : "";
}

void WriteSummary(const RefData& ref, const ReconcileOutcome& r, const std::string& path) {
  File f(path, "wb");
  CsvWriter csv(f.get());
  csv.Row({"unit", "unit_name", "field_mismatch", "not_in_register", "no_worker_record",
           "closed_in_register", "proposals"});
  for (const auto& [key, t] : r.by_unit) {
    auto unit = ParseUnitKey(key);
    csv.Row({unit ? std::string(unit->code) : key, UnitName(ref, key),
             std::to_string(t.field_mismatch), std::to_string(t.not_in_register),
             std::to_string(t.no_worker_record), std::to_string(t.closed_in_register),
             std::to_string(t.proposals)});
  }
  f.Close();
}

void WriteProposals(const ReconcileOutcome& r, const std::string& path) {
  File f(path, "wb");
  CsvWriter csv(f.get());
  csv.Row({"id", "worker_id", "register_cccd", "worker_name", "register_name", "unit", "score",
           "probability", "reasons"});
  for (const RunProposal& p : r.proposals) {
    auto unit = ParseUnitKey(p.residence_unit);
    char score[32], probability[32];
    std::snprintf(score, sizeof score, "%.2f", p.score);
    std::snprintf(probability, sizeof probability, "%.4f", p.probability);
    csv.Row({p.id ? std::to_string(p.id) : "", p.worker_id, p.register_cccd, p.worker_name,
             p.register_name, unit ? std::string(unit->code) : p.residence_unit, score, probability,
             ReasonsJson(p.reasons)});
  }
  f.Close();
}

int RunReconcile(CliContext& c, ExtractKind kind, const ReconcileArgs& a) {
  const RefData& ref = c.refs.get();
  ReconcileRequest request;
  request.kind = kind;
  request.as_of = ParseDateArg(a.as_of, "--as-of");
  request.units = ScopeOf(ref, a.unit, a.tree);
  request.propose_links = !a.no_proposals;
  request.actor = CliActor();
  auto store = OpenReadyStore(c.globals);
  auto second = OpenReadyStore(c.globals);
  File out(a.out, "wb");  // before the work: a bad path fails at once
  ReconcileOutcome r = Reconcile(*store, second.get(), ref, SystemClock(), request);
  CsvWriter csv(out.get());
  csv.Row({"cccd", "kind", "field", "worker_value", "register_value"});
  for (const Discrepancy& d : r.discrepancies)
    csv.Row({d.cccd, Slug(d.kind), d.field, d.worker_value, d.register_value});
  out.Close();
  if (!a.summary.empty()) WriteSummary(ref, r, a.summary);
  if (!a.proposals.empty()) WriteProposals(r, a.proposals);
  AuditCli(*store, CliEvent("reconcile_" + std::string(FormatOf(kind).slug), "allow",
                            (a.unit.empty() ? std::string("all") : a.unit) + " as of " + a.as_of +
                                ": " + std::to_string(r.discrepancies.size()) + " discrepancies, " +
                                std::to_string(r.proposals.size()) + " proposals"));
  if (a.timings)
    for (const auto& [phase, seconds] : r.phases) {
      char line[64];
      std::snprintf(line, sizeof line, "%s %.3f s", phase.c_str(), seconds);
      c.out.Say(line, line);
    }
  c.out.Say("Đối soát " + Num(r.workers) + " phiếu với " + Num(r.register_rows) +
                " bản ghi: " + Num(r.matched) + " khớp số định danh, " +
                Num(static_cast<int64_t>(r.discrepancies.size())) + " sai lệch, " +
                Num(static_cast<int64_t>(r.proposals.size())) + " đề xuất ghép nối.",
            "Reconciled " + Num(r.workers) + " worker records with " + Num(r.register_rows) +
                " register rows: " + Num(r.matched) + " matched, " +
                Num(static_cast<int64_t>(r.discrepancies.size())) + " discrepancies, " +
                Num(static_cast<int64_t>(r.proposals.size())) + " linkage proposals.");
  return kExitOk;
}

int RunRegisterShow(CliContext& c, const std::string& cccd) {
  if (!CccdPersonId(cccd))
    throw UserError("\"" + cccd + "\" không phải số CCCD (12 chữ số)",
                    "\"" + cccd + "\" is not a CCCD (12 digits)");
  auto store = OpenReadyStore(c.globals);
  const ExtractFormat& f = FormatOf(ExtractKind::kPopulation);
  ExtractTables tables(store->sql());
  std::optional<StoredExtractRow> row = tables.Find(f, cccd);
  AuditCli(*store, CliEvent("register_read", row ? "allow" : "not_found", cccd));
  if (!row) {
    c.out.Err("Không có " + cccd + " trong trích xuất CSDL dân cư",
              "No " + cccd + " in the population register extract");
    return kExitError;
  }
  for (size_t i = 0; i < f.columns.size(); ++i)
    if (!row->cells[i].empty())
      std::cout << (c.out.english() ? f.columns[i].label_en : f.columns[i].label_vi) << ": "
                << row->cells[i] << "\n";
  for (const ExtractChange& ch : tables.Changes(f, cccd))
    std::cout << ch.at << "  " << ch.field << ": " << ch.old_value << " → " << ch.new_value << "\n";
  return kExitOk;
}

int RunLinkageList(CliContext& c, const std::string& unit, const std::string& tree,
                   const std::string& state) {
  auto store = OpenReadyStore(c.globals);
  LinkageQuery q;
  q.residence_units = ScopeOf(c.refs.get(), unit, tree);
  if (!state.empty()) q.state = state;
  q.limit = 100000;
  CsvWriter csv(stdout);
  csv.Row({"id", "worker_id", "register_cccd", "unit", "score", "state", "proposed_at",
           "decided_by", "decided_at", "reasons"});
  for (const LinkageProposalRecord& p : LinkageTables(store->sql()).List(q)) {
    auto u = ParseUnitKey(p.residence_unit);
    char score[32];
    std::snprintf(score, sizeof score, "%.2f", p.score_centi / 100.0);
    csv.Row({std::to_string(p.id), PersonIdText(p.worker_person_id),
             PersonIdText(p.register_person_id), u ? std::string(u->code) : p.residence_unit, score,
             p.state, p.proposed_at, p.decided_by, p.decided_at, p.reasons});
  }
  std::fflush(stdout);
  return kExitOk;
}

int RunLinkageDecide(CliContext& c, int64_t id, const std::string& decision,
                     const std::string& note) {
  auto store = OpenReadyStore(c.globals);
  bool accept = decision == "accept";
  LinkDecisionResult r =
      DecideLink(*store, c.refs.get(), SystemClock(), id, accept, CliActor(), note,
                 {CliEvent(accept ? "link_accept" : "link_reject", "allow",
                           "proposal " + std::to_string(id))});
  switch (r.outcome) {
    case LinkDecisionOutcome::kNotFound:
      c.out.Err("Không có đề xuất " + std::to_string(id), "No proposal " + std::to_string(id));
      return kExitError;
    case LinkDecisionOutcome::kAlreadyDecided:
      c.out.Err("Đề xuất đã được quyết định (" + r.proposal.state + ")",
                "The proposal was decided already (" + r.proposal.state + ")");
      return kExitError;
    case LinkDecisionOutcome::kConflict:
      c.out.Err("Không thể ghép: người trong CSDL dân cư đã có phiếu, hoặc phiếu không còn",
                "Cannot link: the register person has a worker record by now, or the record "
                "is gone");
      return kExitError;
    case LinkDecisionOutcome::kInvalid:
      for (const Violation& v : r.violations) c.out.Err(v.message_vi, v.message_en);
      return kExitError;
    case LinkDecisionOutcome::kDone:
      break;
  }
  c.out.Say(accept ? "Đã ghép phiếu với số định danh " + PersonIdText(r.proposal.register_person_id)
                   : "Đã từ chối đề xuất " + std::to_string(id),
            accept ? "Linked the record to " + PersonIdText(r.proposal.register_person_id)
                   : "Rejected proposal " + std::to_string(id));
  return kExitOk;
}

constexpr ExtractKind kKinds[] = {ExtractKind::kPopulation, ExtractKind::kInsurance,
                                  ExtractKind::kEnterprises};

}  // namespace

void AddRegisterCommands(CLI::App& app, CLI::App& import, Commands* commands) {
  for (ExtractKind kind : kKinds) {
    const ExtractFormat& f = FormatOf(kind);
    auto a = std::make_shared<ImportExtractArgs>();
    CLI::App* sub = import.add_subcommand(
        std::string(f.slug), std::string(f.label_vi) + " / " + std::string(f.label_en) +
                                 " (CSV or JSON Lines).\n"
                                 "Exit: 0 all rows saved; 3 some rows rejected (the rest saved); "
                                 "4 nothing saved.");
    sub->add_option("FILE", a->file, "Tệp nhập (- = stdin) / input file")->required();
    sub->add_option("--rejects", a->rejects,
                    "Tệp CSV ghi các dòng bị từ chối (mặc định: in ra stderr) / rejects CSV");
    sub->add_option("--warnings", a->warnings,
                    "Tệp CSV ghi các cảnh báo (dòng vẫn được nhập) / warnings CSV");
    sub->add_option("--format", a->format, "csv | jsonl")
        ->check(CLI::IsMember({"", "csv", "jsonl", "json"}));
    sub->add_flag("--all-or-nothing", a->all_or_nothing,
                  "Không lưu gì nếu có dòng lỗi / save nothing if any row is rejected");
    sub->add_option("--actor", a->actor, "Người thực hiện / who is importing");
    sub->add_option("--batch", a->batch, "Số dòng mỗi giao dịch / rows per transaction")
        ->check(CLI::PositiveNumber);
    sub->add_flag("--quiet", a->quiet, "Không hiện thanh tiến trình / no progress bar");
    commands->push_back({sub, [kind, a](CliContext& c) { return RunImportExtract(c, kind, *a); }});
  }

  CLI::App* reconcile = app.add_subcommand(
      "reconcile", "Đối soát với cơ sở dữ liệu khác / reconcile with another register");
  reconcile->require_subcommand(1);
  for (ExtractKind kind : kKinds) {
    const ExtractFormat& f = FormatOf(kind);
    auto a = std::make_shared<ReconcileArgs>();
    CLI::App* sub = reconcile->add_subcommand(
        std::string(f.slug), "Đối soát phiếu Mẫu 03 với " + std::string(f.label_vi) +
                                 " / reconcile with the " + std::string(f.label_en) +
                                 ".\nWrites CSV: cccd,kind,field,worker_value,register_value.");
    sub->add_option("--as-of", a->as_of, "Ngày đối soát YYYY-MM-DD / reconcile as of")->required();
    sub->add_option("--out", a->out, "Tệp CSV kết quả (- = stdout) / output CSV");
    sub->add_option("--unit", a->unit,
                    "Chỉ đơn vị này (tỉnh, huyện, xã) / only this province, district or commune");
    sub->add_option("--tree", a->tree, "Cây đơn vị của --unit: 2025 | pre2025")
        ->check(CLI::IsMember({"2025", "pre2025"}));
    sub->add_option("--summary", a->summary, "Tệp CSV tổng hợp theo xã / per-commune counts CSV");
    sub->add_flag("--timings", a->timings, "In thời gian từng bước / print each phase's time");
    if (kind == ExtractKind::kPopulation) {
      sub->add_option("--proposals", a->proposals,
                      "Tệp CSV các đề xuất ghép nối / linkage proposals CSV");
      sub->add_flag("--no-proposals", a->no_proposals,
                    "Không lưu đề xuất ghép nối / do not store linkage proposals");
    }
    commands->push_back({sub, [kind, a](CliContext& c) { return RunReconcile(c, kind, *a); }});
  }

  CLI::App* reg = app.add_subcommand("register", "CSDL dân cư đã nhập / the imported register");
  reg->require_subcommand(1);
  auto cccd = std::make_shared<std::string>();
  CLI::App* show = reg->add_subcommand(
      "show", "Thông tin và lịch sử thay đổi của một người / one person and what changed");
  show->add_option("CCCD", *cccd, "Số định danh / CCCD")->required();
  commands->push_back({show, [cccd](CliContext& c) { return RunRegisterShow(c, *cccd); }});

  CLI::App* linkage =
      app.add_subcommand("linkage", "Đề xuất ghép nối bản ghi / record linkage proposals");
  linkage->require_subcommand(1);
  struct ListArgs {
    std::string unit, tree = "2025", state;
  };
  auto la = std::make_shared<ListArgs>();
  CLI::App* list = linkage->add_subcommand("list", "Danh sách đề xuất (CSV) / list proposals");
  list->add_option("--unit", la->unit, "Mã đơn vị / unit code");
  list->add_option("--tree", la->tree, "2025 | pre2025")->check(CLI::IsMember({"2025", "pre2025"}));
  list->add_option("--state", la->state, "proposed | accepted | rejected | superseded")
      ->check(CLI::IsMember({"", "proposed", "accepted", "rejected", "superseded"}));
  commands->push_back(
      {list, [la](CliContext& c) { return RunLinkageList(c, la->unit, la->tree, la->state); }});
  struct DecideArgs {
    int64_t id = 0;
    std::string decision, note;
  };
  auto da = std::make_shared<DecideArgs>();
  CLI::App* decide = linkage->add_subcommand(
      "decide", "Chấp nhận hoặc từ chối một đề xuất / accept or reject a proposal");
  decide->add_option("ID", da->id, "Mã đề xuất / proposal id")->required();
  decide->add_option("DECISION", da->decision, "accept | reject")
      ->required()
      ->check(CLI::IsMember({"accept", "reject"}));
  decide->add_option("--note", da->note, "Ghi chú / note");
  commands->push_back({decide, [da](CliContext& c) {
                         return RunLinkageDecide(c, da->id, da->decision, da->note);
                       }});
}

}  // namespace lmis
