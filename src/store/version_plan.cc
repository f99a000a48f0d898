#include "store/version_plan.h"

namespace lmis {

PutPlan PlanPut(const std::vector<StoredVersion>& versions, uint64_t content_hash,
                const std::string& valid_from) {
  PutPlan plan;
  int max_seq = 0, current = -1;
  bool already_recorded = false;
  for (size_t i = 0; i < versions.size(); ++i) {
    const StoredVersion& v = versions[i];
    max_seq = std::max(max_seq, v.seq);
    if (v.content_hash == content_hash && v.valid_from == valid_from) already_recorded = true;
    if (v.is_current) current = static_cast<int>(i);
  }
  if (already_recorded || (current >= 0 && versions[current].content_hash == content_hash))
    return plan;
  plan.outcome = max_seq == 0 ? PutOutcome::kCreated : PutOutcome::kNewVersion;
  plan.seq = max_seq + 1;
  plan.becomes_current = current < 0 || valid_from >= versions[current].valid_from;
  if (plan.becomes_current) plan.retired = current;
  return plan;
}

}  // namespace lmis
