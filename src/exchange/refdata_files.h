// Loads the reference data shipped in data/ (see data/README.md for each file's source).
#pragma once

#include <string>

#include "core/refdata.h"

namespace lmis {

// The data directory: $LMIS_DATA if set, else the source tree's data/ this binary was built
// from, else <binary dir>/../share/lmis/data.
std::string DefaultDataDir();

// Reads every reference file from `dir`. Throws std::runtime_error naming the file and line of
// the first problem.
RefData LoadRefData(const std::string& dir);

}  // namespace lmis
