// Collection campaigns as signed-in users and the command line meet them: campaigns and
// quotas, the commune worklist, assignments to collectors, the life cycle of each paper form,
// hand-over records to the commune police, and progress. Every call is authorised by role ×
// jurisdiction (collect/form_rules.h, auth/access.h) and audited: reads and denials before the
// answer leaves (through the AuditWriter, or straight to the store from the command line),
// changes in the same transaction as the change. Knows nothing of HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/audit_writer.h"
#include "collect/campaign.h"
#include "collect/form_rules.h"
#include "collect/progress.h"
#include "collect/worklist.h"
#include "core/clock.h"
#include "core/refdata.h"
#include "registry/worker_service.h"
#include "store/collect_tables.h"
#include "store/store.h"

namespace lmis {

// Who acts on a campaign: a signed-in user, checked by role × jurisdiction, or the operator
// at the command line (`who` null), who is not role-checked — the life cycle and the data
// rules hold for everyone.
struct CollectCaller {
  const Principal* who = nullptr;
  std::string username, role, unit, address;  // as the audit log names them
};
CollectCaller UserCaller(const Caller& caller);
// The operator, named as `identity` (an audit entry of the command line: cli/command.h
// CliEvent) names them.
CollectCaller OperatorCaller(const AuditEvent& identity);

enum class CollectOutcome : uint8_t {
  kOk,
  kCreated,
  kNotFound,  // no such campaign, form or hand-over record
  kDenied,    // role or jurisdiction forbids it (decision says which); audited
  kInvalid,   // the input breaks rules: violations (and rejects of a quota file by line)
  kConflict,  // the state of things forbids it: conflict_vi/en say why; audited
};

// How a call went, besides what it answers.
struct CollectStatus {
  CollectOutcome outcome = CollectOutcome::kOk;
  Decision decision = Decision::kAllow;
  std::string denial;  // kDenied: "deny_role", "deny_jurisdiction" or "not_assigned"
  Violations violations;
  std::vector<QuotaReject> rejects;
  std::string conflict_code;  // kConflict: "wrong_state", "handover_only", "no_worker_record", …
  std::string conflict_vi, conflict_en;
  bool ok() const { return outcome == CollectOutcome::kOk || outcome == CollectOutcome::kCreated; }
};

template <class T>
struct CollectReply : CollectStatus {
  T value{};
};

// A campaign with its quotas and how many forms it has.
struct CampaignView {
  Campaign campaign;
  std::vector<QuotaRow> quotas;
  int64_t forms = 0;
};

// A commune's worklist.
struct WorklistView {
  Campaign campaign;
  std::string commune;  // UnitKey
  std::string commune_code, commune_name;
  std::vector<WorklistHousehold> households;
  int64_t people = 0, no_record = 0, incomplete = 0, age_uncertain = 0, assigned = 0;
};

// Households of a commune's worklist for a collector in a wave.
struct AssignRequest {
  std::string unit;  // commune code of the campaign's tree
  std::string wave;
  std::string collector;  // username
  std::vector<std::string> households;
  bool all = false;  // every household of the worklist not assigned yet
};

struct AssignResult {
  std::vector<FormRow> forms;    // the forms created
  int64_t already_assigned = 0;  // listed members who had a form already
};

// A form with its history.
struct FormView {
  FormRow form;
  std::vector<FormEventRow> events;
};

// Which forms of a campaign to list (every given condition), one page.
struct FormFilter {
  std::string unit, state, collector;
  int wave = 0;
  int64_t after_id = 0;
  int limit = 100;
};

struct FormPage {
  std::vector<FormRow> items;
  int64_t next_after = 0;  // 0 when this was the last page
};

// A hand-over record to make: accepted forms of a commune, to a commune police user.
struct HandoverRequest {
  std::string unit;
  std::string to;  // username
  std::vector<int64_t> form_ids;
  std::string note;
};

struct HandoverView {
  Campaign campaign;
  HandoverRow handover;
  std::vector<FormRow> forms;  // in the record's order
};

// Which progress to report.
struct ProgressRequest {
  std::string unit;   // a unit code; "" = the campaign's unit (as far as the caller sees)
  std::string tree;   // "pre2025" to read `unit` in the old tree; "" = the campaign's
  std::string as_of;  // YYYY-MM-DD; "" = today
  std::string wave;   // "" = every wave
};

struct ProgressReport {
  Campaign campaign;
  std::string unit_code, unit_name;  // what the report covers ("" / "Toàn quốc": the country)
  Date as_of;
  std::vector<WaveProgress> waves;
};

class CollectService {
 public:
  // `store` is this call's connection; the others are shared and outlive the service.
  // Without an audit writer (the command line), reads and denials are written to `store`.
  CollectService(Store& store, const RefData& ref, const Clock& clock, AuditWriter* audit)
      : store_(store), tables_(store.sql()), ref_(ref), clock_(clock), audit_(audit) {}

  // Campaigns: the ministry for the whole country, province and district officers for units
  // inside their jurisdiction.
  CollectReply<CampaignView> CreateCampaign(const CollectCaller& c, const CampaignDraft& draft);
  // Replaces name, window and waves; the unit and reference date only while no form exists;
  // a wave that has forms or quotas cannot go.
  CollectReply<CampaignView> UpdateCampaign(const CollectCaller& c, int64_t id,
                                            const CampaignDraft& draft);
  CollectReply<CampaignView> GetCampaign(const CollectCaller& c, int64_t id);
  // The campaigns touching the caller's jurisdiction, newest first.
  CollectReply<std::vector<CampaignView>> ListCampaigns(const CollectCaller& c);
  // Sets quotas, all or none.
  CollectReply<CampaignView> SetQuotas(const CollectCaller& c, int64_t id,
                                       const std::vector<QuotaDraft>& quotas);
  CollectReply<CampaignView> SetQuotasCsv(const CollectCaller& c, int64_t id, std::string_view csv);

  // The worklist of commune `unit` (a code of the campaign's tree). A collector sees only the
  // people assigned to them; `collector` narrows the list for others. Each person listed is
  // audited as read.
  CollectReply<WorklistView> Worklist(const CollectCaller& c, int64_t id, const std::string& unit,
                                      const std::string& collector);
  // Assigns households of the worklist to a collector of the commune for a wave: one form per
  // listed member without one (commune officer).
  CollectReply<AssignResult> Assign(const CollectCaller& c, int64_t id, const AssignRequest& r);

  CollectReply<FormPage> ListForms(const CollectCaller& c, int64_t id, const FormFilter& f);
  CollectReply<FormView> GetForm(const CollectCaller& c, int64_t form_id);
  // Moves a form to state `to` (a slug) as form_rules.h allows.
  CollectReply<FormView> Move(const CollectCaller& c, int64_t form_id, const std::string& to,
                              const std::string& reason);
  // Gives an assigned form to another collector of the commune (commune officer).
  CollectReply<FormView> Reassign(const CollectCaller& c, int64_t form_id,
                                  const std::string& collector);

  // Creates a hand-over record, moving all its forms from accepted to handed_over, or none.
  CollectReply<HandoverView> CreateHandover(const CollectCaller& c, int64_t id,
                                            const HandoverRequest& r);
  CollectReply<std::vector<HandoverRow>> ListHandovers(const CollectCaller& c, int64_t id,
                                                       const std::string& unit);
  CollectReply<HandoverView> GetHandover(const CollectCaller& c, int64_t handover_id);

  CollectReply<ProgressReport> Progress(const CollectCaller& c, int64_t id,
                                        const ProgressRequest& r);

 private:
  AuditEvent Event(const CollectCaller& c, std::string_view action, std::string_view outcome,
                   int64_t person_id = 0, std::string_view province = "",
                   std::string_view residence = "", std::string detail = "") const;
  AuditEvent FormEvent(const CollectCaller& c, std::string_view action, std::string_view outcome,
                       const FormRow& f, std::string detail = "") const;
  // Reads and denials: committed before the answer.
  void Audit(std::vector<AuditEvent> events);
  // Changes: inside the open transaction.
  void AuditInTransaction(const std::vector<AuditEvent>& events);

  // Fills `status` with a denial (audited as `action`).
  void Deny(const CollectCaller& c, CollectStatus* status, Decision d, std::string_view action,
            std::string denial = "");
  void Conflict(CollectStatus* status, std::string code, std::string vi, std::string en);

  std::optional<Campaign> LoadCampaign(int64_t id);
  // Campaign `id` for a caller whose role passes `may`; otherwise nothing, with `status` filled
  // (a role denial audited as `action`, or not found).
  std::optional<Campaign> OpenCampaign(const CollectCaller& c, CollectStatus* status,
                                       bool (*may)(Role), std::string_view action, int64_t id);
  CampaignView ViewOf(const Campaign& campaign);
  // Whether the caller sees the campaign / may manage a campaign of that unit.
  Decision SeesCampaign(const CollectCaller& c, const Campaign& campaign) const;
  Decision ManagesCampaign(const CollectCaller& c, const Campaign& campaign) const;
  bool Covers(const CollectCaller& c, std::string_view commune) const;
  // The worklist of a commune (UnitKey), unaudited.
  std::vector<WorklistHousehold> BuildWorklist(const Campaign& campaign,
                                               const std::string& commune);
  // A user of `role` whose jurisdiction covers `commune`, else a violation of `field`.
  bool CheckUser(const std::string& username, Role role, const std::string& commune,
                 const std::string& field, Violations* out);
  std::string ProvinceOf(const std::string& commune) const;

  Store& store_;
  CollectTables tables_;
  const RefData& ref_;
  const Clock& clock_;
  AuditWriter* audit_;
};

}  // namespace lmis
