// The API of the other registers and of reconciliation:
//
//   GET  /api/registers/population/{cccd}         the register's row of a person + its changes
//   POST /api/reconciliations {"kind","unit","tree","as_of"}   starts a run (202)
//   GET  /api/reconciliations/{id}                  state, totals, counts per commune
//   GET  /api/reconciliations/{id}/discrepancies?unit&kind&format=json|csv|xlsx&cursor&limit
//   GET  /api/linkage/proposals?unit&tree&state&cursor&limit
//   GET  /api/linkage/proposals/{id}                both records side by side
//   POST /api/linkage/proposals/{id}/decision {"decision":"accept"|"reject","note"}
//
// (Extract uploads go through POST /api/imports?kind=population|insurance|enterprises.)
// Every person shown is authorised by role × jurisdiction and audited.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "http/api_support.h"
#include "reconcile/reconcile_jobs.h"
#include "registry/worker_service.h"

namespace lmis::http {

class RegisterApi {
 public:
  RegisterApi(ApiContext& context, const std::string& db_spec)
      : c_(context), jobs_(db_spec, context.ref, context.clock, context.audit) {}

  // Answers requests under /api/registers, /api/reconciliations and /api/linkage; nullopt
  // for other paths.
  std::optional<Response> Handle(const Request& r, const std::vector<std::string_view>& s,
                                 const Caller& caller);

  // Who may upload an extract of `kind` (checked by POST /api/imports).
  static Decision MayImport(const Principal& who, ExtractKind kind);

 private:
  Response RegisterPerson(const Request& r, std::string_view cccd, const Caller& caller);
  Response StartReconciliation(const Request& r, const Caller& caller);
  Response Reconciliation(const Request& r, int64_t id, const Caller& caller);
  Response Discrepancies(const Request& r, int64_t id, const Caller& caller);
  Response Proposals(const Request& r, const Caller& caller);
  Response Proposal(const Request& r, int64_t id, const Caller& caller);
  Response Decide(const Request& r, int64_t id, const Caller& caller);

  ApiContext& c_;
  ReconcileJobs jobs_;
};

}  // namespace lmis::http
