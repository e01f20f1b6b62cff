// Breaks the rules' layer: a rule that borrows the database pool.
#include "services/common/store/db_pool.h"
