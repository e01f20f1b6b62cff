// Breaks the domains' boundary: consensus reaching past panels' API into
// its store.
#include "services/panels/api/panels_api.h"
#include "services/panels/store/round_store.h"
