#include "testing/ref_data.h"

#include "exchange/refdata_files.h"

namespace lmis {

const RefData& TestRefData() {
  static const RefData* ref = new RefData(LoadRefData(DefaultDataDir()));
  return *ref;
}

}  // namespace lmis
