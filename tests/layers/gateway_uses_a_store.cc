// Breaks the gateway's layer: the HTTP port reading the database itself.
#include "services/common/store/sql.h"
