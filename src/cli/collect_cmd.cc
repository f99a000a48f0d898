// The verbs of collection campaigns (docs/collection.md). The command line acts as the
// operator: not role-checked, audited as "cli:NAME", and bound by the forms' life cycle and
// the data rules like everyone else.
//
//   lmis campaign create|list|show|quota|worklist|assign|progress
//   lmis form list|show|move
//   lmis handover create|show|print
#include <charconv>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "collect/collect_json.h"
#include "collect/collect_service.h"
#include "collect/printouts.h"
#include "core/clock.h"
#include "exchange/csv.h"
#include "exchange/table_doc.h"
#include "registry/csv_rejects.h"
#include "report/report_charts.h"

namespace lmis {
namespace {

// What every collection verb runs with: an operator over one connection.
class CollectRun {
 public:
  explicit CollectRun(CliContext& c)
      : c_(c),
        store_(OpenReadyStore(c.globals)),
        service_(*store_, c.refs.get(), SystemClock(), nullptr),
        who_(OperatorCaller(CliEvent("", "", ""))) {}

  CollectService& service() { return service_; }
  const CollectCaller& who() const { return who_; }
  const RefData& ref() { return c_.refs.get(); }
  const Output& out() const { return c_.out; }

  // The exit code of a call that did not go through, after saying why.
  int Fail(const CollectStatus& s) {
    switch (s.outcome) {
      case CollectOutcome::kNotFound:
        c_.out.Err("Không tìm thấy", "Not found");
        break;
      case CollectOutcome::kInvalid:
        for (const Violation& v : s.violations)
          c_.out.Err(v.field + ": " + v.message_vi, v.field + ": " + v.message_en);
        break;
      case CollectOutcome::kConflict:
        c_.out.Err(s.conflict_vi, s.conflict_en);
        break;
      case CollectOutcome::kDenied:
        c_.out.Err("Không được phép", "Not allowed");
        break;
      default:
        break;
    }
    return kExitError;
  }

 private:
  CliContext& c_;
  std::unique_ptr<Store> store_;
  CollectService service_;
  CollectCaller who_;
};

int64_t IdArg(const std::string& text, const std::string& what) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || v <= 0)
    throw UserError(what + " phải là số nguyên dương: " + text,
                    what + " must be a positive whole number: " + text);
  return v;
}

// "N:DEADLINE[:NAME]" as a wave.
CampaignDraft::WaveDraft WaveArg(const std::string& text) {
  size_t a = text.find(':');
  if (a == std::string::npos)
    throw UserError("--wave có dạng SỐ:HẠN[:TÊN], ví dụ 1:2025-10-15:Đợt 1",
                    "--wave is NUMBER:DEADLINE[:NAME], e.g. 1:2025-10-15:Wave 1");
  size_t b = text.find(':', a + 1);
  CampaignDraft::WaveDraft w;
  w.number = text.substr(0, a);
  w.deadline = text.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
  if (b != std::string::npos) w.name = text.substr(b + 1);
  return w;
}

// ---- campaign ----

struct CampaignArgs {
  std::string name, unit, reference_date, start, end;
  std::vector<std::string> waves;
};

int RunCampaignCreate(CliContext& c, const CampaignArgs& a) {
  CollectRun run(c);
  CampaignDraft d{a.name, a.unit, a.reference_date, a.start, a.end, {}};
  for (const std::string& w : a.waves) d.waves.push_back(WaveArg(w));
  auto reply = run.service().CreateCampaign(run.who(), d);
  if (!reply.ok()) return run.Fail(reply);
  std::cout << reply.value.campaign.id << "\n";
  c.out.Say("Đã tạo chiến dịch " + std::to_string(reply.value.campaign.id) + ": " + a.name,
            "Created campaign " + std::to_string(reply.value.campaign.id) + ": " + a.name);
  return kExitOk;
}

int RunCampaignList(CliContext& c) {
  CollectRun run(c);
  auto reply = run.service().ListCampaigns(run.who());
  if (!reply.ok()) return run.Fail(reply);
  CsvWriter csv(stdout);
  csv.Row({"id", "name", "unit", "reference_date", "window_start", "window_end", "waves", "forms"});
  for (const CampaignView& v : reply.value) {
    const Campaign& k = v.campaign;
    auto u = ParseUnitKey(k.unit);
    csv.Row({std::to_string(k.id), k.name, u ? std::string(u->code) : k.unit,
             k.reference_date.ToString(), k.window_start.ToString(), k.window_end.ToString(),
             std::to_string(k.waves.size()), std::to_string(v.forms)});
  }
  std::fflush(stdout);
  return kExitOk;
}

int RunCampaignShow(CliContext& c, const std::string& id) {
  CollectRun run(c);
  auto reply = run.service().GetCampaign(run.who(), IdArg(id, "ID"));
  if (!reply.ok()) return run.Fail(reply);
  WriteJson("-", CampaignJson(run.ref(), reply.value));
  return kExitOk;
}

struct QuotaArgs {
  std::string id, file, rejects;
  std::vector<std::string> set;
};

int RunCampaignQuota(CliContext& c, const QuotaArgs& a) {
  CollectRun run(c);
  const int64_t id = IdArg(a.id, "ID");
  if (a.file.empty() == a.set.empty())
    throw UserError("cần đúng một trong --file hoặc --set", "give exactly one of --file or --set");
  CollectReply<CampaignView> reply;
  if (!a.file.empty()) {
    File in(a.file, "rb");
    std::string text;
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, in.get())) > 0) text.append(buf, n);
    reply = run.service().SetQuotasCsv(run.who(), id, text);
  } else {
    std::vector<QuotaDraft> drafts;
    for (const std::string& s : a.set) {
      size_t x = s.find(':'), y = x == std::string::npos ? x : s.find(':', x + 1);
      if (y == std::string::npos)
        throw UserError("--set có dạng XÃ:ĐỢT:CHỈ_TIÊU", "--set is COMMUNE:WAVE:QUOTA");
      drafts.push_back({s.substr(0, x), s.substr(x + 1, y - x - 1), s.substr(y + 1)});
    }
    reply = run.service().SetQuotas(run.who(), id, drafts);
  }
  if (reply.outcome == CollectOutcome::kInvalid && !reply.rejects.empty()) {
    std::unique_ptr<File> file;
    std::unique_ptr<CsvRejects> sink;
    if (!a.rejects.empty()) {
      file = std::make_unique<File>(a.rejects, "wb");
      sink = std::make_unique<CsvRejects>(file->get());
    }
    for (const QuotaReject& r : reply.rejects) {
      if (sink) sink->Reject(r.line, r.violation);
      c.out.Err("dòng " + std::to_string(r.line) + ", " + r.violation.field + ": " +
                    r.violation.message_vi,
                "line " + std::to_string(r.line) + ", " + r.violation.field + ": " +
                    r.violation.message_en);
    }
    sink.reset();
    if (file) file->Close();
    c.out.Say("Không lưu chỉ tiêu nào vì có dòng bị từ chối.",
              "No quota was saved because rows were rejected.");
    return kExitNothingCommitted;
  }
  if (!reply.ok()) return run.Fail(reply);
  c.out.Say(
      "Chiến dịch " + a.id + " có " + std::to_string(reply.value.quotas.size()) + " chỉ tiêu.",
      "Campaign " + a.id + " has " + std::to_string(reply.value.quotas.size()) + " quotas.");
  return kExitOk;
}

struct WorklistArgs {
  std::string id, unit, collector, format = "csv", out = "-";
};

int RunCampaignWorklist(CliContext& c, const WorklistArgs& a) {
  CollectRun run(c);
  auto reply = run.service().Worklist(run.who(), IdArg(a.id, "ID"), a.unit, a.collector);
  if (!reply.ok()) return run.Fail(reply);
  if (a.format == "json") {
    WriteJson(a.out, WorklistJson(reply.value));
  } else if (a.format == "csv") {
    WriteOut(a.out, RenderCsv(WorklistDoc(reply.value, DocStyle::kData)));
  } else {
    TableDoc doc = WorklistDoc(reply.value, DocStyle::kPrint);
    WriteOut(a.out, a.format == "pdf" ? RenderPdf(doc) : RenderXlsx(doc, "Bang ke"));
  }
  c.out.Say("Bảng kê: " + Num(reply.value.people) + " người, " +
                Num(static_cast<int64_t>(reply.value.households.size())) + " hộ.",
            "Worklist: " + Num(reply.value.people) + " people, " +
                Num(static_cast<int64_t>(reply.value.households.size())) + " households.");
  return kExitOk;
}

struct AssignArgs {
  std::string id, unit, wave, collector;
  std::vector<std::string> households;
  bool all = false;
};

int RunCampaignAssign(CliContext& c, const AssignArgs& a) {
  CollectRun run(c);
  AssignRequest r{a.unit, a.wave, a.collector, a.households, a.all};
  auto reply = run.service().Assign(run.who(), IdArg(a.id, "ID"), r);
  if (!reply.ok()) return run.Fail(reply);
  CsvWriter csv(stdout);
  csv.Row({"form_id", "household_id", "cccd", "full_name", "collector", "wave"});
  for (const FormRow& f : reply.value.forms)
    csv.Row({std::to_string(f.id), f.household_id, f.cccd, f.full_name, f.collector,
             std::to_string(f.wave)});
  std::fflush(stdout);
  c.out.Say("Đã giao " + Num(static_cast<int64_t>(reply.value.forms.size())) + " phiếu cho " +
                a.collector + " (" + Num(reply.value.already_assigned) +
                " người đã được giao trước).",
            "Assigned " + Num(static_cast<int64_t>(reply.value.forms.size())) + " forms to " +
                a.collector + " (" + Num(reply.value.already_assigned) +
                " people were assigned before).");
  return kExitOk;
}

struct ProgressArgs {
  std::string id, unit, tree, as_of, wave, format = "csv", out = "-";
};

int RunCampaignProgress(CliContext& c, const ProgressArgs& a) {
  CollectRun run(c);
  auto reply =
      run.service().Progress(run.who(), IdArg(a.id, "ID"), {a.unit, a.tree, a.as_of, a.wave});
  if (!reply.ok()) return run.Fail(reply);
  if (a.format == "json")
    WriteJson(a.out, ProgressJson(reply.value));
  else if (a.format == "csv")
    WriteOut(a.out, RenderCsv(ProgressDoc(reply.value, DocStyle::kData)));
  else if (a.format == "svg")
    WriteOut(a.out, RenderChartSvg(ProgressChart(reply.value, !c.out.english())));
  else if (a.format == "png")
    WriteOut(a.out, RenderChartPng(ProgressChart(reply.value, !c.out.english())));
  else
    WriteOut(a.out, RenderXlsx(ProgressDoc(reply.value, DocStyle::kPrint), "Tien do"));
  return kExitOk;
}

// ---- form ----

struct FormListArgs {
  std::string campaign, unit, state, collector;
  int wave = 0;
};

int RunFormList(CliContext& c, const FormListArgs& a) {
  CollectRun run(c);
  FormFilter f{a.unit, a.state, a.collector, a.wave, 0, 500};
  CsvWriter csv(stdout);
  csv.Row({"id", "wave", "unit", "household_id", "cccd", "full_name", "collector", "state",
           "state_at", "handover"});
  const int64_t campaign = IdArg(a.campaign, "CAMPAIGN");
  for (;;) {
    auto reply = run.service().ListForms(run.who(), campaign, f);
    if (!reply.ok()) return run.Fail(reply);
    for (const FormRow& r : reply.value.items) {
      auto u = ParseUnitKey(r.unit);
      csv.Row({std::to_string(r.id), std::to_string(r.wave), u ? std::string(u->code) : r.unit,
               r.household_id, r.cccd, r.full_name, r.collector, r.state, r.state_at,
               r.handover_id ? std::to_string(r.handover_id) : ""});
    }
    if (!reply.value.next_after) break;
    f.after_id = reply.value.next_after;
  }
  std::fflush(stdout);
  return kExitOk;
}

int RunFormShow(CliContext& c, const std::string& id) {
  CollectRun run(c);
  auto reply = run.service().GetForm(run.who(), IdArg(id, "ID"));
  if (!reply.ok()) return run.Fail(reply);
  WriteJson("-", FormViewJson(reply.value));
  return kExitOk;
}

int RunFormMove(CliContext& c, const std::string& id, const std::string& to,
                const std::string& reason) {
  CollectRun run(c);
  auto reply = run.service().Move(run.who(), IdArg(id, "ID"), to, reason);
  if (!reply.ok()) return run.Fail(reply);
  auto state = ParseFormState(reply.value.form.state);
  c.out.Say("Phiếu " + id + ": " + std::string(StateLabelVi(*state)),
            "Form " + id + ": " + std::string(StateLabelEn(*state)));
  return kExitOk;
}

// ---- handover ----

struct HandoverArgs {
  std::string campaign, unit, to, note;
  std::vector<std::string> forms;
  bool all_accepted = false;
};

int RunHandoverCreate(CliContext& c, const HandoverArgs& a) {
  CollectRun run(c);
  const int64_t campaign = IdArg(a.campaign, "CAMPAIGN");
  HandoverRequest r{a.unit, a.to, {}, a.note};
  if (a.all_accepted == !a.forms.empty())
    throw UserError("cần đúng một trong --form hoặc --all-accepted",
                    "give exactly one of --form or --all-accepted");
  for (const std::string& f : a.forms) r.form_ids.push_back(IdArg(f, "--form"));
  if (a.all_accepted) {
    FormFilter f{a.unit, "accepted", "", 0, 0, 500};
    for (;;) {
      auto page = run.service().ListForms(run.who(), campaign, f);
      if (!page.ok()) return run.Fail(page);
      for (const FormRow& form : page.value.items) r.form_ids.push_back(form.id);
      if (!page.value.next_after) break;
      f.after_id = page.value.next_after;
    }
  }
  auto reply = run.service().CreateHandover(run.who(), campaign, r);
  if (!reply.ok()) return run.Fail(reply);
  const HandoverRow& h = reply.value.handover;
  std::cout << h.id << "\n";
  c.out.Say("Biên bản bàn giao " + std::to_string(h.id) + ": " + Num(h.form_count) + " phiếu cho " +
                h.to_user + ". Mã kiểm tra: " + h.check_code,
            "Hand-over record " + std::to_string(h.id) + ": " + Num(h.form_count) + " forms to " +
                h.to_user + ". Check code: " + h.check_code);
  return kExitOk;
}

int RunHandoverShow(CliContext& c, const std::string& id) {
  CollectRun run(c);
  auto reply = run.service().GetHandover(run.who(), IdArg(id, "ID"));
  if (!reply.ok()) return run.Fail(reply);
  WriteJson("-", HandoverViewJson(reply.value));
  return kExitOk;
}

int RunHandoverPrint(CliContext& c, const std::string& id, const std::string& format,
                     const std::string& out) {
  CollectRun run(c);
  auto reply = run.service().GetHandover(run.who(), IdArg(id, "ID"));
  if (!reply.ok()) return run.Fail(reply);
  TableDoc doc = HandoverDoc(reply.value, run.ref().units);
  WriteOut(out, format == "pdf" ? RenderPdf(doc) : RenderXlsx(doc, "Bien ban"));
  return kExitOk;
}

}  // namespace

void AddCollectCommands(CLI::App& app, Commands* commands) {
  CLI::App* campaign =
      app.add_subcommand("campaign", "Chiến dịch thu thập thông tin / collection campaigns");
  campaign->require_subcommand(1);

  auto ca = std::make_shared<CampaignArgs>();
  CLI::App* create = campaign->add_subcommand("create", "Tạo chiến dịch / create a campaign");
  create->add_option("--name", ca->name, "Tên chiến dịch / name")->required();
  create->add_option("--unit", ca->unit, "Mã tỉnh, huyện, xã hoặc national / unit code")
      ->required();
  create
      ->add_option("--reference-date", ca->reference_date,
                   "Thời điểm thu thập YYYY-MM-DD / reference date")
      ->required();
  create->add_option("--start", ca->start, "Ngày bắt đầu thu thập / window start")->required();
  create->add_option("--end", ca->end, "Ngày kết thúc thu thập / window end")->required();
  create
      ->add_option("--wave", ca->waves,
                   "Đợt SỐ:HẠN[:TÊN], lặp lại / wave NUMBER:DEADLINE[:NAME], repeatable")
      ->required();
  commands->push_back({create, [ca](CliContext& c) { return RunCampaignCreate(c, *ca); }});

  CLI::App* list = campaign->add_subcommand("list", "Danh sách chiến dịch (CSV) / list (CSV)");
  commands->push_back({list, [](CliContext& c) { return RunCampaignList(c); }});

  auto show_id = std::make_shared<std::string>();
  CLI::App* show = campaign->add_subcommand("show", "Chiến dịch và chỉ tiêu (JSON) / one campaign");
  show->add_option("ID", *show_id, "Mã chiến dịch / campaign id")->required();
  commands->push_back({show, [show_id](CliContext& c) { return RunCampaignShow(c, *show_id); }});

  auto qa = std::make_shared<QuotaArgs>();
  CLI::App* quota = campaign->add_subcommand(
      "quota",
      "Đặt chỉ tiêu theo xã và đợt (tất cả hoặc không) / set quotas, all or none.\n"
      "Exit: 0 saved; 4 rows rejected, nothing saved.");
  quota->add_option("ID", qa->id, "Mã chiến dịch / campaign id")->required();
  quota->add_option("--file", qa->file, "Tệp CSV unit,wave,quota / quota CSV");
  quota->add_option("--set", qa->set, "XÃ:ĐỢT:CHỈ_TIÊU, lặp lại / COMMUNE:WAVE:QUOTA");
  quota->add_option("--rejects", qa->rejects, "Tệp CSV ghi các dòng bị từ chối / rejects CSV");
  commands->push_back({quota, [qa](CliContext& c) { return RunCampaignQuota(c, *qa); }});

  auto wa = std::make_shared<WorklistArgs>();
  CLI::App* worklist =
      campaign->add_subcommand("worklist", "Bảng kê người cần thu thập của một xã / worklist");
  worklist->add_option("ID", wa->id, "Mã chiến dịch / campaign id")->required();
  worklist->add_option("--unit", wa->unit, "Mã xã / commune code")->required();
  worklist->add_option("--collector", wa->collector, "Chỉ của điều tra viên này / one collector");
  worklist->add_option("--format", wa->format, "csv | json | xlsx | pdf")
      ->check(CLI::IsMember({"csv", "json", "xlsx", "pdf"}));
  worklist->add_option("--out", wa->out, "Tệp xuất (- = stdout) / output file");
  commands->push_back({worklist, [wa](CliContext& c) { return RunCampaignWorklist(c, *wa); }});

  auto aa = std::make_shared<AssignArgs>();
  CLI::App* assign = campaign->add_subcommand(
      "assign", "Giao hộ trong bảng kê cho điều tra viên / assign households to a collector");
  assign->add_option("ID", aa->id, "Mã chiến dịch / campaign id")->required();
  assign->add_option("--unit", aa->unit, "Mã xã / commune code")->required();
  assign->add_option("--wave", aa->wave, "Đợt / wave")->required();
  assign->add_option("--collector", aa->collector, "Điều tra viên / collector")->required();
  assign->add_option("--household", aa->households, "Mã hộ, lặp lại / household id, repeatable");
  assign->add_flag("--all", aa->all, "Mọi hộ chưa giao / every household not assigned yet");
  commands->push_back({assign, [aa](CliContext& c) { return RunCampaignAssign(c, *aa); }});

  auto pa = std::make_shared<ProgressArgs>();
  CLI::App* progress =
      campaign->add_subcommand("progress", "Tiến độ theo xã và đợt / progress by commune and wave");
  progress->add_option("ID", pa->id, "Mã chiến dịch / campaign id")->required();
  progress->add_option("--unit", pa->unit, "Mã tỉnh, huyện hoặc xã / unit code");
  progress->add_option("--tree", pa->tree, "Cây đơn vị của --unit: 2025 | pre2025")
      ->check(CLI::IsMember({"", "2025", "pre2025"}));
  progress->add_option("--as-of", pa->as_of, "Tính đến ngày YYYY-MM-DD / as of");
  progress->add_option("--wave", pa->wave, "Chỉ đợt này / one wave");
  progress->add_option("--format", pa->format, "csv | json | xlsx | svg | png (biểu đồ / chart)")
      ->check(CLI::IsMember({"csv", "json", "xlsx", "svg", "png"}));
  progress->add_option("--out", pa->out, "Tệp xuất (- = stdout) / output file");
  commands->push_back({progress, [pa](CliContext& c) { return RunCampaignProgress(c, *pa); }});

  CLI::App* form = app.add_subcommand("form", "Phiếu thu thập / collection forms");
  form->require_subcommand(1);
  auto fl = std::make_shared<FormListArgs>();
  CLI::App* form_list = form->add_subcommand("list", "Danh sách phiếu (CSV) / list forms (CSV)");
  form_list->add_option("CAMPAIGN", fl->campaign, "Mã chiến dịch / campaign id")->required();
  form_list->add_option("--unit", fl->unit, "Mã xã / commune code");
  form_list->add_option("--state", fl->state,
                        "assigned | collected | accepted | handed_over | entered | archived | "
                        "returned");
  form_list->add_option("--collector", fl->collector, "Điều tra viên / collector");
  form_list->add_option("--wave", fl->wave, "Đợt / wave");
  commands->push_back({form_list, [fl](CliContext& c) { return RunFormList(c, *fl); }});
  auto form_id = std::make_shared<std::string>();
  CLI::App* form_show =
      form->add_subcommand("show", "Phiếu và lịch sử (JSON) / a form and its history");
  form_show->add_option("ID", *form_id, "Mã phiếu / form id")->required();
  commands->push_back({form_show, [form_id](CliContext& c) { return RunFormShow(c, *form_id); }});
  struct MoveArgs {
    std::string id, to, reason;
  };
  auto ma = std::make_shared<MoveArgs>();
  CLI::App* move = form->add_subcommand(
      "move",
      "Chuyển trạng thái phiếu / move a form: collected | accepted | returned | "
      "entered | archived");
  move->add_option("ID", ma->id, "Mã phiếu / form id")->required();
  move->add_option("TO", ma->to, "Trạng thái đích / target state")->required();
  move->add_option("--reason", ma->reason, "Lý do (bắt buộc khi trả lại) / reason");
  commands->push_back(
      {move, [ma](CliContext& c) { return RunFormMove(c, ma->id, ma->to, ma->reason); }});

  CLI::App* handover =
      app.add_subcommand("handover", "Biên bản bàn giao phiếu / hand-over records");
  handover->require_subcommand(1);
  auto ha = std::make_shared<HandoverArgs>();
  CLI::App* h_create = handover->add_subcommand(
      "create",
      "Lập biên bản bàn giao phiếu đã nghiệm thu cho công an xã / hand accepted "
      "forms over to the commune police");
  h_create->add_option("CAMPAIGN", ha->campaign, "Mã chiến dịch / campaign id")->required();
  h_create->add_option("--unit", ha->unit, "Mã xã / commune code")->required();
  h_create->add_option("--to", ha->to, "Người nhận (công an xã) / receiving police user")
      ->required();
  h_create->add_option("--form", ha->forms, "Mã phiếu, lặp lại / form id, repeatable");
  h_create->add_flag("--all-accepted", ha->all_accepted,
                     "Mọi phiếu đã nghiệm thu của xã / every accepted form of the commune");
  h_create->add_option("--note", ha->note, "Ghi chú / note");
  commands->push_back({h_create, [ha](CliContext& c) { return RunHandoverCreate(c, *ha); }});
  auto h_id = std::make_shared<std::string>();
  CLI::App* h_show = handover->add_subcommand("show", "Biên bản (JSON) / one record (JSON)");
  h_show->add_option("ID", *h_id, "Mã biên bản / record id")->required();
  commands->push_back({h_show, [h_id](CliContext& c) { return RunHandoverShow(c, *h_id); }});
  struct PrintArgs {
    std::string id, format = "pdf", out;
  };
  auto pr = std::make_shared<PrintArgs>();
  CLI::App* h_print = handover->add_subcommand("print", "In biên bản / print a record");
  h_print->add_option("ID", pr->id, "Mã biên bản / record id")->required();
  h_print->add_option("--format", pr->format, "pdf | xlsx")->check(CLI::IsMember({"pdf", "xlsx"}));
  h_print->add_option("--out", pr->out, "Tệp xuất / output file")->required();
  commands->push_back(
      {h_print, [pr](CliContext& c) { return RunHandoverPrint(c, pr->id, pr->format, pr->out); }});
}

}  // namespace lmis
