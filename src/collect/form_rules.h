// Who may do what in a collection campaign: the states of a Mẫu 03 paper form (phiếu) from
// its assignment to a collector until it is archived, the moves between them and the roles
// that make each move, and which roles read or manage campaigns. A pure table: the service
// (collect/collect_service.h) adds jurisdiction, the form's own collector and the data rules.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "auth/access.h"

namespace lmis {

// Where a paper form stands.
enum class FormState : uint8_t {
  kAssigned,    // đã giao: a collector must visit the person
  kCollected,   // đã thu thập: filled in on paper
  kAccepted,    // đã nghiệm thu: checked and cleaned by the commune officer
  kHandedOver,  // đã bàn giao: handed to the commune police with a signed record
  kEntered,     // đã nhập: the police entered it; the person has a worker record
  kArchived,    // đã lưu trữ: the paper is filed
  kReturned,    // bị trả lại: sent back to be collected again, with a reason
};

inline constexpr FormState kAllFormStates[] = {
    FormState::kAssigned, FormState::kCollected, FormState::kAccepted, FormState::kHandedOver,
    FormState::kEntered,  FormState::kArchived,  FormState::kReturned};

// "assigned", "collected", "accepted", "handed_over", "entered", "archived", "returned".
std::string_view StateSlug(FormState state);
std::optional<FormState> ParseFormState(std::string_view slug);
std::string_view StateLabelVi(FormState state);
std::string_view StateLabelEn(FormState state);

// One move of the life cycle and who makes it.
struct TransitionRule {
  FormState from, to;
  std::vector<Role> roles;
  bool own_collector_only = false;   // a collector moves only the forms assigned to them
  bool reason_required = false;      // returns say why
  bool handover_only = false;        // only by creating a hand-over record
  bool needs_worker_record = false;  // only once the person has a worker record
  std::string_view audit_action;     // the audit log's action for the move
};

// Every move, in life-cycle order.
const std::vector<TransitionRule>& TransitionRules();
// The move from `from` to `to`, or nullptr when the life cycle has none.
const TransitionRule* FindTransition(FormState from, FormState to);

enum class TransitionVerdict : uint8_t {
  kAllow,
  kDenyRole,      // the role never moves a form to that state (403)
  kNotAssigned,   // a collector acting on a form assigned to someone else (403)
  kWrongState,    // the form is not in a state this role moves from (409)
  kHandoverOnly,  // to handed_over only through a hand-over record (409)
};

// "allow", "deny_role", "not_assigned", "wrong_state", "handover_only".
std::string_view VerdictSlug(TransitionVerdict verdict);

// Whether `role` may move a form from `from` to `to`; nullopt is the operator at the command
// line, who is not role-checked but still follows the life cycle. `own_form`: the acting
// collector is the form's. `via_handover`: the move is made by creating a hand-over record.
// In order: a role that never moves a form to `to` is denied by role; a collector acting on
// someone else's form is not assigned; a move the life cycle lacks, or that the role does
// not make from `from`, is the wrong state; a hand-over move made directly is handover-only.
TransitionVerdict CheckTransition(std::optional<Role> role, bool own_form, FormState from,
                                  FormState to, bool via_handover);

// Roles that read campaigns, worklists, forms, hand-over records and progress (inside their
// jurisdiction; a collector only their own forms).
bool MayReadCollection(Role role);
// Roles that create and change campaigns and their quotas (the ministry for the whole
// country, province and district officers for units inside their jurisdiction).
bool MayManageCampaigns(Role role);
// Roles that assign households to collectors and create hand-over records.
bool MayOrganiseCollection(Role role);

}  // namespace lmis
