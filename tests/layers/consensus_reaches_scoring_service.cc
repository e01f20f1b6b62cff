// Breaks the domains' boundary: consensus reaching past scoring's API into
// its service.
#include "services/scoring/api/results_loader.h"
#include "services/scoring/service/scoring_service.h"
