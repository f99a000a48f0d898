// User accounts as administrators make and change them, from the command line (`lmis user`)
// and over the API (/api/users): the rules of a username, a role, the unit an account is bound
// to, a worker's own record and a password; which administrator manages which account; and the
// audited service the API calls. Knows nothing of HTTP or of the command line: every refusal is
// a Violation naming the field, in Vietnamese and English.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/access.h"
#include "auth/audit_writer.h"
#include "core/admin_units.h"
#include "core/clock.h"
#include "core/violation.h"
#include "store/store.h"

namespace lmis {

// A new account as typed: text, as the command line's options and the API's body give it.
struct AccountInput {
  std::string username;
  std::string role;           // a role slug
  std::string unit;           // a unit code of `tree`, or "national"
  std::string tree = "2025";  // "2025" or "pre2025"
  std::string person;         // a worker's own CCCD; empty for the other roles
};

// The account `input` describes, without its password (SetAccountPassword) and times; nullopt
// with every broken rule in `problems`, whose fields are the input's (username, role, unit,
// tree, person).
std::optional<UserRecord> AccountFrom(const AccountInput& input, const AdminUnits& units,
                                      Violations* problems);

// Checks `password` (CheckPassword of auth/password.h) and puts its argon2id hash in `user`;
// false with the reason in `problems` (field password), leaving `user` as it was.
bool SetAccountPassword(UserRecord* user, std::string_view password, Violations* problems);

// Why an account cannot be stored although it is valid: its name is taken.
struct AccountMessage {
  std::string vi, en;
};
AccountMessage NameTaken(std::string_view username);

// Whether administrator `admin` may see and change the account `target`: kDenyRole unless
// `admin` is an administrator; kDenyJurisdiction unless every commune `target` answers for lies
// inside `admin`'s jurisdiction. A national administrator manages everyone (also accounts bound
// to a unit no longer known, to repair them); an administrator of a province manages the
// accounts of units inside it, never a national one or one reaching outside.
Decision MayManage(const Principal& admin, const UserRecord& target, const AdminUnits& units);

// What an update changes; an absent field stays as it is. `tree` reads `unit` and comes only
// with it.
struct AccountChange {
  std::optional<std::string> role, unit, tree, person, password;
  std::optional<bool> disabled;
};

enum class AccountOutcome : uint8_t {
  kOk,
  kCreated,
  kNotFound,  // no such account
  kDenied,    // not an administrator, or the account lies outside their jurisdiction
  kInvalid,   // see violations
  kConflict,  // the username is taken; see conflict
};

struct AccountReply {
  AccountOutcome outcome = AccountOutcome::kOk;
  Decision decision = Decision::kAllow;  // why, when kDenied
  Violations violations;                 // when kInvalid
  AccountMessage conflict;               // when kConflict
  std::vector<UserRecord> users;         // List: the accounts managed; writes: the one stored
  bool sessions_revoked = false;         // Update: the user's sessions were ended
};

// The accounts an administrator manages. Every call is checked with MayManage and audited
// (user_list, user_create, user_update): refusals through the group-committing AuditWriter,
// changes in the same transaction as the change.
class AccountService {
 public:
  // `store` is this call's connection; the others are shared and outlive the service.
  AccountService(Store& store, const AdminUnits& units, const Clock& clock, AuditWriter& audit)
      : store_(store), units_(units), clock_(clock), audit_(audit) {}

  // The accounts `who` manages, in name order.
  AccountReply List(const Principal& who, std::string_view address);
  // Stores a new account with `password`. `who` must manage it once made. `found`: problems
  // the caller met reading the request (an unknown or mistyped field), listed with the rest.
  AccountReply Create(const Principal& who, std::string_view address, const AccountInput& input,
                      std::string_view password, const Violations& found = {});
  // Changes account `username`: `who` must manage it before and after. A new password or
  // disabling ends the user's sessions. Administrators may change their own password only: not
  // disable themselves or change their own role, unit or person, which could leave no one to
  // undo it.
  AccountReply Update(const Principal& who, std::string_view address, std::string_view username,
                      const AccountChange& change, const Violations& found = {});

 private:
  AuditEvent Event(const Principal& who, std::string_view address, std::string_view action,
                   std::string_view outcome, std::string detail) const;
  // Audits a refusal and fills `reply` with it.
  void Refuse(const Principal& who, std::string_view address, std::string_view action,
              std::string detail, Decision decision, AccountReply* reply);

  Store& store_;
  const AdminUnits& units_;
  const Clock& clock_;
  AuditWriter& audit_;
};

}  // namespace lmis
