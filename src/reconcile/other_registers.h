// Reconciliation of the worker records with the social-insurance extract (BHXH code and
// participation type in force on the day) and, through the employers that extract names,
// with the enterprise register (name, status, main industry). Same discrepancy kinds and
// report as the population reconciliation.
#pragma once

#include <string_view>

#include "core/refdata.h"
#include "reconcile/reconcile_service.h"
#include "store/store.h"

namespace lmis {

ReconcileOutcome ReconcileInsurance(Store& store, const RefData& ref,
                                    const ReconcileRequest& request);
ReconcileOutcome ReconcileEnterprises(Store& store, const RefData& ref,
                                      const ReconcileRequest& request);

// An organisation's name with its legal form left out ("Công ty TNHH Xây dựng Thành Đạt" →
// "xay dung thanh dat"), folded.
std::string CoreOrganisationName(std::string_view name);
// Two names of one organisation: equal cores, or one core a run of words of the other.
bool SameOrganisation(std::string_view a, std::string_view b);

}  // namespace lmis
