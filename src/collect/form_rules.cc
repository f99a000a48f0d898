#include "collect/form_rules.h"

#include <algorithm>

namespace lmis {
namespace {

struct StateName {
  FormState state;
  std::string_view slug, vi, en;
};

constexpr StateName kStates[] = {
    {FormState::kAssigned, "assigned", "Đã giao", "Assigned"},
    {FormState::kCollected, "collected", "Đã thu thập", "Collected"},
    {FormState::kAccepted, "accepted", "Đã nghiệm thu", "Accepted"},
    {FormState::kHandedOver, "handed_over", "Đã bàn giao", "Handed over"},
    {FormState::kEntered, "entered", "Đã nhập", "Entered"},
    {FormState::kArchived, "archived", "Đã lưu trữ", "Archived"},
    {FormState::kReturned, "returned", "Bị trả lại", "Returned"},
};

const StateName& NameOf(FormState s) { return kStates[static_cast<size_t>(s)]; }

bool Admits(const TransitionRule& rule, Role role) {
  return std::find(rule.roles.begin(), rule.roles.end(), role) != rule.roles.end();
}

}  // namespace

std::string_view StateSlug(FormState state) { return NameOf(state).slug; }
std::string_view StateLabelVi(FormState state) { return NameOf(state).vi; }
std::string_view StateLabelEn(FormState state) { return NameOf(state).en; }

std::optional<FormState> ParseFormState(std::string_view slug) {
  for (const StateName& s : kStates)
    if (s.slug == slug) return s.state;
  return std::nullopt;
}

const std::vector<TransitionRule>& TransitionRules() {
  using S = FormState;
  using R = Role;
  static const std::vector<TransitionRule> rules = {
      {S::kAssigned,
       S::kCollected,
       {R::kCollector, R::kCommuneOfficer},
       true,
       false,
       false,
       false,
       "form_collect"},
      {S::kReturned,
       S::kCollected,
       {R::kCollector, R::kCommuneOfficer},
       true,
       false,
       false,
       false,
       "form_collect"},
      {S::kCollected,
       S::kAccepted,
       {R::kCommuneOfficer},
       false,
       false,
       false,
       false,
       "form_accept"},
      {S::kCollected, S::kReturned, {R::kCommuneOfficer}, false, true, false, false, "form_return"},
      {S::kAccepted, S::kHandedOver, {R::kCommuneOfficer}, false, false, true, false, "handover"},
      {S::kHandedOver, S::kEntered, {R::kCommunePolice}, false, false, false, true, "form_enter"},
      {S::kHandedOver, S::kReturned, {R::kCommunePolice}, false, true, false, false, "form_return"},
      {S::kEntered,
       S::kArchived,
       {R::kCommunePolice, R::kCommuneOfficer},
       false,
       false,
       false,
       false,
       "form_archive"},
  };
  return rules;
}

const TransitionRule* FindTransition(FormState from, FormState to) {
  for (const TransitionRule& r : TransitionRules())
    if (r.from == from && r.to == to) return &r;
  return nullptr;
}

std::string_view VerdictSlug(TransitionVerdict verdict) {
  switch (verdict) {
    case TransitionVerdict::kAllow:
      return "allow";
    case TransitionVerdict::kDenyRole:
      return "deny_role";
    case TransitionVerdict::kNotAssigned:
      return "not_assigned";
    case TransitionVerdict::kWrongState:
      return "wrong_state";
    case TransitionVerdict::kHandoverOnly:
      return "handover_only";
  }
  return "";
}

TransitionVerdict CheckTransition(std::optional<Role> role, bool own_form, FormState from,
                                  FormState to, bool via_handover) {
  const TransitionRule* rule = FindTransition(from, to);
  if (role) {
    bool reaches = false;
    for (const TransitionRule& r : TransitionRules())
      if (r.to == to && Admits(r, *role)) reaches = true;
    if (!reaches) return TransitionVerdict::kDenyRole;
    if (*role == Role::kCollector && !own_form) return TransitionVerdict::kNotAssigned;
    if (!rule || !Admits(*rule, *role)) return TransitionVerdict::kWrongState;
  } else if (!rule) {
    return TransitionVerdict::kWrongState;
  }
  if (rule->handover_only && !via_handover) return TransitionVerdict::kHandoverOnly;
  return TransitionVerdict::kAllow;
}

bool MayReadCollection(Role role) {
  switch (role) {
    case Role::kCollector:
    case Role::kCommuneOfficer:
    case Role::kCommunePolice:
    case Role::kDistrictOfficer:
    case Role::kProvinceOfficer:
    case Role::kMinistry:
      return true;
    default:
      return false;
  }
}

bool MayManageCampaigns(Role role) {
  return role == Role::kMinistry || role == Role::kProvinceOfficer ||
         role == Role::kDistrictOfficer;
}

bool MayOrganiseCollection(Role role) { return role == Role::kCommuneOfficer; }

}  // namespace lmis
