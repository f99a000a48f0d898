// The repository's reference data (data/, or $LMIS_DATA) for tests: loaded once for the whole
// test binary, whichever test asks first, and never freed.
#pragma once

#include "core/refdata.h"

namespace lmis {

const RefData& TestRefData();

}  // namespace lmis
