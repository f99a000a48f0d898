#include "collect/collect_json.h"

namespace lmis {
namespace {

using nlohmann::json;

json TextOrNullJson(const std::string& s) { return s.empty() ? json() : json(s); }

std::string CodeOf(const std::string& key) {
  auto ref = ParseUnitKey(key);
  return ref ? std::string(ref->code) : key;
}

std::string NameOf(const RefData& ref, const std::string& key) {
  auto u = ParseUnitKey(key);
  const AdminUnit* a = u ? ref.units.Find(u->edition, u->code) : nullptr;
  return a ? a->name : "";
}

json MissingJson(const std::vector<std::string>& missing) {
  json out = json::array();
  for (const std::string& m : missing) out.push_back(m);
  return out;
}

std::vector<std::string> SplitMissing(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

json PercentJson(const std::optional<double>& p) { return p ? json(*p) : json(); }

json LineJson(const ProgressLine& l) {
  const ProgressCounts& c = l.counts;
  return {{"unit", l.unit.empty() ? json() : json(l.unit_code)},
          {"unit_name", l.unit_name},
          {"quota", c.quota},
          {"assigned", c.assigned},
          {"collected", c.collected},
          {"accepted", c.accepted},
          {"handed_over", c.handed_over},
          {"entered", c.entered},
          {"archived", c.archived},
          {"returned", c.returned},
          {"collected_pct", PercentJson(l.collected_pct)},
          {"entered_pct", PercentJson(l.entered_pct)},
          {"collected_by_deadline", c.collected_by_deadline},
          {"collected_after_deadline", c.collected_after_deadline},
          {"late", l.late}};
}

}  // namespace

json CampaignJson(const RefData& ref, const CampaignView& v) {
  const Campaign& c = v.campaign;
  json waves = json::array();
  for (const Wave& w : c.waves)
    waves.push_back({{"number", w.number}, {"name", w.name}, {"deadline", w.deadline.ToString()}});
  json quotas = json::array();
  for (const QuotaRow& q : v.quotas)
    quotas.push_back({{"unit", CodeOf(q.unit)},
                      {"unit_name", NameOf(ref, q.unit)},
                      {"wave", q.wave},
                      {"quota", q.quota},
                      {"set_by", q.set_by},
                      {"set_at", q.set_at}});
  return {{"id", c.id},
          {"name", c.name},
          {"unit", c.national() ? c.unit : CodeOf(c.unit)},
          {"unit_name", c.national() ? "Toàn quốc" : NameOf(ref, c.unit)},
          {"tree", c.edition() == UnitEdition::k2025 ? "2025" : "pre2025"},
          {"reference_date", c.reference_date.ToString()},
          {"window_start", c.window_start.ToString()},
          {"window_end", c.window_end.ToString()},
          {"waves", waves},
          {"quotas", quotas},
          {"forms", v.forms},
          {"created_by", c.created_by},
          {"created_at", c.created_at},
          {"updated_by", c.updated_by},
          {"updated_at", c.updated_at}};
}

json FormJson(const FormRow& f) {
  auto state = ParseFormState(f.state);
  json returned;
  if (!f.returned_at.empty())
    returned = {{"at", f.returned_at}, {"by", f.returned_by}, {"reason", f.returned_reason}};
  return {{"id", f.id},
          {"campaign", f.campaign_id},
          {"wave", f.wave},
          {"unit", CodeOf(f.unit)},
          {"cccd", f.cccd},
          {"full_name", f.full_name},
          {"birth_date", TextOrNullJson(f.birth_date)},
          {"sex", TextOrNullJson(f.sex)},
          {"household_id", TextOrNullJson(f.household_id)},
          {"relation_to_head", TextOrNullJson(f.relation_to_head)},
          {"address", TextOrNullJson(f.address)},
          {"head", f.head},
          {"age_uncertain", f.age_uncertain},
          {"reason", f.reason},
          {"missing", MissingJson(SplitMissing(f.missing))},
          {"collector", f.collector},
          {"state", f.state},
          {"state_label_vi", state ? std::string(StateLabelVi(*state)) : f.state},
          {"state_label_en", state ? std::string(StateLabelEn(*state)) : f.state},
          {"state_at", f.state_at},
          {"assigned_at", f.assigned_at},
          {"assigned_by", f.assigned_by},
          {"collected_at", TextOrNullJson(f.collected_at)},
          {"last_collected_at", TextOrNullJson(f.last_collected_at)},
          {"accepted_at", TextOrNullJson(f.accepted_at)},
          {"handed_over_at", TextOrNullJson(f.handed_over_at)},
          {"entered_at", TextOrNullJson(f.entered_at)},
          {"archived_at", TextOrNullJson(f.archived_at)},
          {"returned", returned},
          {"entered_version", f.entered_seq ? json(f.entered_seq) : json()},
          {"handover", f.handover_id ? json(f.handover_id) : json()}};
}

json FormViewJson(const FormView& v) {
  json out = FormJson(v.form);
  json events = json::array();
  for (const FormEventRow& e : v.events)
    events.push_back({{"from", TextOrNullJson(e.from_state)},
                      {"to", e.to_state},
                      {"by", e.by_user},
                      {"role", e.by_role},
                      {"at", e.at},
                      {"reason", TextOrNullJson(e.reason)}});
  out["events"] = std::move(events);
  return out;
}

json HandoverJson(const HandoverRow& h) {
  return {{"id", h.id},
          {"campaign", h.campaign_id},
          {"unit", CodeOf(h.unit)},
          {"from", h.from_user},
          {"from_role", h.from_role},
          {"to", h.to_user},
          {"at", h.at},
          {"count", h.form_count},
          {"check_code", h.check_code},
          {"note", TextOrNullJson(h.note)}};
}

json WorklistJson(const WorklistView& v) {
  json households = json::array();
  for (const WorklistHousehold& h : v.households) {
    json members = json::array();
    for (const WorklistPerson& p : h.members)
      members.push_back({{"cccd", p.cccd},
                         {"full_name", p.full_name},
                         {"birth_date", p.birth_date},
                         {"sex", p.sex},
                         {"relation_to_head", p.relation_to_head},
                         {"head", p.head},
                         {"address", p.address},
                         {"age_uncertain", p.age_uncertain},
                         {"reason", std::string(ReasonSlug(p.reason))},
                         {"missing", MissingJson(p.missing)},
                         {"form", p.form_id ? json(p.form_id) : json()},
                         {"wave", p.form_wave ? json(p.form_wave) : json()},
                         {"collector", TextOrNullJson(p.collector)},
                         {"form_state", TextOrNullJson(p.form_state)}});
    households.push_back({{"household_id", TextOrNullJson(h.household_id)},
                          {"address", h.address},
                          {"members", members}});
  }
  return {{"campaign", v.campaign.id},
          {"unit", v.commune_code},
          {"unit_name", v.commune_name},
          {"reference_date", v.campaign.reference_date.ToString()},
          {"counts",
           {{"people", v.people},
            {"households", v.households.size()},
            {"no_record", v.no_record},
            {"incomplete", v.incomplete},
            {"age_uncertain", v.age_uncertain},
            {"assigned", v.assigned}}},
          {"households", households}};
}

json ProgressJson(const ProgressReport& r) {
  json waves = json::array();
  for (const WaveProgress& w : r.waves) {
    json lines = json::array();
    for (const ProgressLine& l : w.lines) lines.push_back(LineJson(l));
    waves.push_back({{"number", w.number},
                     {"name", w.name},
                     {"deadline", w.deadline.ToString()},
                     {"rows", lines},
                     {"total", LineJson(w.total)}});
  }
  return {{"campaign", r.campaign.id},
          {"unit", r.unit_code.empty() ? json() : json(r.unit_code)},
          {"unit_name", r.unit_name},
          {"as_of", r.as_of.ToString()},
          {"waves", waves}};
}

json HandoverViewJson(const HandoverView& v) {
  json forms = json::array();
  for (const FormRow& f : v.forms) forms.push_back(FormJson(f));
  json out = HandoverJson(v.handover);
  out["forms"] = std::move(forms);
  return out;
}

}  // namespace lmis
